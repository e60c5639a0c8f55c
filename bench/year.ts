import { Logger } from '@aws-lambda-powertools/logger';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { changeAccount } from '../shared/app/accounts/account-writes';
import { type AppContext, appContext } from '../shared/app/context';
import type { NoticeJob } from '../shared/app/notices/notice-job';
import { runNoticeJob, scheduledInstant } from '../shared/app/notices/run-notice-job';
import { parseConfig } from '../shared/config/load';
import type { Account, EmployeeType } from '../shared/domain/account';
import { closed } from '../shared/domain/account-changes';
import { addDays, type CalendarDate, compareDates } from '../shared/domain/calendar';
import type { Mailer } from '../shared/domain/ports';
import { anAccount } from '../test/support/accounts';
import { loadAccounts } from './store';

const JOBS: NoticeJob[] = ['expiry-notices', 'yearly-review', 'password-rotation', 'deactivation-list'];
const FIRST = '2031-01-01' as CalendarDate;
const LAST = '2031-12-31' as CalendarDate;

/** Counts instead of sending: the figure here is the jobs' own work (queries, claims, state). */
class CountingMailer implements Mailer {
  sent = 0;
  async send() {
    this.sent++;
    return { messageId: `bench-${this.sent}` };
  }
}

function yearAccount(i: number): Account {
  const types: EmployeeType[] = ['permanent', 'temporary', 'student', 'intern', 'volunteer'];
  const employeeType = types[i % 5]!;
  const shared = i % 50 === 0;
  // Volunteers end on 31 December; the others spread over the year (and a tail into the next).
  const endDate =
    shared || employeeType === 'permanent'
      ? null
      : employeeType === 'volunteer'
        ? ('2031-12-31' as CalendarDate)
        : addDays(FIRST, (i * 7) % 400);
  const institution = `LIB-${String.fromCharCode(65 + (i % 10))}`;
  return anAccount({
    institution,
    accountType: shared ? 'shared' : 'personal',
    employeeType: shared ? 'permanent' : employeeType,
    fullName: `Person ${i}`,
    email: `p${i}@${institution.toLowerCase()}.example`,
    supervisorEmail: `boss${i % 200}@${institution.toLowerCase()}.example`,
    missionEndDate: null,
    endDate,
    createdAt: '2030-12-01T09:00:00.000Z',
    updatedAt: '2030-12-01T09:00:00.000Z',
  });
}

/**
 * Issue 6: a full simulated year of notices (every job, every day of 2031 at its Brussels
 * time) over `accounts` stored accounts, the helpdesk confirming each day's deactivations.
 * Reports per job: DynamoDB items read, messages, total and slowest daily run time.
 */
export async function benchNoticeYear(accounts = 100_000): Promise<Record<string, unknown>> {
  const dynamo = await startDynamoDbLocal();
  const db = await localTable(dynamo.endpoint, 'bench-year');
  try {
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@helpdesk.example.org',
        helpdesk: 'helpdesk@helpdesk.example.org',
        institutions: Array.from({ length: 10 }, (_, k) => {
          const code = `LIB-${String.fromCharCode(65 + k)}`;
          return {
            code,
            name: code,
            language: ['fr', 'nl', 'en'][k % 3],
            managers: [`manager@${code.toLowerCase()}.example`],
          };
        }),
      }),
    );
    const loadStart = performance.now();
    await loadAccounts(
      db,
      'bench-year',
      Array.from({ length: accounts }, (_, i) => yearAccount(i)),
    );
    const loadSeconds = Number(((performance.now() - loadStart) / 1000).toFixed(1));
    const mailer = new CountingMailer();
    const ctx: AppContext = {
      ...appContext({
        config,
        db,
        tableName: 'bench-year',
        mailer,
        secrets: new FileSecretReader('/tmp/alma-bench-year-secrets.json', ['decision-link-key']),
        logger: new Logger({ logLevel: 'SILENT' }),
      }),
    };
    const perJob = Object.fromEntries(
      JOBS.map((job) => [
        job,
        { runs: 0, itemsRead: 0, messages: 0, totalMs: 0, slowestMs: 0, slowestDay: '' },
      ]),
    );
    const helpdesk = { actor: 'helpdesk@helpdesk.example.org', reason: 'deactivated in Alma' };
    let confirmed = 0;
    for (let day = FIRST; compareDates(day, LAST) <= 0; day = addDays(day, 1)) {
      for (const job of JOBS) {
        const before = mailer.sent;
        const start = performance.now();
        const report = await runNoticeJob(job, ctx, scheduledInstant(job, day));
        const ms = performance.now() - start;
        const stats = perJob[job]!;
        stats.runs++;
        stats.itemsRead += report.itemsRead;
        stats.messages += mailer.sent - before;
        stats.totalMs += ms;
        if (ms > stats.slowestMs) {
          stats.slowestMs = Math.round(ms);
          stats.slowestDay = day;
        }
      }
      // The helpdesk deactivates the day's list in Alma and confirms, as it would (not measured).
      const listed = await ctx.accounts.listEndingBetween(null, addDays(day, -1));
      for (const account of listed.items) {
        if (account.status === 'closed') continue;
        await changeAccount(
          ctx,
          account.id,
          (a) => closed(a, null, scheduledInstant('deactivation-list', day)),
          'closed',
          helpdesk,
          scheduledInstant('deactivation-list', day),
        );
        confirmed++;
      }
    }
    for (const stats of Object.values(perJob)) stats.totalMs = Math.round(stats.totalMs);
    return {
      name: 'notice-year',
      accounts,
      days: 365,
      loadSeconds,
      perJob,
      messages: mailer.sent,
      confirmedDeactivations: confirmed,
    };
  } finally {
    await dynamo.stop();
  }
}
