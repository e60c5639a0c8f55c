import { randomUUID } from 'node:crypto';
import { CLAIM_LEASE_SECONDS, type ClaimOptions, type ClaimStore, type ClaimToken } from '../../domain/ports';
import { ClaimLostError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';

/**
 * Claims as items `PK=CLAIM#<key>, SK=CLAIM`. A claim is taken with a conditional put: it
 * succeeds when no claim exists, or when an unfinished claim's lease ran out (its taker died).
 * Each taker gets its own owner token; completing and releasing are conditional on it, so a
 * holder that was overtaken can neither release nor complete the new holder's claim.
 */
export class DynamoDbClaimStore implements ClaimStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async claim(
    key: string,
    details: Record<string, unknown>,
    options: ClaimOptions = {},
  ): Promise<ClaimToken | undefined> {
    const now = options.now ?? new Date();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const owner = randomUUID() as ClaimToken;
    const item: Record<string, unknown> = {
      PK: `CLAIM#${key}`,
      SK: 'CLAIM',
      type: 'claim',
      state: 'claimed',
      owner,
      claimedAt: now.toISOString(),
      leaseUntil: nowSeconds + (options.leaseSeconds ?? CLAIM_LEASE_SECONDS),
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
      return owner;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  private completion(key: string, token: ClaimToken, details: Record<string, unknown>) {
    return {
      TableName: this.tableName,
      Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
      UpdateExpression:
        'SET #state = :done, completedAt = if_not_exists(completedAt, :at), outcome = :outcome',
      // A retried complete (its first answer lost) finds its own done claim: still fine.
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':at': new Date().toISOString(),
        ':outcome': details,
        ':owner': token,
      },
    };
  }

  async complete(key: string, token: ClaimToken, details: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.client.update(this.completion(key, token, details));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ClaimLostError(
        `claim ${key} is no longer held by this run (its lease ran out and was taken over)`,
        {
          cause: error,
        },
      );
    }
  }

  async completeAll(
    held: readonly { key: string; token: ClaimToken }[],
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const lost: string[] = [];
    const one = (key: string, token: ClaimToken) =>
      this.complete(key, token, details).catch((error) => {
        if (!(error instanceof ClaimLostError)) throw error;
        lost.push(key);
      });
    // One transaction per 100 claims (DynamoDB's limit); if one was taken over, that chunk goes one by one.
    for (let i = 0; i < held.length; i += 100) {
      const chunk = held.slice(i, i + 100);
      if (chunk.length === 1) {
        await one(chunk[0]!.key, chunk[0]!.token);
        continue;
      }
      try {
        await this.client.transactWrite({
          TransactItems: chunk.map(({ key, token }) => ({ Update: this.completion(key, token, details) })),
        });
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        for (const { key, token } of chunk) await one(key, token);
      }
    }
    if (lost.length)
      throw new ClaimLostError(
        `${lost.length} claim(s) taken over by another run before they were completed`,
      );
  }

  async release(key: string, token: ClaimToken): Promise<void> {
    await this.client
      .delete({
        TableName: this.tableName,
        Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
        ConditionExpression: '#state = :claimed AND #owner = :owner',
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':owner': token },
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
