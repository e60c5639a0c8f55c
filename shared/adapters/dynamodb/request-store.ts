import { gunzipSync, gzipSync } from 'node:zlib';
import { isWaiting } from '../../domain/follow-up-steps';
import { forwardedListKeys, forwardedMailOf, requestListKeys } from '../../domain/portal/list-keys';
import type { Page, RequestStore } from '../../domain/ports';
import type { AccountRequest, InboundPlan, RecordedPlan } from '../../domain/requests';
import { ConcurrentUpdateError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { TTL_ATTRIBUTE } from './table';

/*
 * Keys (README "Access patterns"):
 *   plan      PK=MESSAGE#<messageId>  SK=PLAN     the decided plan of one inbound message, what of it was done
 *   request   PK=REQUEST#<reference>  SK=REQUEST  pending/answered request, found by the reference in replies
 *   waiting   GSI1 GSI1PK=REQUEST#WAITING GSI1SK=<updatedAt>#<reference>  sparse: set only while a request
 *             waits for fields (or was abandoned and not everyone told yet); the daily follow-up sweep
 *   portal    GSI5PK=REQ#<inst> GSI5SK=<createdAt>!<ref> (received) · GSI6PK=REQBY#<sender> GSI6SK=<createdAt>!<ref>
 *             · GSI7PK=REQ#<inst> GSI7SK=<updatedAt>!<ref> (last change)
 *   forwarded GSI9PK=PERSON#forwarded GSI9SK=<receivedAt>!<messageId>  sparse: on the plan of a mail
 *             forwarded to the human helpdesk, with its `forwarded` summary (the portal's "needing a person")
 * (The inbound idempotency records of Powertools live in PK=IDEMPOTENCY#inbound-mail.)
 */

/** Plans are kept as long as a retry, a DLQ replay or a duplicate delivery may come. */
const PLAN_TTL_DAYS = 400;

const planKey = (messageId: string) => ({ PK: `MESSAGE#${messageId}`, SK: 'PLAN' });

/** The sparse index partition of waiting requests (GSI1 is overloaded: END, CLOSED, this). */
export const WAITING_REQUESTS_PK = 'REQUEST#WAITING';

export function requestItem(request: AccountRequest): Record<string, unknown> {
  return {
    PK: `REQUEST#${request.reference}`,
    SK: 'REQUEST',
    type: 'request',
    ...request,
    ...requestListKeys(request),
    // A whole-item put: a request that stops waiting loses the index key with the same write.
    ...(isWaiting(request)
      ? { GSI1PK: WAITING_REQUESTS_PK, GSI1SK: `${request.updatedAt}#${request.reference}` }
      : {}),
  };
}

/** The decided plan a plan item holds (JSON, gzipped). */
export function planOfItem(item: Record<string, unknown>): InboundPlan {
  return JSON.parse(gunzipSync(item.plan as Uint8Array).toString('utf8')) as InboundPlan;
}

function requestOf(item: Record<string, unknown>): AccountRequest {
  const request: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item))
    if (name !== 'PK' && name !== 'SK' && name !== 'type' && !/^GSI\d+(PK|SK)$/.test(name))
      request[name] = value;
  // Requests written before versions count as version 1.
  return { version: 1, ...request } as AccountRequest;
}

/** The request mailbox's bookkeeping: decided plans and requests. */
export class DynamoDbRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async getPlan(messageId: string): Promise<RecordedPlan | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: planKey(messageId),
      ConsistentRead: true,
    });
    if (!Item) return undefined;
    return {
      // Plans are JSON, gzipped: a forwarded mail's text makes them large, an item holds 400 KB.
      plan: planOfItem(Item),
      sent: (Item.sent as Record<string, string> | undefined) ?? {},
      outcomes: (Item.outcomes as Record<string, unknown> | undefined) ?? {},
    };
  }

  async putPlan(plan: InboundPlan, now: Date): Promise<boolean> {
    const forwarded = forwardedMailOf(plan);
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          ...planKey(plan.messageId),
          type: 'inbound-plan',
          plan: gzipSync(JSON.stringify(plan)),
          sent: {},
          outcomes: {},
          // Listed for the helpdesk in the same write that records the plan.
          ...(forwarded ? { forwarded, ...forwardedListKeys(forwarded) } : {}),
          [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + PLAN_TTL_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markAnswerSent(messageId: string, answerId: string, providerMessageId: string): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: planKey(messageId),
      UpdateExpression: 'SET sent.#answer = :id',
      ExpressionAttributeNames: { '#answer': answerId },
      ExpressionAttributeValues: { ':id': providerMessageId },
      ConditionExpression: 'attribute_exists(PK)',
    });
  }

  async recordOutcome(messageId: string, step: string, outcome: unknown): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: planKey(messageId),
      // The first outcome stays: a replay renders its answers from the same one.
      UpdateExpression: 'SET outcomes.#step = if_not_exists(outcomes.#step, :outcome)',
      ExpressionAttributeNames: { '#step': step },
      ExpressionAttributeValues: { ':outcome': outcome },
      ConditionExpression: 'attribute_exists(PK)',
    });
  }

  async dropPlan(messageId: string): Promise<boolean> {
    try {
      await this.client.delete({
        TableName: this.tableName,
        Key: planKey(messageId),
        // Only a plan nothing of which was sent: once an answer is out, the plan stands.
        ConditionExpression: 'sent = :none',
        ExpressionAttributeValues: { ':none': {} },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getRequest(reference: string): Promise<AccountRequest | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `REQUEST#${reference}`, SK: 'REQUEST' },
      ConsistentRead: true,
    });
    if (!Item) return undefined;
    return requestOf(Item);
  }

  async listWaiting(): Promise<Page<AccountRequest>> {
    const items: AccountRequest[] = [];
    let itemsRead = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': WAITING_REQUESTS_PK },
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      itemsRead += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) items.push(requestOf(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return { items, itemsRead };
  }

  async putRequest(request: AccountRequest): Promise<void> {
    const expected = request.version - 1;
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: requestItem(request),
        ...(expected === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              // A request written before versions is version 1.
              ConditionExpression:
                expected === 1
                  ? 'version = :expected OR attribute_not_exists(version)'
                  : 'version = :expected',
              ExpressionAttributeValues: { ':expected': expected },
            }),
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The same write again (a retry whose first answer was lost) is not a conflict.
      const stored = await this.getRequest(request.reference);
      if (stored?.version === request.version && stored.messageIds.at(-1) === request.messageIds.at(-1))
        return;
      throw new ConcurrentUpdateError(`request ${request.reference} changed since it was read`, {
        cause: error,
      });
    }
  }
}
