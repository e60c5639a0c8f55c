import type { ClaimOptions, ClaimStore } from '../../domain/ports';
import { type DynamoDBDocument, isConditionFailure } from './client';

/**
 * Claims as items `PK=CLAIM#<key>, SK=CLAIM`. A claim is taken with a conditional put: it
 * succeeds when no claim exists, or when an unfinished claim's lease ran out (its taker died).
 */
export class DynamoDbClaimStore implements ClaimStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async claim(key: string, details: Record<string, unknown>, options: ClaimOptions = {}): Promise<boolean> {
    const now = options.now ?? new Date();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const item: Record<string, unknown> = {
      PK: `CLAIM#${key}`,
      SK: 'CLAIM',
      type: 'claim',
      state: 'claimed',
      claimedAt: now.toISOString(),
      leaseUntil: nowSeconds + (options.leaseSeconds ?? 300),
      details,
    };
    if (options.ttlDays) item.expiresAt = nowSeconds + options.ttlDays * 86_400;
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK) OR (#state = :claimed AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':now': nowSeconds },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async complete(key: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
      UpdateExpression: 'SET #state = :done, completedAt = :at, outcome = :outcome',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':at': new Date().toISOString(), ':outcome': details },
    });
  }

  async release(key: string): Promise<void> {
    await this.client
      .delete({
        TableName: this.tableName,
        Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
        ConditionExpression: '#state = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
      })
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async isDone(key: string): Promise<boolean> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
      ConsistentRead: true,
      ProjectionExpression: '#state',
      ExpressionAttributeNames: { '#state': 'state' },
    });
    return Item?.state === 'done';
  }
}
