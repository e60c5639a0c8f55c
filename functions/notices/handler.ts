import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { KmsSecretBox } from '../../shared/adapters/kms/secret-box';
import type { AppContext } from '../../shared/app/context';
import { runJob } from '../../shared/app/jobs';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { eventParser } from '../../shared/app/lambda-events';
import { type NoticeJobReport, NoticeSendError } from '../../shared/app/notices/notice-job';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';
import { type NoticeJobEvent, noticeJobEventSchema } from '../../shared/schedules';

const SERVICE = 'notices';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/** The log line of a run: counts only, never the recipients or subjects (personal data). */
function summary(report: NoticeJobReport): Record<string, unknown> {
  const { notices, ...counts } = report;
  return { ...counts, messages: notices?.length ?? 0 };
}

/**
 * The notices function (EventBridge Scheduler, the daily jobs) over a source of AppContext:
 * `handler` uses the container's; tests give their own.
 */
export function noticesHandler(appContext: () => Promise<AppContext>, clock: () => Date = () => new Date()) {
  return middy<NoticeJobEvent, Record<string, unknown>>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(eventParser(noticeJobEventSchema, 'not a notice job event'))
    .handler(async (event, invocation) => {
      const ctx = forInvocation(await appContext(), invocation);
      // The scheduled time, not the invocation time: a retry an hour later still works on the scheduled day.
      const now = event.scheduledTime ? new Date(event.scheduledTime) : clock();
      try {
        const report: NoticeJobReport = await runJob(event.job, ctx, now);
        ctx.logger.info('notice job done', summary(report));
        addCounts(metrics, { NoticesSent: report.sent });
        return summary(report);
      } catch (error) {
        if (error instanceof NoticeSendError) ctx.logger.error('notice job failed', summary(error.report));
        throw error;
      }
    });
}

// Notices seal the rotated shared-account passwords with the stack's KMS key.
export const handler = noticesHandler(() =>
  lambdaContext(SERVICE, logger, { passwordKms: (keyId) => new KmsSecretBox(keyId) }),
);
