import * as z from 'zod/mini';
import type { AppContext } from '../../shared/app/context';
import { runJob } from '../../shared/app/jobs';
import { lambdaContext } from '../../shared/app/lambda-context';
import { type NoticeJobReport, NoticeSendError } from '../../shared/app/notices/notice-job';
import { ValidationError } from '../../shared/errors';
import { publishCounts } from '../../shared/metrics';
import { JOB_NAMES, type JobName } from '../../shared/schedules';

/** The EventBridge Scheduler payload (shared/schedules.ts ScheduledJobEvent): the daily jobs, not the status check. */
type DailyJob = Exclude<JobName, 'status-check'>;
const DAILY_JOBS = JOB_NAMES.filter((job): job is DailyJob => job !== 'status-check') as [
  DailyJob,
  ...DailyJob[],
];
const eventSchema = z.object({
  job: z.enum(DAILY_JOBS),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});

/** The log line of a run: counts only, never the recipients or subjects (personal data). */
function summary(report: NoticeJobReport): Record<string, unknown> {
  const { notices, ...counts } = report;
  return { ...counts, messages: notices?.length ?? 0 };
}

export async function handleScheduledEvent(
  ctx: AppContext,
  event: unknown,
  clock: () => Date = () => new Date(),
) {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError(
      'not a notice job event',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  // The scheduled time, not the invocation time: a retry an hour later still works on the scheduled day.
  const now = parsed.data.scheduledTime ? new Date(parsed.data.scheduledTime) : clock();
  try {
    const report: NoticeJobReport = await runJob(parsed.data.job, ctx, now);
    ctx.logger.info('notice job done', summary(report));
    publishCounts('notices', { NoticesSent: report.sent });
    return summary(report);
  } catch (error) {
    if (error instanceof NoticeSendError) ctx.logger.error('notice job failed', summary(error.report));
    throw error;
  }
}

export const handler = async (event: unknown) => handleScheduledEvent(await lambdaContext('notices'), event);
