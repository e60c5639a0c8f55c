import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileRawMailStore } from '../../shared/adapters/files/raw-mail-store';
import type { AppContext } from '../../shared/app/context';
import { ingestRawMail } from '../../shared/app/inbound/ingest-raw-mail';
import type { Account } from '../../shared/domain/account';
import type { CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';

/*
 * Issue 10: 117 real bounces, auto-replies and feedback reports of many mail systems (the public
 * sisimai corpus), re-addressed from a manager with aligned verdicts. None may be answered or
 * change an account; the helpdesk may get a forwarded copy.
 */
const dir = new URL('../fixtures/corpus/machine-mail/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as {
  now: string;
  mailbox: string;
  institutions: unknown[];
  cases: { file: string; expect: { outcome_in: string[] } }[];
};
const HELPDESK = 'helpdesk@helpdesk.example.org';

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `m-${this.sent.length}` };
  }
}

let ctx: AppContext & { mailer: RecordingMailer };
const before: Account[] = [];

beforeAll(async () => {
  const base = await testContext(
    testConfig({ mailbox: corpus.mailbox, helpdesk: HELPDESK, institutions: corpus.institutions }),
  );
  ctx = { ...base, mailer: new RecordingMailer() };
  // Accounts a misread bounce could close or renew: none of them may change.
  for (const [i, employeeType] of (['permanent', 'volunteer', 'temporary'] as const).entries()) {
    const a = anAccount({
      institution: 'LIB-A',
      employeeType,
      email: `staff${i}@lib-a.example`,
      endDate: employeeType === 'permanent' ? null : ('2027-06-30' as CalendarDate),
    });
    await ctx.accounts.create(a, createdEvent(a));
    before.push(a);
  }
});

describe('real machine mail (sisimai corpus)', () => {
  it('is never answered, changes no account, reaches at most the helpdesk', async () => {
    const store = new FileRawMailStore(mkdtempSync(join(tmpdir(), 'machine-mail-')));
    const outcomes: Record<string, string> = {};
    for (const c of corpus.cases) {
      const result = await ingestRawMail(
        ctx,
        store,
        readFileSync(new URL(c.file, dir)),
        new Date(corpus.now),
      );
      outcomes[c.file] = result.outcome;
      expect(c.expect.outcome_in, c.file).toContain(result.outcome);
    }
    expect(Object.keys(outcomes)).toHaveLength(117);
    for (const mail of ctx.mailer.sent) expect([...mail.to, ...(mail.cc ?? [])]).toEqual([HELPDESK]);
    const accounts = await ctx.accounts.listByInstitution('LIB-A');
    expect(accounts.items).toHaveLength(before.length);
    for (const a of before) expect(await ctx.accounts.get(a.id)).toEqual(a);
  }, 120_000);
});
