import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocument } from '../../shared/adapters/dynamodb/client';

/** A DynamoDB call attempt, as the SDK sent it. */
export interface Attempt {
  /** The DynamoDB operation, e.g. `TransactWriteItems`. */
  operation: string;
  /** The request body the SDK serialized (DynamoDB JSON), the same for every retry of a call. */
  body: Record<string, unknown>;
}

export type SdkFault =
  /** DynamoDB's throttling answer. */
  | 'throttled'
  /** A 500 from DynamoDB. */
  | 'server-error'
  /** The connection reset before DynamoDB saw the request. */
  | 'reset'
  /** No answer within the request timeout. */
  | 'timeout'
  /** DynamoDB applied the request, then the connection reset before its answer came back. */
  | 'lost-answer';

const errorOf = (fault: Exclude<SdkFault, 'lost-answer'>): Error => {
  if (fault === 'throttled')
    return new ProvisionedThroughputExceededException({
      message: 'Rate of requests exceeds the allowed throughput.',
      $metadata: { httpStatusCode: 400 },
    });
  if (fault === 'server-error')
    return new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } });
  if (fault === 'timeout') return Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
};

/**
 * Faults the local services cannot produce, injected into one document client *inside* the
 * SDK's retry loop (a middleware after its retry middleware): every attempt the SDK makes comes
 * through here, so the SDK's own retry strategy and attempt limit handle the fault, as they would
 * in AWS, and everything else reaches the real DynamoDB Local. (aws-sdk-client-mock replaces
 * `send` above the retry loop, so it stands for what is left after the SDK gave up.)
 */
export function injectSdkFaults(db: DynamoDBDocument) {
  const faults: { operation: string; fault: SdkFault; left: number }[] = [];
  const attempts: Attempt[] = [];
  db.middlewareStack.addRelativeTo(
    // biome-ignore lint/suspicious/noExplicitAny: the stack's handler types differ per command; this one forwards any
    (next: any, context: any) => async (args: any) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      const { body } = args.request;
      const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body || '{}');
      attempts.push({ operation, body: JSON.parse(text) });
      const due = faults.find((f) => f.left > 0 && f.operation === operation);
      if (!due) return next(args);
      due.left--;
      if (due.fault !== 'lost-answer') throw errorOf(due.fault);
      await next(args);
      throw errorOf('reset');
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'testSdkFaults', override: true },
  );
  return {
    /** Every attempt the SDK made, failed or not, in order. */
    attempts,
    /** The next `times` attempts of `operation` fail with `fault`. */
    fail(operation: string, fault: SdkFault, times = 1): void {
      faults.push({ operation, fault, left: times });
    },
  };
}
