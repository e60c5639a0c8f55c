import { Documents, type DocumentsOptions } from './documents';

/**
 * One DynamoDB client per container, reused across invocations. Endpoint, region and
 * credentials come from the standard AWS environment (AWS_ENDPOINT_URL_DYNAMODB points it at
 * DynamoDB Local).
 */
export function createDocumentClient(options: DocumentsOptions = {}): Documents {
  return new Documents(options);
}

let shared: Documents | undefined;

export function defaultDocumentClient(): Documents {
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
