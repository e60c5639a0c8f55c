import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { type HeldClaim, sendExactlyOnce } from '../../../shared/app/claimed-sends';
import type {
  ClaimOptions,
  ClaimStore,
  ClaimToken,
  Mailer,
  OutgoingMail,
} from '../../../shared/domain/ports';
import { ClaimLostError } from '../../../shared/errors';
import { createMetrics } from '../../../shared/metrics';

/**
 * A ClaimStore in memory, as strict as the DynamoDB one on what matters here: a claim is taken
 * once, done stays done, release and complete only by the holder. `failMarks` makes every
 * completion and mark fail (DynamoDB throttled after SES accepted the mail).
 */
class MemoryClaims implements ClaimStore {
  readonly items = new Map<string, { state: 'claimed' | 'done'; owner: ClaimToken; doneBy?: string }>();
  readonly released: string[] = [];
  markAttempts = 0;
  failMarks: Error | undefined;
  private next = 0;
  async claim(key: string, _details: Record<string, unknown>, options: ClaimOptions = {}) {
    if (this.items.has(key)) return undefined;
    const owner = options.owner ?? (`token-${this.next++}` as ClaimToken);
    this.items.set(key, { state: 'claimed', owner, ...(options.doneBy ? { doneBy: options.doneBy } : {}) });
    return owner;
  }
  async complete(key: string, token: ClaimToken) {
    await this.completeAll([{ key, token }]);
  }
  async completeAll(held: readonly HeldClaim[]) {
    this.markAttempts++;
    if (this.failMarks) throw this.failMarks;
    for (const { key, token } of held) {
      const item = this.items.get(key);
      if (item?.owner !== token) throw new ClaimLostError(`claim ${key} taken over`);
      item.state = 'done';
    }
  }
  async release(key: string, token: ClaimToken) {
    if (this.items.get(key)?.owner !== token || this.items.get(key)?.state !== 'claimed') return;
    this.items.delete(key);
    this.released.push(key);
  }
  async markDone(token: ClaimToken, labels: readonly string[]) {
    this.markAttempts++;
    if (this.failMarks) throw this.failMarks;
    for (const item of this.items.values())
      if (item.owner === token && item.doneBy && labels.includes(item.doneBy)) item.state = 'done';
  }
  async isDone(key: string) {
    return this.items.get(key)?.state === 'done';
  }
}

class CountingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  refuse: Error | undefined;
  async send(mail: OutgoingMail) {
    if (this.refuse) throw this.refuse;
    this.sent.push(mail);
    return { messageId: `ses-${this.sent.length}` };
  }
}

function ports() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const logged = vi.spyOn(logger, 'error');
  return { claims: new MemoryClaims(), mailer: new CountingMailer(), logger, logged };
}

const mail: OutgoingMail = { to: ['ops@helpdesk.example.org'], subject: 'Alma', text: 'hello' };
const one = { key: 'k#1', details: { job: 'test' } };
const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
    name: 'ProvisionedThroughputExceededException',
  });

describe('sendExactlyOnce: one key claimed here', () => {
  it('claims, sends, marks done; a second call reports already-sent and sends nothing', async () => {
    const p = ports();
    expect(await sendExactlyOnce(p, { what: 'test mail', claims: one, mail })).toEqual({
      outcome: 'sent',
      messageId: 'ses-1',
      marked: true,
    });
    expect(await sendExactlyOnce(p, { what: 'test mail', claims: one, mail })).toEqual({
      outcome: 'already-sent',
    });
    expect(p.mailer.sent).toHaveLength(1);
  });

  it('reports held while another run holds the key, and sends nothing', async () => {
    const p = ports();
    await p.claims.claim(one.key, {});
    expect(await sendExactlyOnce(p, { what: 'test mail', claims: one, mail })).toEqual({ outcome: 'held' });
    expect(p.mailer.sent).toHaveLength(0);
  });

  it('SES refuses: the claim is given back and the error rethrown; the retry sends it once', async () => {
    const p = ports();
    p.mailer.refuse = new Error('MessageRejected');
    await expect(sendExactlyOnce(p, { what: 'test mail', claims: one, mail })).rejects.toThrow(
      'MessageRejected',
    );
    expect(p.claims.released).toEqual([one.key]);
    p.mailer.refuse = undefined;
    expect(await sendExactlyOnce(p, { what: 'test mail', claims: one, mail })).toMatchObject({
      outcome: 'sent',
    });
    expect(p.mailer.sent).toHaveLength(1);
  });

  it("SES refuses, 'report': released, counted as MailNotSent, logged as not sent, not-sent returned", async () => {
    const p = ports();
    const added = vi.spyOn(createMetrics('test'), 'addMetric');
    p.mailer.refuse = new Error('MessageRejected');
    const result = await sendExactlyOnce(p, {
      what: 'test mail',
      claims: one,
      mail,
      onSendFailure: 'report',
    });
    expect(result).toEqual({ outcome: 'not-sent', error: p.mailer.refuse });
    expect(p.claims.released).toEqual([one.key]);
    expect(added).toHaveBeenCalledWith('MailNotSent', 'Count', 1);
    expect(p.logged).toHaveBeenCalledWith(
      'test mail not sent; claims released for a retry',
      expect.objectContaining({ recipients: [expect.stringMatching(/^h:/)] }),
    );
  });
});

