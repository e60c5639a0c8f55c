import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type StatusReplayServer, startStatusReplayServer } from '../../local/status-replay-server';
import { FileRawMailStore } from '../../shared/adapters/files/raw-mail-store';
import type { AppContext } from '../../shared/app/context';
import { ingestRawMail } from '../../shared/app/inbound/ingest-raw-mail';
import { receiveInboundMail } from '../../shared/app/inbound/receive-mail';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { cliWorkspace } from '../support/cli';
import { testConfig, testContext } from '../support/context';

/*
 * Hostile input, round 3 (findings 1, 6, 7): one order of checks for every route — SES's virus
 * and spam verdicts, then the one authentication rule on the header block, then the body within
 * the cost bounds, then routing — through the real ingest path.
 */

/** Every parse of a mail, by size: shows whether the body of a mail was read. */
const parsedSizes = vi.hoisted(() => [] as number[]);
vi.mock('../../shared/domain/mail/parse-mime', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/domain/mail/parse-mime')>();
  return {
    ...original,
    parseRawMail: (raw: Uint8Array | string) => {
      parsedSizes.push(raw.length);
      return original.parseRawMail(raw);
    },
  };
});

const NOW = new Date('2027-01-10T10:00:00+01:00');
const ANNE = 'anne.dubois@lib-a.example';

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `sent-${this.sent.length}` };
  }
}

/** The shape: a base64 message/rfc822 body wrapping a mail of one-character lines. */
function nestedLinesMail(authResults: string, lines: number): Buffer {
  const inner = `From: x@evil.example\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\n${'x\n'.repeat(lines)}`;
  return Buffer.from(
    [
      authResults,
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      `From: Anne Dubois <${ANNE}>`,
      'To: accounts@helpdesk.example.org',
      'Subject: Nouveau compte Alma',
      'Date: Sun, 10 Jan 2027 09:00:00 +0100',
      `Message-ID: <nested-${lines}-${authResults.length}@lib-a.example>`,
      'MIME-Version: 1.0',
      'Content-Type: message/rfc822',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(inner).toString('base64').replace(/.{76}/g, '$&\r\n'),
      '',
    ].join('\r\n'),
  );
}

describe('1. a nested message of millions of short lines', () => {
  let ctx: AppContext & { mailer: RecordingMailer };
  let store: FileRawMailStore;
  beforeEach(async () => {
    ctx = { ...(await testContext(testConfig())), mailer: new RecordingMailer() };
    store = new FileRawMailStore(mkdtempSync(join(tmpdir(), 'nested-mail-')));
    parsedSizes.length = 0;
  });

  it('from an unauthenticated sender: refused at once, only the header block parsed', async () => {
    // 0.8 MiB; its 9.7 MiB sibling needed 5 GiB. SPF passes for another domain only: not trusted.
    const untrusted =
      'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@evil.example; dkim=none; dmarc=none header.from=lib-a.example;';
    const raw = nestedLinesMail(untrusted, 300_000);
    // Warm: the code paths and the store, on a mail of the same sender and headers.
    await ingestRawMail(ctx, store, nestedLinesMail(untrusted, 10), NOW);
    parsedSizes.length = 0;
    const start = performance.now();
    const result = await ingestRawMail(ctx, store, raw, NOW);
    const ms = performance.now() - start;
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'not verified: not-aligned' });
    expect(Math.max(...parsedSizes)).toBeLessThan(1024);
    // The 0.5 s bound is the bench's (a process of its own); here, among other test files, a looser
    // guard (main took 4–5 s on this mail), the parse sizes above being the proof.
    expect(ms).toBeLessThan(2_000);
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('from a manager: refused by the cost bounds before the body is parsed, the manager told', async () => {
    const raw = nestedLinesMail(
      'Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=bounce@lib-a.example; dkim=pass header.i=@lib-a.example; dmarc=pass header.from=lib-a.example;',
      300_000,
    );
    const result = await ingestRawMail(ctx, store, raw, NOW);
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'too-large' });
    expect(Math.max(...parsedSizes)).toBeLessThan(1024);
    expect(ctx.mailer.sent.map((m) => m.to)).toEqual([[ANNE]]);
  });
});

const EU02 = 'Alma EU02 - Production';
const PLANNED = readFileSync('events/exlibris-mail/planned.eml', 'utf8');

