import { randomUUID } from 'node:crypto';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { InboundLedger } from '../../domain/ports';
import { MessageInFlightError } from '../../errors';
import type { DynamoDBDocument } from './client';
import { TTL_ATTRIBUTE } from './table';

/** A message's record is kept as long as its plan: duplicates months later still count once. */
const RECORD_DAYS = 400;

/**
 * The inbound ledger on Powertools idempotency, in the single table (`PK=IDEMPOTENCY#inbound-mail`,
 * `SK=inbound-mail#<hash of the SES messageId>`, TTL `expiresAt`). The in-progress record
 * expires with the invocation's remaining time, so a retry after a timeout takes over.
 */
export class PowertoolsInboundLedger implements InboundLedger {
  private readonly persistence: DynamoDBPersistenceLayer;

  constructor(db: DynamoDBDocument, tableName: string) {
    this.persistence = new DynamoDBPersistenceLayer({
      tableName,
      // The document client sends plain DynamoDB commands as they are: one client, one connection pool.
      awsSdkV3Client: db as unknown as DynamoDBClient,
      keyAttr: 'PK',
      sortKeyAttr: 'SK',
      staticPkValue: 'IDEMPOTENCY#inbound-mail',
      expiryAttr: TTL_ATTRIBUTE,
      inProgressExpiryAttr: 'inProgressExpiresAt',
      statusAttr: 'status',
      dataAttr: 'result',
    });
  }

  async once<T>(
    messageId: string,
    remainingTimeMs: () => number,
    work: () => Promise<T>,
  ): Promise<{ value: T; replayed: boolean }> {
    // The attempt's own id comes back with the result: another one's means a recorded result.
    const attempt = randomUUID();
    const config = new IdempotencyConfig({
      eventKeyJmesPath: 'messageId',
      expiresAfterSeconds: RECORD_DAYS * 86_400,
    });
    config.registerLambdaContext({ getRemainingTimeInMillis: remainingTimeMs } as unknown as Context);
    const run = makeIdempotent(
      async (_event: { messageId: string; attempt: string }) => ({ attempt, value: await work() }),
      { persistenceStore: this.persistence, config, keyPrefix: 'inbound-mail' },
    );
    try {
      const done = await run({ messageId, attempt });
      return { value: done.value, replayed: done.attempt !== attempt };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError)
        throw new MessageInFlightError('another delivery of this message is being processed; retry later', {
          cause: error,
        });
      throw error;
    }
  }
}