describe('sendExactlyOnce: marking done fails after SES accepted the mail', () => {
  it('never releases the claim, retries the mark, logs "sent but not marked done"; the retry sends nothing', async () => {
    // Prepare: every completion fails (DynamoDB throttled right after SES accepted the mail).
    const p = ports();
    const added = vi.spyOn(createMetrics('test'), 'addMetric');
    p.claims.failMarks = throttled();
    // Act
    const first = await sendExactlyOnce(p, { what: 'test mail', claims: one, mail, onSendFailure: 'report' });
    const retry = await sendExactlyOnce(p, { what: 'test mail', claims: one, mail, onSendFailure: 'report' });
    // Assess: sent once, the claim still held (until its lease ends), nothing counted as not sent.
    expect(first).toEqual({ outcome: 'sent', messageId: 'ses-1', marked: false, error: p.claims.failMarks });
    expect(retry).toEqual({ outcome: 'held' });
    expect(p.mailer.sent).toHaveLength(1);
    expect(p.claims.released).toEqual([]);
    expect(p.claims.items.get(one.key)?.state).toBe('claimed');
    expect(p.claims.markAttempts).toBe(5);
    expect(added).not.toHaveBeenCalled();
    expect(p.logged).toHaveBeenCalledTimes(1);
    expect(p.logged.mock.calls[0]![0]).toBe(
      'test mail sent but not marked done; its claims stay held until their lease ends',
    );
  }, 20_000);

  it('overtaken (ClaimLostError): not retried, not released', async () => {
    const p = ports();
    p.claims.failMarks = new ClaimLostError(`claim ${one.key} taken over`);
    const result = await sendExactlyOnce(p, { what: 'test mail', claims: one, mail });
    expect(result).toMatchObject({ outcome: 'sent', marked: false });
    expect(p.claims.markAttempts).toBe(1);
    expect(p.claims.released).toEqual([]);
  });
});

describe('sendExactlyOnce: claims the caller already holds', () => {
  it('completes them together after the send', async () => {
    const p = ports();
    const held: HeldClaim[] = [];
    for (const key of ['alert#a', 'alert#b']) held.push({ key, token: (await p.claims.claim(key, {}))! });
    expect(await sendExactlyOnce(p, { what: 'alert', claims: { held }, mail })).toMatchObject({
      outcome: 'sent',
      marked: true,
    });
    expect(await p.claims.isDone('alert#a')).toBe(true);
    expect(await p.claims.isDone('alert#b')).toBe(true);
  });

  it('marks a digest done by its labels (one write per recipient); a refused send gives every claim back', async () => {
    const p = ports();
    const owner = 'owner-1' as ClaimToken;
    const claimAll = async () => {
      const held: HeldClaim[] = [];
      for (const key of ['n1#x', 'n2#x'])
        held.push({ key, token: (await p.claims.claim(key, {}, { owner, doneBy: 'group#x' }))! });
      return held;
    };
    p.mailer.refuse = new Error('Throttling');
    const refused = await sendExactlyOnce(p, {
      what: 'notice',
      claims: { held: await claimAll() },
      mail,
      mark: { labels: ['group#x'], ttlDays: 800 },
      onSendFailure: 'report',
    });
    expect(refused.outcome).toBe('not-sent');
    expect(p.claims.released).toEqual(['n1#x', 'n2#x']);
    p.mailer.refuse = undefined;
    const sent = await sendExactlyOnce(p, {
      what: 'notice',
      claims: { held: await claimAll() },
      mail,
      mark: { labels: ['group#x'], ttlDays: 800 },
    });
    expect(sent).toMatchObject({ outcome: 'sent', marked: true });
    expect(await p.claims.isDone('n1#x')).toBe(true);
    expect(await p.claims.isDone('n2#x')).toBe(true);
  });
});
