import type { BatchWriteCommandInput, DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { UnprocessedItemsError } from '../../errors';

export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

export interface WriteAllOptions {
  /** Batches sent at the same time. */
  inFlight?: number;
  /** BatchWriteItem calls per batch, the first included, before giving up. */
  maxRounds?: number;
  /** Pause before the first resend; it doubles every round, up to 2 s. */
  firstPauseMs?: number;
}

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_SIZE = 25;

/**
 * Every put/delete of one table, 25 to a BatchWriteItem. Items DynamoDB leaves unprocessed
 * (throttling: the call itself succeeds) are sent again after a growing pause; AWS asks callers
 * to do this, the SDK does not. After `maxRounds` calls for a batch it throws
 * UnprocessedItemsError with the count of items left unwritten, instead of looping for as long as throttling lasts.
 */
export async function writeAll(
  db: DynamoDBDocument,
  tableName: string,
  requests: WriteRequest[],
  { inFlight = 1, maxRounds = 8, firstPauseMs = 50 }: WriteAllOptions = {},
): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch;
      for (let round = 0; pending.length; round++) {
        if (round === maxRounds) {
          // Stop the other workers too: what is left is this batch and every batch not yet sent.
          const left = pending.length + batches.splice(0).flat().length;
          throw new UnprocessedItemsError(tableName, left, maxRounds);
        }
        if (round) await pause(Math.min(2_000, firstPauseMs * 2 ** (round - 1)));
        const { UnprocessedItems } = await db.batchWrite({ RequestItems: { [tableName]: pending } });
        pending = UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
