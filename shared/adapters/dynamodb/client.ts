import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { withCallRecorder } from '../sdk-call-recorder';
import { requestTimeouts } from '../sdk-timeouts';

export type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';

/**
 * The SDK's own retry strategy does the retrying (standard mode: backoff with jitter on
 * throttling, 5xx, network errors and timeouts); we only bound it. Five attempts ride out a
 * throttling burst; a request that takes 5 s is stuck, not slow (our items are a few KiB).
 */
export const DYNAMODB_CLIENT_DEFAULTS = {
  maxAttempts: 5,
  ...requestTimeouts(5_000),
} satisfies DynamoDBClientConfig;

/**
 * A DynamoDB document client (plain JavaScript items, marshalled by lib-dynamodb). Endpoint,
 * region and credentials come from the standard AWS environment unless given
 * (AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local).
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocument {
  return documentClient(withCallRecorder(new DynamoDBClient({ ...DYNAMODB_CLIENT_DEFAULTS, ...config })));
}

/** Items over an existing client (one connection pool for the table commands and the items). */
export function documentClient(client: DynamoDBClient): DynamoDBDocument {
  return DynamoDBDocument.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let shared: DynamoDBDocument | undefined;

/** One document client per container, reused across invocations. */
export function defaultDocumentClient(): DynamoDBDocument {
  shared ??= createDocumentClient();
  return shared;
}

/** True when a DynamoDB error is a failed condition (item exists / version moved). */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  return failedConditions(error).length > 0;
}

/** The indexes of a cancelled transaction's items whose condition failed (none for any other error). */
export function failedConditions(error: unknown): number[] {
  if ((error as { name?: string } | undefined)?.name !== 'TransactionCanceledException') return [];
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}