describe('6, 7. Ex Libris mails take the same verdicts and the same authentication rule', () => {
  let server: StatusReplayServer;
  beforeAll(async () => {
    server = await startStatusReplayServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const config = () => ({
    mailbox: 'accounts@helpdesk.example.org',
    helpdesk: 'helpdesk@helpdesk.example.org',
    institutions: [
      {
        code: 'LIB-A',
        name: 'Bibliothèque A',
        language: 'fr',
        managers: [ANNE],
        almaEnvironment: EU02,
        almaUrl: `${server.url}/lib-a/mng/login`,
      },
    ],
    monitor: { environments: [{ name: EU02, source: { kind: 'status-page', url: `${server.url}/` } }] },
  });

  /** `alma-accounts ingest --json` of one mail: its result, the outbox, the stored windows. */
  async function ingest(mail: string) {
    const { cli } = await cliWorkspace(config());
    const dir = mkdtempSync(join(tmpdir(), 'exlibris-order-'));
    const file = join(dir, 'mail.eml');
    (await import('node:fs')).writeFileSync(file, mail);
    const run = await cli('--now', '2027-03-10T14:06:00Z', 'ingest', file, '--json');
    expect(run.code, run.err.join('\n')).toBe(0);
    const outbox = (await cli('outbox', '--json')).out.map((line) => JSON.parse(line));
    const status = JSON.parse((await cli('status', '--json')).out[0]!);
    return { result: JSON.parse(run.out[0]!), outbox, windows: status.maintenance as unknown[] };
  }

  it('the planned maintenance mail as it is opens a window and tells the manager (the baseline)', async () => {
    const { result, outbox, windows } = await ingest(PLANNED);
    expect(result.outcome).toBe('accepted');
    expect(windows).toHaveLength(1);
    expect(outbox).toHaveLength(1);
  });

  it('a virus-flagged Ex Libris mail with an .exe attachment: dropped, not forwarded, no window', async () => {
    const head = PLANNED.slice(0, PLANNED.indexOf('MIME-Version:'))
      .replace('X-SES-Virus-Verdict: PASS', 'X-SES-Virus-Verdict: FAIL')
      .replace(/^Subject: .*$/m, 'Subject: Alma EU02 - Production: Scheduled Maintenance - update tool');
    const mail = [
      `${head}MIME-Version: 1.0`,
      'Content-Type: multipart/mixed; boundary="exe"',
      '',
      '--exe',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please run the attached tool before the maintenance of Alma EU02 - Production.',
      '--exe',
      'Content-Type: application/octet-stream; name="update.exe"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="update.exe"',
      '',
      Buffer.from('MZ\x90\x00 not really a program').toString('base64'),
      '--exe--',
      '',
    ].join('\r\n');
    const { result, outbox, windows } = await ingest(mail);
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'virus' });
    expect(outbox).toEqual([]);
    expect(windows).toEqual([]);
  });

  it('a spam-flagged "planned maintenance" mail opens nothing and mails nobody', async () => {
    const spam = PLANNED.replace('X-SES-Spam-Verdict: PASS', 'X-SES-Spam-Verdict: FAIL');
    const { result, outbox, windows } = await ingest(spam);
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'spam' });
    expect(outbox).toEqual([]);
    expect(windows).toEqual([]);
    const both = spam.replace('X-SES-Virus-Verdict: PASS', 'X-SES-Virus-Verdict: FAIL');
    expect((await ingest(both)).windows).toEqual([]);
  });

  it('in AWS, the receipt’s virus verdict drops an Ex Libris mail whose stored headers say PASS', async () => {
    const ctx = {
      ...(await testContext(testConfig(config()))),
      mailer: new RecordingMailer(),
    };
    const result = await receiveInboundMail(ctx, {
      messageId: 'ses-exlibris-virus',
      raw: Buffer.from(PLANNED),
      receipt: {
        verdicts: { spam: 'PASS', virus: 'FAIL', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
        envelopeSender: 'bounce-status@mail.exlibrisgroup.com',
      },
      now: new Date('2027-03-10T14:06:00Z'),
    });
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'virus' });
    expect(ctx.mailer.sent).toEqual([]);
  });

  it('a stored mail whose only Authentication-Results is another server’s dmarc=pass opens nothing', async () => {
    const start = PLANNED.indexOf('Authentication-Results: amazonses.com;');
    const end = PLANNED.indexOf('X-SES-RECEIPT:');
    const forged = `${PLANNED.slice(0, start)}Authentication-Results: mx.evil.example; dmarc=pass\r\n${PLANNED.slice(end)}`;
    expect(forged).not.toMatch(/^Authentication-Results: amazonses/m);
    const { result, outbox, windows } = await ingest(forged);
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'not verified: no authentication results' });
    expect(outbox).toEqual([]);
    expect(windows).toEqual([]);
  });
});
