import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { KmsSecretBox } from '../../shared/adapters/kms/secret-box';
import { forInvocation, lambdaContext } from '../../shared/app/lambda-context';
import { createLogger } from '../../shared/logging';
import { addCounts, createMetrics } from '../../shared/metrics';
import { createWebApp } from '../../shared/web/web-app';

const SERVICE = 'decision-page';
const logger = createLogger(SERVICE);
const metrics = createMetrics(SERVICE, logger);

/**
 * The status page is the same for everyone who may see it: a page shown is served from this
 * container's memory for a minute (its checks run every 5 minutes) instead of reading every
 * target again per GET. Keyed by language, and by link only when the page needs one, so varying
 * a public URL's query cannot bypass it; a handful of entries at most.
 */
const STATUS_PAGE_CACHE_MS = 60_000;
const statusPages = new Map<string, { until: number; response: APIGatewayProxyResult }>();

function statusPageKey(event: LambdaFunctionURLEvent, access: 'public' | 'signed'): string | undefined {
  const method = event.requestContext.http.method.toUpperCase();
  if (method !== 'GET' || event.rawPath.replace(/\/+$/, '').split('/').at(-1) !== 'status') return undefined;
  const query = event.queryStringParameters ?? {};
  return `${query.lang ?? ''}|${access === 'signed' ? (query.t ?? '') : ''}`;
}

/** The container's context; the reveal page opens a rotated password with the stack's KMS key. */
const containerContext = () =>
  lambdaContext(SERVICE, logger, { passwordKms: (keyId) => new KmsSecretBox(keyId) });

/** The web app (shared/web/web-app.ts) on the function URL; the context is the container's, per invocation. */
const serveWeb = handle(
  createWebApp(async (c) =>
    forInvocation(await containerContext(), (c.env as { lambdaContext: LambdaContext }).lambdaContext),
  ),
);

/** Lambda Function URL (a payload 2.0 event) → the web app → answer, with Powertools' logger and metrics around it. */
export const handler = middy<LambdaEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, invocation) => {
    const { config } = await containerContext();
    const cacheKey = statusPageKey(
      event as unknown as LambdaFunctionURLEvent,
      config.monitor.statusPage.access,
    );
    const cached = cacheKey === undefined ? undefined : statusPages.get(cacheKey);
    if (cached && cached.until > Date.now()) {
      addCounts(metrics, { DecisionPageRequests: 1, StatusPageCached: 1 });
      return cached.response;
    }
    const result = await serveWeb(event, invocation);
    // One metric, so logMetrics has something to publish and the page's traffic shows.
    addCounts(metrics, { DecisionPageRequests: 1 });
    if (cacheKey !== undefined && result.statusCode === 200) {
      if (statusPages.size >= 20) statusPages.clear();
      statusPages.set(cacheKey, { until: Date.now() + STATUS_PAGE_CACHE_MS, response: result });
    }
    return result;
  });
