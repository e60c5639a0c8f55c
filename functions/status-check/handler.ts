import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { JobReport } from '../../shared/app/context';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { eventParser } from '../../shared/app/lambda-events';
import { runStatusCheck } from '../../shared/app/monitor/status-check';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';
import { type StatusCheckEvent, statusCheckEventSchema } from '../../shared/schedules';

const SERVICE = 'status-check';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/** EventBridge Scheduler → one status check. Parse, call, answer; the work is in shared/app/monitor/status-check.ts. */
export const handler = middy<StatusCheckEvent, JobReport>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(eventParser(statusCheckEventSchema, 'not a status-check schedule event'))
  .handler(async (_event, invocation) => {
    const ctx = forInvocation(await lambdaContext(SERVICE, logger), invocation);
    const report = await runStatusCheck(ctx, new Date());
    // The heartbeat the "checker silent" alarm watches, plus what this run sent.
    addCounts(metrics, { StatusCheckCompleted: 1, AlertsSent: report.sent });
    return report;
  });
