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

/**
 * The status page is the same for everyone who may see it: a page shown is served from this
 * container's memory for a minute (its checks run every 5 minutes) instead of reading every
 * target again per GET. Keyed by language, and by link only when the page needs one, so varying
 * a public URL's query cannot bypass it; a handful of entries at most.
 */
const STATUS_PAGE_CACHE_MS = 60_000;
const statusPages = new Map<string, { until: number; response: LambdaFunctionURLResult }>();

function statusPageKey(event: LambdaFunctionURLEvent, access: 'public' | 'signed'): string | undefined {
  const method = event.requestContext.http.method.toUpperCase();
  if (method !== 'GET' || event.rawPath.replace(/\/+$/, '').split('/').at(-1) !== 'status') return undefined;
  const query = event.queryStringParameters ?? {};
  return `${query.lang ?? ''}|${access === 'signed' ? (query.t ?? '') : ''}`;
}

/** Lambda Function URL → decision page: translate the event, call the page, answer. */
export const handler = middy<LambdaFunctionURLEvent, LambdaFunctionURLResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (event, invocation) => {
    const ctx = forInvocation(await lambdaContext(SERVICE, logger), invocation);
    const cacheKey = statusPageKey(event, ctx.config.monitor.statusPage.access);
    const cached = cacheKey === undefined ? undefined : statusPages.get(cacheKey);
    if (cached && cached.until > Date.now()) {
      addCounts(metrics, { DecisionPageRequests: 1, StatusPageCached: 1 });
      return cached.response;
    }
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
    const answer = { statusCode: response.status, headers: response.headers, body: response.body };
    if (cacheKey !== undefined && response.status === 200) {
      if (statusPages.size >= 20) statusPages.clear();
      statusPages.set(cacheKey, { until: Date.now() + STATUS_PAGE_CACHE_MS, response: answer });
    }
    return answer;
  });
