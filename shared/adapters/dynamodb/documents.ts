import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsClient, type AwsClientOptions } from '../aws/client';

/**
 * DynamoDB with plain JavaScript items (what lib-dynamodb's document client does), over the
 * small AWS client: JSON protocol, items marshalled with @aws-sdk/util-dynamodb (6 KiB).
 * The stores use only this; the same code runs in Lambda, the CLI, the local runtime and tests.
 */

/** Attribute values are any JavaScript value util-dynamodb marshals (as lib-dynamodb types them). */
// biome-ignore lint/suspicious/noExplicitAny: same item typing as lib-dynamodb's NativeAttributeValue
export type Item = Record<string, any>;

interface Expressions {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}
type ReturnValues = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

export interface GetInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface PutInput extends Expressions {
  TableName: string;
  Item: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface UpdateInput extends Expressions {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ReturnValues?: ReturnValues;
}
export interface DeleteInput extends Expressions {
  TableName: string;
  Key: Item;
  ReturnValues?: 'NONE' | 'ALL_OLD';
}
export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  ExclusiveStartKey?: Item;
  Limit?: number;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
}
export interface QueryOutput {
  Items?: Item[];
  LastEvaluatedKey?: Item;
  Count?: number;
  ScannedCount?: number;
}
export interface TransactWriteInput {
  TransactItems: {
    Put?: PutInput;
    Update?: UpdateInput;
    Delete?: DeleteInput;
    ConditionCheck?: Expressions & { TableName: string; Key: Item; ConditionExpression: string };
  }[];
  ClientRequestToken?: string;
}
export type WriteRequest = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } };
export interface BatchGetInput {
  RequestItems: Record<string, { Keys: Item[]; ConsistentRead?: boolean }>;
}
export interface BatchGetOutput {
  Responses?: Record<string, Item[]>;
  UnprocessedKeys?: Record<string, { Keys: Item[]; ConsistentRead?: boolean }>;
}
export interface BatchWriteInput {
  RequestItems: Record<string, WriteRequest[]>;
}

/** Fields holding items or keys, in requests and answers alike. */
const ITEM_FIELDS = new Set([
  'Item',
  'Key',
  'ExpressionAttributeValues',
  'ExclusiveStartKey',
  'Attributes',
  'LastEvaluatedKey',
]);

function marshallFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(marshallFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Item = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    out[key] = ITEM_FIELDS.has(key)
      ? marshall(field as Item, { removeUndefinedValues: true, convertClassInstanceToMap: false })
      : key === 'Keys' && Array.isArray(field)
        ? field.map((k) => marshall(k as Item))
        : marshallFields(field);
  }
  return out;
}

function unmarshallFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unmarshallFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Item = {};
  for (const [key, field] of Object.entries(value)) {
    if (ITEM_FIELDS.has(key) && field && typeof field === 'object') {
      out[key] = unmarshall(field as never);
    } else if ((key === 'Items' || key === 'Keys') && Array.isArray(field)) {
      out[key] = field.map((item) => unmarshall(item));
    } else if (key === 'Responses' && field && typeof field === 'object') {
      out[key] = Object.fromEntries(
        Object.entries(field as Record<string, unknown[]>).map(([table, items]) => [
          table,
          items.map((item) => unmarshall(item as never)),
        ]),
      );
    } else {
      out[key] = unmarshallFields(field);
    }
  }
  return out;
}

export type DocumentsOptions = Partial<Omit<AwsClientOptions, 'service' | 'hostPrefix' | 'endpointId'>>;

export class Documents {
  private readonly aws: AwsClient;

  constructor(options: DocumentsOptions = {}) {
    this.aws = new AwsClient({
      maxAttempts: 5,
      timeoutMs: 5_000,
      ...options,
      service: 'dynamodb',
      hostPrefix: 'dynamodb',
      endpointId: 'DYNAMODB',
    });
  }

  /** Any DynamoDB operation, with attribute values as DynamoDB JSON (no marshalling). */
  async call<T = Record<string, unknown>>(operation: string, input: object): Promise<T> {
    const response = await this.aws.send({
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body: JSON.stringify(input),
    });
    return JSON.parse(response.body.toString('utf8') || '{}') as T;
  }

  private async document<T>(operation: string, input: object): Promise<T> {
    return unmarshallFields(await this.call(operation, marshallFields(input) as object)) as T;
  }

  get(input: GetInput): Promise<{ Item?: Item }> {
    return this.document('GetItem', input);
  }

  put(input: PutInput): Promise<{ Attributes?: Item }> {
    return this.document('PutItem', input);
  }

  update(input: UpdateInput): Promise<{ Attributes?: Item }> {
    return this.document('UpdateItem', input);
  }

  delete(input: DeleteInput): Promise<{ Attributes?: Item }> {
    return this.document('DeleteItem', input);
  }

  query(input: QueryInput): Promise<QueryOutput> {
    return this.document('Query', input);
  }

  /**
   * One transaction. The request token is set once for all attempts (as the SDK does), so a
   * retry of a transaction that did land is answered as a success, not as a failed condition.
   */
  async transactWrite(input: TransactWriteInput): Promise<void> {
    await this.document('TransactWriteItems', { ClientRequestToken: randomUUID(), ...input });
  }

  batchGet(input: BatchGetInput): Promise<BatchGetOutput> {
    return this.document('BatchGetItem', input);
  }

  batchWrite(input: BatchWriteInput): Promise<{ UnprocessedItems?: Record<string, WriteRequest[]> }> {
    return this.document('BatchWriteItem', input);
  }

  /**
   * Every put/delete of one table, 25 to a BatchWriteItem (DynamoDB's limit), `inFlight` batches
   * at a time. Items DynamoDB leaves unprocessed (throttling) are sent again after a growing pause.
   */
  async writeAll(tableName: string, requests: WriteRequest[], inFlight = 1): Promise<void> {
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
    const worker = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        for (let round = 0; batch.length; round++) {
          if (round) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 25 * 2 ** round)));
          const result = await this.batchWrite({ RequestItems: { [tableName]: batch } });
          batch = result.UnprocessedItems?.[tableName] ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  }
}
