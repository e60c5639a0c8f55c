import type { Account, AccountEvent } from '../../domain/account';
import type { CalendarDate } from '../../domain/calendar';
import type { ReviewDecisionRecord } from '../../domain/notices/review';
import type {
  DeactivationBacklog,
  NoticeStateStore,
  PendingDeactivation,
  ReviewDecisionStore,
  ReviewProgress,
} from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { accountChangeItems } from './account-store';
import { DynamoDbClaimStore } from './claim-store';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { writeAll } from './write-all';

/*
 * Keys (README "Access patterns"):
 *   review decision  PK=REVIEW#<campaign>        SK=ACCOUNT#<id>   one per account per campaign; Query by campaign
 *   review asked     PK=REVIEW#<campaign>        SK=ASKED#<stage>#<id>  the stage's notice went out (skip without claiming)
 *   review progress  PK=REVIEW#<campaign>        SK=PROGRESS       per stage: every account written before this instant was handled
 *   job mark         PK=NOTICE#JOB#<job>         SK=LAST-RUN       last Brussels day a notice job handled completely
 *   first run        PK=NOTICE#JOB#<job>         SK=FIRST-RUN      first Brussels day a notice job was attempted (kept)
 *   backlog          PK=NOTICE#JOB#deactivation-list SK=BACKLOG#<n> accounts still to deactivate, 500 a chunk
 */

/** The deactivation list's backlog: chunks of pending accounts (an item holds at most 400 KB). */
const BACKLOG_PK = 'NOTICE#JOB#deactivation-list';
const BACKLOG_CHUNK = 500;

/** Decisions are kept about two years, long after the campaign's final list. */
const DECISION_TTL_SECONDS = 800 * 86_400;

const decisionItem = (record: ReviewDecisionRecord) => ({
  PK: `REVIEW#${record.campaign}`,
  SK: `ACCOUNT#${record.accountId}`,
  type: 'review-decision',
  ...record,
  expiresAt: Math.floor(Date.parse(record.decidedAt) / 1000) + DECISION_TTL_SECONDS,
});

