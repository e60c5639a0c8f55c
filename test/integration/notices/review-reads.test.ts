import { beforeAll, describe, expect, it } from 'vitest';
import { loadAccounts } from '../../../bench/store';
import type { AppContext } from '../../../shared/app/context';
import { runNoticeJob, scheduledInstant } from '../../../shared/app/notices/run-notice-job';
import type { Account } from '../../../shared/domain/account';
import { addDays, type CalendarDate, compareDates } from '../../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../../shared/domain/ports';
import { anAccount, createdEvent } from '../../support/accounts';
import { testConfig, testContext } from '../../support/context';

const DOMAIN = 'review-reads.example';
const d = (s: string) => s as CalendarDate;

class CountingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `m-${this.sent.length}` };
  }
}

let ctx: AppContext & { mailer: CountingMailer };
const volunteers: Account[] = [];

function volunteer(n: number, overrides: Partial<Account> = {}): Account {
  return anAccount({
    institution: n % 2 ? 'LIB-A' : 'LIB-B',
    employeeType: 'volunteer',
    fullName: `Volunteer ${n}`,
    email: `v${n}@${DOMAIN}`,
    supervisorEmail: `boss@${DOMAIN}`,
    endDate: d('2031-12-31'),
    createdAt: '2031-06-01T08:00:00.000Z',
    updatedAt: '2031-06-01T08:00:00.000Z',
    ...overrides,
  });
}

beforeAll(async () => {
  const base = await testContext(
    testConfig({
      mailbox: `accounts@${DOMAIN}`,
      helpdesk: `helpdesk@${DOMAIN}`,
      institutions: [
        { code: 'LIB-A', name: 'A', language: 'fr', managers: [`manager@a.${DOMAIN}`] },
        { code: 'LIB-B', name: 'B', language: 'nl', managers: [`manager@b.${DOMAIN}`] },
      ],
    }),
  );
  ctx = { ...base, mailer: new CountingMailer() };
  for (let n = 0; n < 120; n++) volunteers.push(volunteer(n));
  await loadAccounts(ctx.db, ctx.tableName, volunteers);
});

describe('the yearly review reads what changed, not the whole campaign every day', () => {
  it('reads at most 3 × the accounts under review over a whole campaign, and still asks a late arrival', async () => {
    let itemsRead = 0;
    let late: Account | undefined;
    for (let day = d('2031-11-15'); compareDates(day, d('2032-01-14')) <= 0; day = addDays(day, 1)) {
      const report = await runNoticeJob('yearly-review', ctx, scheduledInstant('yearly-review', day));
      itemsRead += report.itemsRead;
      if (day === '2031-11-20') {
        // A volunteer who arrives in the middle of the first stage is asked the next day.
        const at = new Date(scheduledInstant('yearly-review', day).getTime() + 3_600_000).toISOString();
        late = volunteer(1000, { createdAt: at, updatedAt: at });
        await ctx.accounts.create(late, createdEvent(late));
      }
    }
    const underReview = volunteers.length + 1;
    expect(itemsRead).toBeLessThanOrEqual(3 * underReview);
    const asked = (manager: string, subject: RegExp) =>
      ctx.mailer.sent.filter((m) => m.to.includes(manager) && subject.test(m.subject));
    // The late volunteer (LIB-B, Dutch) is in a start list of 21 November, and in the reminder.
    const lateStart = ctx.mailer.sent.filter((m) => m.text.includes(late!.email));
    expect(lateStart.length).toBeGreaterThanOrEqual(2);
    // Each manager got one start list, one reminder list; the helpdesk one final list.
    expect(asked(`manager@a.${DOMAIN}`, /./).length).toBe(2);
    expect(asked(`manager@b.${DOMAIN}`, /./).length).toBe(3);
    expect(ctx.mailer.sent.filter((m) => m.to.includes(`helpdesk@${DOMAIN}`))).toHaveLength(1);
    // Every account got the undecided rule (expire) exactly once.
    const final = ctx.mailer.sent.find((m) => m.to.includes(`helpdesk@${DOMAIN}`))!;
    for (const v of [...volunteers, late!]) expect(final.text).toContain(v.email);
  }, 120_000);
});
