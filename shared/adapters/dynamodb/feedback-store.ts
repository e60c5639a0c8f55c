import type { AddressStanding } from '../../domain/mail-feedback';
import type { MailFeedbackStore } from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';

/*
 * Keys (README "Access patterns"):
 *   address standing  PK=ADDRESS#<email>  SK=STANDING  what SES told of an address (bounces, complaints)
 */

const keyOf = (email: string) => ({ PK: `ADDRESS#${email.toLowerCase()}`, SK: 'STANDING' });

function standingOf(item: Record<string, unknown>): AddressStanding {
  return {
    email: String(item.email),
    state: item.state as AddressStanding['state'],
    since: (item.since as string | null) ?? null,
    detail: (item.detail as string | null) ?? null,
    transientBounces: Number(item.transientBounces ?? 0),
    feedbackIds: (item.feedbackIds as string[] | undefined) ?? [],
    version: Number(item.version),
  };
}

export class DynamoDbMailFeedbackStore implements MailFeedbackStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async get(email: string): Promise<AddressStanding | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: keyOf(email),
      ConsistentRead: true,
    });
    return Item ? standingOf(Item) : undefined;
  }

  async getMany(emails: readonly string[]): Promise<Map<string, AddressStanding>> {
    const found = new Map<string, AddressStanding>();
    const keys = [...new Set(emails.map((e) => e.toLowerCase()))].map(keyOf);
    // BatchGetItem takes 100 keys; keys DynamoDB leaves unprocessed are asked again (a few rounds).
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
      for (let round = 0; pending.length; round++) {
        if (round >= 5) throw new Error(`address standings: ${pending.length} keys left unprocessed`);
        if (round) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const result = await this.client.batchGet({ RequestItems: { [this.tableName]: { Keys: pending } } });
        for (const item of result.Responses?.[this.tableName] ?? []) {
          const standing = standingOf(item);
          found.set(standing.email, standing);
        }
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async put(standing: AddressStanding): Promise<void> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: { ...keyOf(standing.email), type: 'address-standing', ...standing },
        ...(standing.version === 1
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: 'version = :previous',
              ExpressionAttributeValues: { ':previous': standing.version - 1 },
            }),
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConcurrentUpdateError('address standing changed since it was read', { cause: error });
      throw error;
    }
  }
}
