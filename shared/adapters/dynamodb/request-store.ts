import type { RequestStore } from '../../domain/ports';
import type { AccountRequest, MessageBegin, MessageRecord } from '../../domain/requests';
import { type DynamoDBDocument, isConditionFailure } from './client';

/*
 * Keys (README "Access patterns"):
 *   inbound message  PK=MESSAGE#<messageId>    SK=MESSAGE   one outcome per SES messageId (lease while processing)
 *   request          PK=REQUEST#<reference>    SK=REQUEST   pending/answered request, found by the reference in replies
 *   reference seq.   PK=COUNTER#REQUEST#<year> SK=COUNTER   atomic counter behind REQ-YYYY-NNNNNN
 */

/** The inbound mailbox's bookkeeping: message ledger (idempotency), requests, references. */
export class DynamoDbRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  /**
   * Starts (or resumes) processing a message. `busy`: another delivery holds a live lease;
   * `done`: already processed (the stored result is returned); `started`: go ahead.
   */
  async begin(messageId: string, now: Date, leaseSeconds = 120): Promise<MessageBegin> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      const { Attributes } = await this.client.update({
        TableName: this.tableName,
        Key: { PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' },
        UpdateExpression: 'SET #state = :processing, leaseUntil = :lease, messageId = :id, #type = :type',
        ConditionExpression: 'attribute_not_exists(PK) OR (#state = :processing AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state', '#type': 'type' },
        ExpressionAttributeValues: {
          ':processing': 'processing',
          ':lease': nowSeconds + leaseSeconds,
          ':now': nowSeconds,
          ':id': messageId,
          ':type': 'message',
        },
        ReturnValues: 'ALL_NEW',
      });
      return { status: 'started', record: Attributes as MessageRecord };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const record = await this.getMessage(messageId);
      return { status: record?.state === 'done' ? 'done' : 'busy', record };
    }
  }

  async getMessage(messageId: string): Promise<MessageRecord | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' },
      ConsistentRead: true,
    });
    return Item as MessageRecord | undefined;
  }

  async setMessageReference(messageId: string, reference: string): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' },
      UpdateExpression: 'SET #reference = :ref',
      ExpressionAttributeNames: { '#reference': 'reference' },
      ExpressionAttributeValues: { ':ref': reference },
    });
  }

  async markAnswersSent(messageId: string, indexes: number[]): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' },
      UpdateExpression: 'SET sentAnswers = list_append(if_not_exists(sentAnswers, :empty), :sent)',
      ExpressionAttributeValues: { ':empty': [], ':sent': indexes },
    });
  }

  async finish(messageId: string, result: Record<string, unknown>, ttlDays = 400): Promise<void> {
    await this.client.update({
      TableName: this.tableName,
      Key: { PK: `MESSAGE#${messageId}`, SK: 'MESSAGE' },
      UpdateExpression: 'SET #state = :done, #result = :result, expiresAt = :ttl',
      ExpressionAttributeNames: { '#state': 'state', '#result': 'result' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':result': result,
        ':ttl': Math.floor(Date.now() / 1000) + ttlDays * 86_400,
      },
    });
  }

  /** Next reference of the year: REQ-2027-000001, … (atomic counter). */
  async nextReference(year: number): Promise<string> {
    const { Attributes } = await this.client.update({
      TableName: this.tableName,
      Key: { PK: `COUNTER#REQUEST#${year}`, SK: 'COUNTER' },
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    });
    return `REQ-${year}-${String(Attributes?.n ?? 0).padStart(6, '0')}`;
  }

  async getRequest(reference: string): Promise<AccountRequest | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `REQUEST#${reference}`, SK: 'REQUEST' },
      ConsistentRead: true,
    });
    if (!Item) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...request } = Item;
    return request as AccountRequest;
  }

  async putRequest(request: AccountRequest): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: { PK: `REQUEST#${request.reference}`, SK: 'REQUEST', type: 'request', ...request },
    });
  }
}
