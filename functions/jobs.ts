import { purgeClosedAccounts } from '../shared/app/account-purge';
import type { AppContext, JobReport } from '../shared/app/context';
import type { JobName } from '../shared/schedules';
import { runNoticeJob } from './notices/jobs';
import { runStatusCheck } from './status-check/check';

/** Every scheduled job by name: the Lambdas, `alma-accounts run` and the local scheduler share it. */
export function runJob(job: JobName, ctx: AppContext, now: Date): Promise<JobReport> {
  if (job === 'status-check') return runStatusCheck(ctx, now);
  if (job === 'account-purge') return purgeClosedAccounts(ctx, now);
  return runNoticeJob(job, ctx, now);
}
