import { randomUUID } from 'node:crypto';
import { type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { CLAIM_LEASE_SECONDS, type ClaimOptions, type ClaimStore, type ClaimToken } from '../../domain/ports';
import { ClaimLostError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { writeAll } from './write-all';

/**
 * Claims as items `PK=CLAIM#<key>, SK=CLAIM`. A claim is taken with a conditional put that
 * succeeds when no claim exists; an unfinished claim whose lease ran out (its taker died) is
 * taken over by a second put conditional on that dead holder still holding it. Each taker has
 * its own owner token; completing and releasing are conditional on it, so a holder that was
 * overtaken can neither release nor complete the new holder's claim.
 *
 * The claims of one message (a digest's) can be completed by one write: each was claimed with
 * the label of its message (`doneBy`), and `markDone` writes `PK=CLAIMMARK#<owner>#<label>`.
 * Such a claim is done once its holder's mark exists; a mark carries the holder's token, so a
 * late mark of an overtaken holder never completes the new holder's claim, and an expired claim
 * whose mark exists is never taken over.
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
    const owner = options.owner ?? (randomUUID() as ClaimToken);
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
    if (options.doneBy) item.doneBy = options.doneBy;
    if (options.ttlDays) item.expiresAt = nowSeconds + options.ttlDays * 86_400;
    let held: Record<string, unknown> | undefined;
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return owner;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = (error as { Item?: Record<string, NativeAttributeValue> }).Item;
      held = old ? unmarshall(old) : await this.read(key);
    }
    // Taken: done, or held by someone whose lease still runs, or by a holder that died.
    if (held?.state !== 'claimed' || Number(held.leaseUntil) >= nowSeconds) return undefined;
    // Its holder died after sending and marking the message: done, not to be taken again.
    if (await this.marked(held)) return undefined;
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: '#state = :claimed AND #owner = :previous AND leaseUntil < :now',
        ExpressionAttributeNames: { '#state': 'state', '#owner': 'owner' },
        ExpressionAttributeValues: { ':claimed': 'claimed', ':previous': held.owner, ':now': nowSeconds },
      });
      return owner;
    } catch (error) {
      // Someone else took it over first (or its holder completed it after all).
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  private async read(key: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `CLAIM#${key}`, SK: 'CLAIM' },
      ConsistentRead: true,
    });
    return Item;
  }

  /** True when the claim's holder marked its message done (`markDone`). */
  private async marked(claim: Record<string, unknown>): Promise<boolean> {
    if (typeof claim.doneBy !== 'string' || typeof claim.owner !== 'string') return false;
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: markKey(claim.owner as ClaimToken, claim.doneBy),
      ConsistentRead: true,
      ProjectionExpression: 'PK',
    });
    return Item !== undefined;
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

  async markDone(
    token: ClaimToken,
    labels: readonly string[],
    details: Record<string, unknown> = {},
    options: { ttlDays?: number } = {},
  ): Promise<void> {
    const at = new Date();
    const items = [...new Set(labels)].map((label) => ({
      ...markKey(token, label),
      type: 'claim-mark',
      owner: token,
      completedAt: at.toISOString(),
      outcome: details,
      ...(options.ttlDays ? { expiresAt: Math.floor(at.getTime() / 1000) + options.ttlDays * 86_400 } : {}),
    }));
    // The key holds the owner's token: nobody else ever writes it, so the puts need no condition.
    if (items.length === 1) await this.client.put({ TableName: this.tableName, Item: items[0] });
    else if (items.length)
      await writeAll(
        this.client,
        this.tableName,
        items.map((Item) => ({ PutRequest: { Item } })),
      );
  }

  async isDone(key: string): Promise<boolean> {
    const claim = await this.read(key);
    if (!claim) return false;
    return claim.state === 'done' || (claim.state === 'claimed' && (await this.marked(claim)));
  }
}

/** The mark that completes the claims `token` took with `doneBy: label`. */
function markKey(token: ClaimToken, label: string) {
  return { PK: `CLAIMMARK#${token}#${label}`, SK: 'CLAIMMARK' };
}
