import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';
import { createWebApp } from '../../shared/web/app';

const SERVICE = 'decision-page';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/** The web app (shared/web/app.ts) on the function URL; the context is the container's, per invocation. */
const serveWeb = handle(
  createWebApp(async (c) =>
    forInvocation(
      await lambdaContext(SERVICE, logger),
      (c.env as { lambdaContext: LambdaContext }).lambdaContext,
    ),
  ),
);

/** Lambda Function URL (a payload 2.0 event) → the web app → answer, with Powertools' logger and metrics around it. */
export const handler = middy<LambdaEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, invocation) => {
    const result = await serveWeb(event, invocation);
    // One metric, so logMetrics has something to publish and the page's traffic shows.
    addCounts(metrics, { DecisionPageRequests: 1 });
    return result;
  });
