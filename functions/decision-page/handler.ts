import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { lambdaContext } from '../../shared/app/lambda-context';
import { handleDecisionRequest } from '../../shared/app/review/decision-page';

/** Lambda Function URL → decision page: translate the event, call the page, answer. */
export async function handler(event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> {
  const ctx = await lambdaContext('decision-page');
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
  });
  return { statusCode: response.status, headers: response.headers, body: response.body };
}
