import type { JobName } from '../schedules';
import { purgeClosedAccounts } from './accounts/account-purge';
import { runAlmaDrift } from './alma/drift-report';
import type { AppContext, JobReport } from './context';
import { runStatusCheck } from './monitor/status-check';
import { runStatusSummary } from './monitor/weekly-summary';
import { runNoticeJob } from './notices/run-notice-job';

/** Every scheduled job by name: the Lambdas, `alma-accounts run` and the local scheduler share it. */
export function runJob(job: JobName, ctx: AppContext, now: Date): Promise<JobReport> {
  if (job === 'status-check') return runStatusCheck(ctx, now);
  if (job === 'account-purge') return purgeClosedAccounts(ctx, now);
  if (job === 'alma-drift') return runAlmaDrift(ctx, now);
  if (job === 'status-summary') return runStatusSummary(ctx, now);
  return runNoticeJob(job, ctx, now);
}
