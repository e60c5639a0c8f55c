import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { PasswordRotation } from '../../domain/alma/passwords';
import type { CalendarDate } from '../../domain/calendar';
import type { Page, PasswordRotationStore } from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';

/*
 * Keys (README "Access patterns"):
 *   password rotation  PK=PWROT#<rotationDate>  SK=ACCOUNT#<id>  one per shared account per year; Query by date
 * `sealed` is the password encrypted (SecretBox): never in clear in the table.
 */

/** A rotation is kept two years (who revealed it, when), long after its password was erased. */
const ROTATION_TTL_SECONDS = 800 * 86_400;

const key = (rotationDate: CalendarDate, accountId: string) => ({
  PK: `PWROT#${rotationDate}`,
  SK: `ACCOUNT#${accountId}`,
});

const toItem = (rotation: PasswordRotation) => ({
  ...key(rotation.rotationDate, rotation.accountId),
  type: 'password-rotation',
  ...rotation,
  expiresAt: Math.floor(Date.parse(rotation.plannedAt) / 1000) + ROTATION_TTL_SECONDS,
});

function fromItem(item: Record<string, unknown>): PasswordRotation {
  const { PK: _pk, SK: _sk, type: _type, expiresAt: _ttl, ...rotation } = item;
  return rotation as unknown as PasswordRotation;
}

export class DynamoDbRotationStore implements PasswordRotationStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async get(rotationDate: CalendarDate, accountId: string): Promise<PasswordRotation | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: key(rotationDate, accountId),
      ConsistentRead: true,
    });
    return Item ? fromItem(Item) : undefined;
  }

  async create(rotation: PasswordRotation): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: toItem(rotation),
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async update(next: PasswordRotation): Promise<void> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: toItem(next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': next.version - 1 },
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConcurrentUpdateError(`the rotation of ${next.accountId} was changed meanwhile`, {
          cause: error,
        });
      throw error;
    }
  }

  async list(rotationDate: CalendarDate): Promise<Page<PasswordRotation>> {
    const items: PasswordRotation[] = [];
    let itemsRead = 0;
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `PWROT#${rotationDate}` },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      itemsRead += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) items.push(fromItem(item));
    }
    return { items, itemsRead };
  }
}
