import type { CalendarDate } from '../../domain/calendar';
import { askedKey, type NoticeStateStore, type ReviewDecisionStore } from '../../domain/notices/ports';
import type { ReviewDecisionRecord } from '../../domain/notices/review';
import { DynamoDbClaimStore } from './claim-store';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { writeAll } from './write-all';

/*
 * Keys (README "Access patterns"):
 *   review decision  PK=REVIEW#<campaign>        SK=ACCOUNT#<id>   one per account per campaign; Query by campaign
 *   review asked     PK=REVIEW#<campaign>        SK=ASKED#<stage>#<id>  the stage's notice went out (skip without claiming)
 *   job mark         PK=NOTICE#JOB#<job>         SK=LAST-RUN       last Brussels day a notice job handled completely
 */

/** Decisions are kept about two years, long after the campaign's final list. */
const DECISION_TTL_SECONDS = 800 * 86_400;

export class DynamoDbReviewStore implements ReviewDecisionStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async put(record: ReviewDecisionRecord): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: {
        PK: `REVIEW#${record.campaign}`,
        SK: `ACCOUNT#${record.accountId}`,
        type: 'review-decision',
        ...record,
        expiresAt: Math.floor(Date.parse(record.decidedAt) / 1000) + DECISION_TTL_SECONDS,
      },
    });
  }

  async get(campaign: number, accountId: string): Promise<ReviewDecisionRecord | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `REVIEW#${campaign}`, SK: `ACCOUNT#${accountId}` },
      ConsistentRead: true,
    });
    return Item ? recordOf(Item) : undefined;
  }

  async list(campaign: number): Promise<{ items: ReviewDecisionRecord[]; itemsRead: number }> {
    const { items, itemsRead } = await this.query(campaign, 'ACCOUNT#');
    return { items: items.map(recordOf), itemsRead };
  }

  async campaign(
    campaign: number,
  ): Promise<{ decisions: ReviewDecisionRecord[]; asked: Set<string>; itemsRead: number }> {
    const { items, itemsRead } = await this.query(campaign, '');
    const decisions: ReviewDecisionRecord[] = [];
    const asked = new Set<string>();
    for (const item of items) {
      if (String(item.SK).startsWith('ACCOUNT#')) decisions.push(recordOf(item));
      else if (item.type === 'review-asked') asked.add(askedKey(String(item.stage), String(item.accountId)));
    }
    return { decisions, asked, itemsRead };
  }

  async markAsked(campaign: number, entries: { stage: string; accountId: string }[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + DECISION_TTL_SECONDS;
    await writeAll(
      this.client,
      this.tableName,
      entries.map(({ stage, accountId }) => ({
        PutRequest: {
          Item: {
            PK: `REVIEW#${campaign}`,
            SK: `ASKED#${stage}#${accountId}`,
            type: 'review-asked',
            stage,
            accountId,
            expiresAt,
          },
        },
      })),
    );
  }

  private async query(campaign: number, prefix: string) {
    const items: Record<string, unknown>[] = [];
    let itemsRead = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': `REVIEW#${campaign}`,
          ...(prefix ? { ':prefix': prefix } : {}),
        },
        ConsistentRead: true,
        ExclusiveStartKey,
      });
      itemsRead += page.ScannedCount ?? 0;
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { items, itemsRead };
  }
}

function recordOf(item: Record<string, unknown>): ReviewDecisionRecord {
  return {
    campaign: Number(item.campaign),
    accountId: String(item.accountId),
    institution: String(item.institution),
    decision: item.decision === 'renew' ? 'renew' : 'not-renew',
    decidedAt: String(item.decidedAt),
    actor: String(item.actor),
    via: String(item.via),
  };
}

export class DynamoDbNoticeStateStore implements NoticeStateStore {
  private readonly claims: DynamoDbClaimStore;
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {
    this.claims = new DynamoDbClaimStore(client, tableName);
  }

  async lastRun(job: string): Promise<CalendarDate | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `NOTICE#JOB#${job}`, SK: 'LAST-RUN' },
      ConsistentRead: true,
    });
    return (Item?.day as CalendarDate | undefined) ?? undefined;
  }

  async markRun(job: string, day: CalendarDate): Promise<void> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          PK: `NOTICE#JOB#${job}`,
          SK: 'LAST-RUN',
          type: 'notice-job',
          day,
          at: new Date().toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK) OR #day < :day',
        ExpressionAttributeNames: { '#day': 'day' },
        ExpressionAttributeValues: { ':day': day },
      });
    } catch (error) {
      // Another run already marked this day or a later one: nothing to do.
      if (!isConditionFailure(error)) throw error;
    }
  }

  isDone(claimKey: string): Promise<boolean> {
    return this.claims.isDone(claimKey);
  }
}
