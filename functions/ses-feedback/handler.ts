import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { AppContext } from '../../shared/app/context';
import { type FeedbackReport, handleSesFeedback } from '../../shared/app/feedback/ses-feedback';
import {
  notificationOf,
  type SnsFeedbackEvent,
  SnsFeedbackEventSchema,
} from '../../shared/app/feedback/sns-event';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { eventParser } from '../../shared/app/lambda-events';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';

const SERVICE = 'ses-feedback';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/**
 * SES bounces and complaints (configuration set → SNS topic → this function). Parse, call,
 * answer; the work is in shared/app/feedback/ses-feedback.ts. A failure fails the invocation:
 * Lambda retries the SNS delivery twice, then it lands in the DLQ (its alarm).
 */
export function sesFeedbackHandler(
  appContext: () => Promise<AppContext>,
  clock: () => Date = () => new Date(),
) {
  return middy<SnsFeedbackEvent, { reports: FeedbackReport[] }>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(eventParser(SnsFeedbackEventSchema, 'not an SNS event'))
    .handler(async (event, invocation) => {
      const ctx = forInvocation(await appContext(), invocation);
      const reports: FeedbackReport[] = [];
      for (const record of event.Records)
        reports.push(await handleSesFeedback(ctx, notificationOf(record.Sns.Message), clock()));
      addCounts(metrics, {
        FeedbackHandled: reports.filter((r) => r.outcome === 'handled').length,
        AddressesMarked: reports.reduce((n, r) => n + r.acted, 0),
      });
      ctx.logger.info('ses feedback done', { reports });
      return { reports };
    });
}

export const handler = sesFeedbackHandler(() => lambdaContext(SERVICE, logger));
