import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { handleDecisionRequest } from '../../shared/app/review/decision-page';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';

const SERVICE = 'decision-page';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/** Lambda Function URL → decision page: translate the event, call the page, answer. */
export const handler = middy<LambdaFunctionURLEvent, LambdaFunctionURLResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, invocation) => {
    const ctx = forInvocation(await lambdaContext(SERVICE, logger), invocation);
    const body = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body
      : '';
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) query[name] = value;
    const response = await handleDecisionRequest(ctx, {
      method: event.requestContext.http.method,
      path: event.rawPath,
      query,
      body,
      now: new Date(),
      headers: event.headers ?? {},
    });
    // One metric, so logMetrics has something to publish and the page's traffic shows.
    addCounts(metrics, { DecisionPageRequests: 1 });
    return { statusCode: response.status, headers: response.headers, body: response.body };
  });
