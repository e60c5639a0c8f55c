import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One document client per container, reused across invocations. Endpoint and region come
 * from the standard AWS environment (AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local).
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5, ...config }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

let shared: DynamoDBDocumentClient | undefined;

export function defaultDocumentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient();
  return shared;
}

/** True when a DynamoDB error is a failed condition (item exists / version moved). */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}
