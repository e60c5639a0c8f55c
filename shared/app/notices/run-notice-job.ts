import {
  addDays,
  brusselsDate,
  brusselsStartOfDay,
  type CalendarDate,
  compareDates,
  daysBetween,
} from '../../domain/calendar';
import { SCHEDULES } from '../../schedules';
import type { AppContext } from '../context';
import { deactivationList } from './deactivation-list';
import { expiryNotices } from './expiry-notices';
import {
  type JobOutcome,
  NOTICE_JOBS,
  type NoticeJob,
  type NoticeJobReport,
  type NoticeRunMode,
  type NoticeRunScope,
  NoticeSendError,
  type PlannedNotice,
} from './notice-job';
import { passwordRotation } from './password-rotation';
import { requestFollowUp } from './request-follow-up';
import { yearlyReview } from './yearly-review';

const JOBS: Record<NoticeJob, (scope: NoticeRunScope) => Promise<JobOutcome>> = {
  'expiry-notices': expiryNotices,
  'yearly-review': yearlyReview,
  'password-rotation': passwordRotation,
  'deactivation-list': deactivationList,
  'request-follow-up': requestFollowUp,
};

/** Jobs whose catch-up follows a "last day handled" mark. */
export const MARKED_JOBS: ReadonlySet<NoticeJob> = new Set([
  'expiry-notices',
  'password-rotation',
  'deactivation-list',
]);

function reportOf(scope: NoticeRunScope, outcome: JobOutcome): NoticeJobReport {
  const sum = (pick: (d: JobOutcome['deliveries'][number]) => number) =>
    outcome.deliveries.reduce((total, d) => total + pick(d), 0);
  return {
    job: scope.job,
    now: scope.now.toISOString(),
    sent: sum((d) => d.sent),
    itemsRead: outcome.itemsRead,
    planned: sum((d) => d.planned),
    alreadySent: sum((d) => d.alreadySent),
    dryRun: scope.mode.dryRun,
    ...(outcome.lastRun !== undefined ? { lastRun: outcome.lastRun } : {}),
    ...outcome.details,
    inFlight: sum((d) => d.inFlight),
    failed: sum((d) => d.failures.length),
    notices: outcome.deliveries.flatMap((d) => d.notices),
  };
}

async function execute(ctx: AppContext, job: NoticeJob, now: Date, mode: NoticeRunMode) {
  const scope: NoticeRunScope = { ctx, job, now, today: brusselsDate(now), mode };
  const outcome = await JOBS[job](scope);
  const report = reportOf(scope, outcome);
  const failures = outcome.deliveries.flatMap((d) => d.failures);
  if (failures.length) {
    throw new NoticeSendError(
      `${job}: ${failures.length} message(s) not sent; their claims were released for a retry`,
      report,
      { cause: failures[0] },
    );
  }
  // The day counts as handled only when nothing is left in another run's hands.
  const mark = outcome.lastRun;
  const behind = mark === undefined || mark === null || compareDates(mark, scope.today) < 0;
  if (!mode.dryRun && MARKED_JOBS.has(job) && report.inFlight === 0 && behind && !outcome.nothingDue)
    await ctx.noticeState.markRun(job, scope.today);
  return report;
}

/**
 * Runs one notice job as its Lambda would at `now` (Brussels day of `now`). A dry run plans
 * without claiming, sending or changing accounts. Throws NoticeSendError (with the report)
 * when a message could not be sent, so the scheduler retries.
 */
export function runNoticeJob(
  job: NoticeJob,
  ctx: AppContext,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<NoticeJobReport> {
  return execute(ctx, job, now, { dryRun: options.dryRun ?? false });
}

/** When a job runs on a given Brussels day (its schedule's wall-clock time). */
export function scheduledInstant(job: NoticeJob, day: CalendarDate): Date {
  const timing = SCHEDULES.find((s) => s.job === job)?.timing;
  const minutes = timing?.kind === 'daily' ? timing.hour * 60 + timing.minute : 7 * 60;
  return new Date(brusselsStartOfDay(day).getTime() + minutes * 60_000);
}

/**
 * Every notice the jobs would send from `from` to `to` (inclusive), as if they ran daily,
 * without claiming, sending or changing anything. Notices already sent are left out, and so are
 * the days a job's stored mark says are handled (a run on such a day sends nothing: `run` and
 * `preview` agree); the store's current state is assumed (no renewals or decisions between now and then).
 */
export async function previewNotices(
  ctx: AppContext,
  from: CalendarDate,
  to: CalendarDate,
  onDay?: (done: number, total: number) => void,
): Promise<PlannedNotice[]> {
  const planned: PlannedNotice[] = [];
  const seen = new Set<string>();
  const days = daysBetween(from, to) + 1;
  const marks = new Map<NoticeJob, CalendarDate | undefined>();
  for (const job of MARKED_JOBS) marks.set(job, await ctx.noticeState.lastRun(job));
  let done = 0;
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    for (const job of NOTICE_JOBS) {
      const mark = marks.get(job);
      if (mark && compareDates(mark, day) >= 0) continue;
      const report = await execute(ctx, job, scheduledInstant(job, day), {
        dryRun: true,
        lastRun: addDays(day, -1),
        seen,
      });
      planned.push(...(report.notices ?? []));
    }
    onDay?.(++done, days);
  }
  return planned;
}
