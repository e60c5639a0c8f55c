import * as z from 'zod/mini';
import type { JobReport } from '../../shared/app/context';
import { lambdaContext } from '../../shared/app/lambda-context';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { ValidationError } from '../../shared/errors';
import { publishCounts } from '../../shared/metrics';

/** EventBridge Scheduler → one status check. Parse, call, answer; the work is in check.ts. */
const scheduledEvent = z.object({
  job: z.literal('status-check'),
  scheduledTime: z.optional(z.string()),
});

export async function handler(event: unknown): Promise<JobReport> {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success) {
    throw new ValidationError(
      'not a status-check schedule event',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const ctx = await lambdaContext('status-check');
  const report = await runStatusCheck(ctx, new Date());
  // The heartbeat the "checker silent" alarm watches, plus what this run sent.
  publishCounts('status-check', { StatusCheckCompleted: 1, AlertsSent: report.sent });
  return report;
}