export class DynamoDbReviewStore implements ReviewDecisionStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async put(record: ReviewDecisionRecord): Promise<void> {
    await this.client.put({ TableName: this.tableName, Item: decisionItem(record) });
  }

  async decide(
    record: ReviewDecisionRecord,
    previous: ReviewDecisionRecord | undefined,
    change: { next: Account | null; event: AccountEvent },
  ): Promise<void> {
    const unchanged = previous
      ? {
          ConditionExpression: 'decidedAt = :previous',
          ExpressionAttributeValues: { ':previous': previous.decidedAt },
        }
      : { ConditionExpression: 'attribute_not_exists(PK)' };
    try {
      await this.client.transactWrite({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: decisionItem(record), ...unchanged } },
          ...accountChangeItems(this.tableName, change.next, change.event),
        ],
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      throw new ConcurrentUpdateError(
        `account ${record.accountId} or its ${record.campaign} review decision changed since it was read`,
        { cause: error },
      );
    }
  }

  async get(campaign: number, accountId: string): Promise<ReviewDecisionRecord | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `REVIEW#${campaign}`, SK: `ACCOUNT#${accountId}` },
      ConsistentRead: true,
    });
    return Item ? recordOf(Item) : undefined;
  }

  async decisions(campaign: number): Promise<{ items: ReviewDecisionRecord[]; itemsRead: number }> {
    const { items, itemsRead } = await this.query(campaign, 'ACCOUNT#');
    return { items: items.map(recordOf), itemsRead };
  }

  async asked(campaign: number, stage: string): Promise<{ accountIds: Set<string>; itemsRead: number }> {
    const { items, itemsRead } = await this.query(campaign, `ASKED#${stage}#`);
    return { accountIds: new Set(items.map((item) => String(item.accountId))), itemsRead };
  }

  async entriesOf(
    campaign: number,
    stage: string,
    accountIds: readonly string[],
  ): Promise<{ decisions: ReviewDecisionRecord[]; asked: Set<string>; itemsRead: number }> {
    const keys = accountIds.flatMap((id) => [
      { PK: `REVIEW#${campaign}`, SK: `ACCOUNT#${id}` },
      { PK: `REVIEW#${campaign}`, SK: `ASKED#${stage}#${id}` },
    ]);
    const decisions: ReviewDecisionRecord[] = [];
    const asked = new Set<string>();
    // BatchGetItem takes 100 keys; keys DynamoDB leaves unprocessed are asked again (a few rounds).
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
      for (let round = 0; pending.length; round++) {
        if (round >= 5) throw new Error(`review entries: ${pending.length} keys left unprocessed`);
        if (round) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
        const result = await this.client.batchGet({
          RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
        });
        for (const item of result.Responses?.[this.tableName] ?? []) {
          if (String(item.SK).startsWith('ACCOUNT#')) decisions.push(recordOf(item));
          else asked.add(String(item.accountId));
        }
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return { decisions, asked, itemsRead: decisions.length + asked.size };
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

  async progress(campaign: number): Promise<{ progress: ReviewProgress; itemsRead: number }> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: { PK: `REVIEW#${campaign}`, SK: 'PROGRESS' },
      ConsistentRead: true,
    });
    const progress: ReviewProgress = {};
    for (const stage of ['start', 'reminder', 'final'] as const)
      if (typeof Item?.[stage] === 'string') progress[stage] = Item[stage];
    return { progress, itemsRead: Item ? 1 : 0 };
  }

  async markStageHandled(campaign: number, stage: keyof ReviewProgress, through: string): Promise<void> {
    try {
      await this.client.update({
        TableName: this.tableName,
        Key: { PK: `REVIEW#${campaign}`, SK: 'PROGRESS' },
        UpdateExpression: 'SET #stage = :through, #type = :type, expiresAt = :ttl',
        ConditionExpression: 'attribute_not_exists(#stage) OR #stage < :through',
        ExpressionAttributeNames: { '#stage': stage, '#type': 'type' },
        ExpressionAttributeValues: {
          ':through': through,
          ':type': 'review-progress',
          ':ttl': Math.floor(Date.now() / 1000) + DECISION_TTL_SECONDS,
        },
      });
    } catch (error) {
      // A later run already marked further: nothing to do.
      if (!isConditionFailure(error)) throw error;
    }
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

  async firstRun(job: string, day: CalendarDate): Promise<CalendarDate> {
    const key = { PK: `NOTICE#JOB#${job}`, SK: 'FIRST-RUN' };
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: { ...key, type: 'notice-job', day, at: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return day;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.client.get({ TableName: this.tableName, Key: key, ConsistentRead: true });
    return (Item?.day as CalendarDate | undefined) ?? day;
  }

  isDone(claimKey: string): Promise<boolean> {
    return this.claims.isDone(claimKey);
  }

  async deactivationBacklog(): Promise<DeactivationBacklog | undefined> {
    const { Items } = await this.client.query({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :backlog)',
      ExpressionAttributeValues: { ':pk': BACKLOG_PK, ':backlog': 'BACKLOG#' },
      ConsistentRead: true,
    });
    const chunks = (Items ?? []).filter((item) => typeof item.rebuiltOn === 'string');
    const head = chunks[0];
    if (!head) return undefined;
    // A backlog is written whole under one generation; chunks of another (an interrupted write) are ignored.
    const mine = chunks.filter((c) => c.generation === head.generation && c.rebuiltOn === head.rebuiltOn);
    if (mine.length !== Number(head.chunks)) return undefined;
    return {
      rebuiltOn: head.rebuiltOn as CalendarDate,
      entries: mine.flatMap((c) => c.entries as PendingDeactivation[]),
    };
  }

  async saveDeactivationBacklog(backlog: DeactivationBacklog): Promise<void> {
    const generation = Date.now().toString(36);
    const chunks: PendingDeactivation[][] = [];
    for (let i = 0; i < backlog.entries.length; i += BACKLOG_CHUNK)
      chunks.push(backlog.entries.slice(i, i + BACKLOG_CHUNK));
    if (!chunks.length) chunks.push([]);
    const { Items } = await this.client.query({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :backlog)',
      ExpressionAttributeValues: { ':pk': BACKLOG_PK, ':backlog': 'BACKLOG#' },
      ProjectionExpression: 'PK, SK',
    });
    const stale = (Items ?? []).filter((item) => Number(String(item.SK).slice(8)) >= chunks.length);
    await writeAll(this.client, this.tableName, [
      ...chunks.map((entries, index) => ({
        PutRequest: {
          Item: {
            PK: BACKLOG_PK,
            SK: `BACKLOG#${String(index).padStart(4, '0')}`,
            type: 'deactivation-backlog',
            generation,
            chunks: chunks.length,
            rebuiltOn: backlog.rebuiltOn,
            entries,
          },
        },
      })),
      ...stale.map((item) => ({ DeleteRequest: { Key: { PK: item.PK, SK: item.SK } } })),
    ]);
  }
}
