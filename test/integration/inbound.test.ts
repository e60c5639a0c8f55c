import { readFileSync } from 'node:fs';
import { SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../shared/adapters/ses/mailer';
import type { AppContext } from '../../shared/app/context';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { cliWorkspace } from '../support/cli';
import { testConfig, testContext } from '../support/context';
import { sesClient } from '../support/services';

const corpusDir = new URL('../fixtures/corpus/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('expected.json', corpusDir), 'utf8')) as {
  now: string;
  mailbox: string;
  cases: { file: string; expect: Record<string, unknown> }[];
  institutions: unknown[];
};
const corpusConfig = {
  mailbox: corpus.mailbox,
  helpdesk: 'helpdesk@helpdesk.example.org',
  trainingCoordinators: ['training@helpdesk.example.org'],
  institutions: corpus.institutions,
};
const raw = (file: string) => readFileSync(new URL(file, corpusDir));
const NOW = new Date(corpus.now);

/** Records what is sent, after handing it to the real mailer. */
class CountingMailer implements Mailer {
  sent: OutgoingMail[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail) {
    const result = await this.inner.send(mail);
    this.sent.push(mail);
    return result;
  }
}

describe('the corpus through `alma-accounts ingest --json`', () => {
  it('gives every expected result, in order, and answers in the outbox', async () => {
    const ws = await cliWorkspace(corpusConfig);
    const files = corpus.cases.map((c) => new URL(c.file, corpusDir).pathname);
    const run = await ws.cli('ingest', ...files, '--json', '--now', corpus.now);
    expect(run.code).toBe(0);
    const results = run.out.map((line) => JSON.parse(line));
    for (const [i, c] of corpus.cases.entries()) expect(results[i], c.file).toMatchObject(c.expect);
    const outbox = await ws.cli('outbox', '--json');
    const subjects = outbox.out.map((line) => JSON.parse(line).subject as string);
    expect(subjects.filter((s) => s.includes(results[0].reference))).toHaveLength(2); // manager + helpdesk copy
    expect(subjects.some((s) => s.startsWith('Fwd: Question Limo'))).toBe(true);
    // The spoofed mail gets no answer at all.
    expect(outbox.out.some((line) => line.includes('x@evil.example'))).toBe(false);
  });
});

describe('receiveInboundMail against DynamoDB Local and the local SES server', () => {
  let ctx: AppContext;
  let mailer: CountingMailer;

  beforeAll(async () => {
    ctx = await testContext(testConfig());
    mailer = new CountingMailer(ctx.mailer);
    ctx = { ...ctx, mailer };
  });

  it('gives one account and one answer when the same mail arrives 10 times at once', async () => {
    const before = mailer.sent.length;
    const mail = raw('a1-fr-benevole.eml');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        receiveInboundMail(ctx, { messageId: 'ses-a1', raw: mail, receipt: null, now: NOW }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(9);
    expect(await ctx.accounts.findByEmail('jean.lemaire@mail.example')).toHaveLength(1);
    expect(mailer.sent.length - before).toBe(2);
    // Later redelivery too.
    expect(
      (await receiveInboundMail(ctx, { messageId: 'ses-a1', raw: mail, receipt: null, now: NOW })).outcome,
    ).toBe('duplicate');
  });

  it('completes a pending request when the reply carries its reference', async () => {
    const first = await receiveInboundMail(ctx, {
      messageId: 'ses-a3',
      raw: raw('a3-en-missing-end.eml'),
      receipt: null,
      now: NOW,
    });
    expect(first).toMatchObject({ outcome: 'needs-info', missing: ['missionEndDate'] });
    const reply = [
      'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      'From: Koen Maes <koen.maes@lib-b.example>',
      'To: accounts@helpdesk.example.org',
      `Subject: Re: ${first.reference} New Alma account: information needed`,
      'Message-ID: <reply-a3@lib-b.example>',
      'In-Reply-To: <a3-en-missing-end@lib-b.example>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'End date: 30/06/2027',
      '',
      '> Name: Sam Peters',
    ].join('\r\n');
    const second = await receiveInboundMail(ctx, {
      messageId: 'ses-a3-reply',
      raw: Buffer.from(reply),
      receipt: null,
      now: NOW,
    });
    expect(second).toMatchObject({
      outcome: 'accepted',
      reference: first.reference,
      account: { email: 'sam.peters@lib-b.example', employeeType: 'student', endDate: '2027-07-30' },
    });
    const [account] = await ctx.accounts.findByEmail('sam.peters@lib-b.example');
    expect((await ctx.accounts.history(account!.id))[0]).toMatchObject({
      reference: first.reference,
      actor: 'koen.maes@lib-b.example',
    });
  });

  it('changes nothing and answers nobody for a spoofed, an automatic or an unknown sender', async () => {
    const before = mailer.sent.length;
    const spoofed = await receiveInboundMail(ctx, {
      messageId: 'ses-a5',
      raw: raw('a5-spoofed.eml'),
      receipt: null,
      now: NOW,
    });
    expect(spoofed.outcome).toBe('rejected');
    const auto = Buffer.from(
      raw('a2-nl-tijdelijk.eml')
        .toString('utf8')
        .replace('Subject:', 'Auto-Submitted: auto-replied\r\nSubject:')
        .replace('a2-nl-tijdelijk@', 'auto@'),
    );
    expect(
      (await receiveInboundMail(ctx, { messageId: 'ses-auto', raw: auto, receipt: null, now: NOW })).outcome,
    ).toBe('rejected');
    const stranger = Buffer.from(
      raw('a2-nl-tijdelijk.eml')
        .toString('utf8')
        .replace('Koen Maes <koen.maes@lib-b.example>', 'Eve <eve@elsewhere.example>')
        .replace('a2-nl-tijdelijk@', 'eve@'),
    );
    expect(
      (await receiveInboundMail(ctx, { messageId: 'ses-eve', raw: stranger, receipt: null, now: NOW }))
        .outcome,
    ).toBe('rejected');
    expect(await ctx.accounts.findByEmail('x@evil.example')).toEqual([]);
    expect(await ctx.accounts.findByEmail('lotte.wouters@lib-b.example')).toEqual([]);
    expect(mailer.sent.length).toBe(before);
  });

  it('takes the verdicts from the SES event, not from headers the sender wrote', async () => {
    const forgedPass = raw('a2-nl-tijdelijk.eml');
    const result = await receiveInboundMail(ctx, {
      messageId: 'ses-forged',
      raw: forgedPass,
      receipt: {
        verdicts: { spam: 'PASS', virus: 'PASS', spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
        envelopeSender: 'bounce@lib-b.example',
      },
      now: NOW,
    });
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'not verified: dmarc-fail' });
  });
});

describe('a send failure after the store write', () => {
  it('is retried without a second account change, and each answer goes once', async () => {
    const base = await testContext(testConfig());
    // The second SendEmail is throttled (after the SDK's retries); every other send reaches local SES.
    const client = sesClient();
    const ses = mockClient(client);
    ses.send.callThrough();
    ses.send
      .onSecondCall()
      .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} }));
    const ctx = { ...base, mailer: new SesMailer(client, base.config.mailbox) };
    const mail = { messageId: 'ses-throttled', raw: raw('a2-nl-tijdelijk.eml'), receipt: null, now: NOW };
    try {
      await expect(receiveInboundMail(ctx, mail)).rejects.toThrow(/sending rate/);
      // Lambda retries the event after the lease (simulated by a later clock).
      const retry = await receiveInboundMail(ctx, { ...mail, now: new Date(NOW.getTime() + 10 * 60_000) });
      expect(retry.outcome).toBe('accepted');
    } finally {
      ses.restore();
    }
    const accounts = await ctx.accounts.findByEmail('lotte.wouters@lib-b.example');
    expect(accounts).toHaveLength(1);
    expect((await ctx.accounts.history(accounts[0]!.id)).filter((e) => e.action === 'created')).toHaveLength(
      1,
    );
    // 3 answers (manager, helpdesk copy, training notice) sent together; only the throttled one is sent again.
    const recipients = ses
      .commandCalls(SendEmailCommand)
      .map((call) => call.args[0].input.Destination?.ToAddresses?.[0]);
    expect(recipients.slice(0, 3).sort()).toEqual([
      'helpdesk@helpdesk.example.org',
      'koen.maes@lib-b.example',
      'training@helpdesk.example.org',
    ]);
    expect(recipients.slice(3)).toEqual(['helpdesk@helpdesk.example.org']);
  });
});
