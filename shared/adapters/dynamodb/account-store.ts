import { paginateQuery, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Account, AccountEvent } from '../../domain/account';
import { brusselsDate, type CalendarDate } from '../../domain/calendar';
import { ulid } from '../../domain/ids';
import { accountListKeys } from '../../domain/portal/list-keys';
import type { AccountStore, Page, SharedIndexBackfill } from '../../domain/ports';
import { AlreadyExistsError, ConcurrentUpdateError, ImportInProgressError } from '../../errors';
import { type DynamoDBDocument, failedConditions, isConditionFailure } from './client';
import { fenceCheck } from './import-fence';
import { writeAll } from './write-all';

/*
 * Keys (README "Access patterns"):
 *   account        PK=ACCOUNT#<id>            SK=ACCOUNT
 *   history        PK=ACCOUNT#<id>            SK=HISTORY#<at>#<ulid>
 *   open e-mail    PK=OPEN#<inst>#<email>     SK=OPEN            (one open account per e-mail per institution)
 *   GSI1 end date  GSI1PK=END                 GSI1SK=<endDate>#<updatedAt>#<id>  only open accounts with an end date
 *   GSI1 closed    GSI1PK=CLOSED              GSI1SK=<closedDay>#<id>        closed accounts not yet purged
 *   GSI2 e-mail    GSI2PK=EMAIL#<email>       GSI2SK=<inst>#<id>
 *   GSI3 inst.     GSI3PK=INST#<inst>         GSI3SK=<id>
 *   GSI4 deact.    GSI4PK=DEACT               GSI4SK=<deactivationDate>#<id> only open accounts with a deactivation date
 *   portal lists   GSI5..8PK=INST#<inst>#open|closed  (shared/adapters/dynamodb/portal-store.ts)
 *                  GSI5SK=<name key>!<id>  GSI6SK=<email>!<id>  GSI7SK=<endDate|9999-12-31>!<id>
 *                  GSI8SK=<employeeType>!<accountType>!<name key>!<id>
 *   GSI4 shared    GSI4PK=SHARED              GSI4SK=<inst>#<id>  only open shared accounts without one (password rotation)
 *   backfill mark  PK=INDEX#SHARED            SK=BACKFILL   the SHARED partition's backfill: institutions done, cursor, complete
 */

const SHARED_BACKFILL_KEY = { PK: 'INDEX#SHARED', SK: 'BACKFILL' };

interface SharedBackfillMark {
  complete: boolean;
  /** Institutions whose accounts were all looked at. */
  done: string[];
  /** Where the institution being read stopped (its GSI3 page key). */
  cursor: { institution: string; lastKey: Record<string, unknown> } | null;
}

/** The `SHARED` partition's attributes, when the account belongs there (see accountToItem). */
function sharedIndexOf(account: Account): { GSI4PK: string; GSI4SK: string } | undefined {
  if (account.status === 'closed' || account.deactivationDate || account.accountType !== 'shared')
    return undefined;
  return { GSI4PK: 'SHARED', GSI4SK: `${account.institution}#${account.id}` };
}

const accountKey = (id: string) => ({ PK: `ACCOUNT#${id}`, SK: 'ACCOUNT' });
export const openKey = (account: Pick<Account, 'institution' | 'email'>) => ({
  PK: `OPEN#${account.institution}#${account.email.toLowerCase()}`,
  SK: 'OPEN',
});

const ACCOUNT_FIELDS = [
  'id',
  'institution',
  'accountType',
  'employeeType',
  'fullName',
  'givenName',
  'familyName',
  'email',
  'supervisorEmail',
  'tasks',
  'missionEndDate',
  'endDate',
  'deactivationDate',
  'status',
  'trainingRecommended',
  'createdAt',
  'updatedAt',
  'version',
] as const;

const OPTIONAL_FIELDS: ReadonlySet<string> = new Set(['givenName', 'familyName']);

export function accountToItem(account: Account): Record<string, unknown> {
  const open = account.status !== 'closed';
  const item: Record<string, unknown> = {
    ...accountKey(account.id),
    type: 'account',
    ...account,
    GSI2PK: `EMAIL#${account.email.toLowerCase()}`,
    GSI2SK: `${account.institution}#${account.id}`,
    GSI3PK: `INST#${account.institution}`,
    GSI3SK: account.id,
    ...accountListKeys(account),
  };
  if (open && account.endDate) {
    item.GSI1PK = 'END';
    // The update time after the date lets a job read only the accounts of a day that changed since
    // its last run. Items written before that key had `<endDate>#<id>`: 'A' sorts after digits,
    // so they still count as changed (read every time, never missed) until they are next written.
    item.GSI1SK = `${account.endDate}#${account.updatedAt}#${account.id}`;
  }
  if (!open && !account.purgedAt) {
    item.GSI1PK = 'CLOSED';
    // The Brussels day it was closed (an account closed at 00:30 on 1 April belongs to 1 April).
    item.GSI1SK = `${brusselsDate(new Date(account.updatedAt))}#${account.id}`;
  }
  if (open && account.deactivationDate) {
    item.GSI4PK = 'DEACT';
    item.GSI4SK = `${account.deactivationDate}#${account.id}`;
  } else if (sharedIndexOf(account)) {
    // The same sparse index, another partition: a shared account being closed is not rotated, so
    // the two never meet, and the rotation reads only the few shared accounts.
    Object.assign(item, sharedIndexOf(account));
  }
  return item;
}

export function accountFromItem(item: Record<string, unknown>): Account {
  const account: Record<string, unknown> = {};
  for (const field of ACCOUNT_FIELDS) {
    // The name's parts are read only from requests that said which is which: absent, not null, otherwise.
    if (OPTIONAL_FIELDS.has(field) && item[field] == null) continue;
    account[field] = item[field] ?? null;
  }
  account.trainingRecommended = Boolean(item.trainingRecommended);
  account.version = Number(item.version ?? 0);
  if (item.purgedAt) account.purgedAt = item.purgedAt;
  // Only accounts provisioning has looked at carry an Alma state.
  if (item.alma) account.alma = item.alma;
  return account as unknown as Account;
}

export function historyItem(event: AccountEvent, eventId: string = ulid()): Record<string, unknown> {
  return {
    PK: `ACCOUNT#${event.accountId}`,
    SK: `HISTORY#${event.at}#${eventId}`,
    type: 'history',
    ...event,
  };
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * The items of an account change in one transaction: the new version (conditional on the one it
 * was read at) and its history event; closing also frees the e-mail. `next` null: only the event.
 */
export function accountChangeItems(
  tableName: string,
  next: Account | null,
  event: AccountEvent,
): TransactItems {
  if (!next) return [{ Put: { TableName: tableName, Item: historyItem(event) } }];
  const items: TransactItems = [
    {
      Put: {
        TableName: tableName,
        Item: accountToItem(next),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': next.version - 1 },
      },
    },
    { Put: { TableName: tableName, Item: historyItem(event) } },
  ];
  // Closing frees the e-mail: the institution may later ask for a new account for the same person.
  if (next.status === 'closed') {
    items.push({
      Delete: {
        TableName: tableName,
        Key: openKey(next),
        ConditionExpression: 'attribute_not_exists(PK) OR accountId = :id',
        ExpressionAttributeValues: { ':id': next.id },
      },
    });
  }
  return items;
}

export class DynamoDbAccountStore implements AccountStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async create(account: Account, event: AccountEvent): Promise<void> {
    try {
      await this.client.transactWrite({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: accountToItem(account),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...openKey(account), type: 'open-email', accountId: account.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          { Put: { TableName: this.tableName, Item: historyItem(event) } },
          // Last: its index in CancellationReasons tells an import's fence from a taken address.
          fenceCheck(this.tableName, account.institution),
        ],
      });
    } catch (error) {
      const failed = failedConditions(error);
      if (failed.includes(3) && !failed.includes(1))
        throw new ImportInProgressError(account.institution, { cause: error });
      if (isConditionFailure(error)) {
        throw new AlreadyExistsError(`${account.institution} already has an open account for this e-mail`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async update(next: Account, event: AccountEvent): Promise<void> {
    const items = accountChangeItems(this.tableName, next, event);
    try {
      await this.client.transactWrite({ TransactItems: items });
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConcurrentUpdateError(`account ${next.id} was changed by someone else; read it again`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async get(id: string): Promise<Account | undefined> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: accountKey(id),
      ConsistentRead: true,
    });
    return Item ? accountFromItem(Item) : undefined;
  }

  async findByEmail(email: string, institution?: string): Promise<Account[]> {
    const page = await this.queryAll({
      IndexName: 'GSI2',
      KeyConditionExpression: institution ? 'GSI2PK = :pk AND begins_with(GSI2SK, :inst)' : 'GSI2PK = :pk',
      ExpressionAttributeValues: {
        ':pk': `EMAIL#${email.toLowerCase()}`,
        ...(institution ? { ':inst': `${institution}#` } : {}),
      },
      ScanIndexForward: false,
    });
    return page.items;
  }

  listByInstitution(institution: string, onPage?: (read: number) => void): Promise<Page<Account>> {
    return this.queryAll(
      {
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `INST#${institution}` },
      },
      onPage,
    );
  }

  async countByInstitution(institution: string): Promise<number> {
    let count = 0;
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': `INST#${institution}` },
        Select: 'COUNT',
      },
    );
    for await (const page of pages) count += page.Count ?? 0;
    return count;
  }

  listShared(): Promise<Page<Account>> {
    return this.queryAll({
      IndexName: 'GSI4',
      KeyConditionExpression: 'GSI4PK = :pk',
      ExpressionAttributeValues: { ':pk': 'SHARED' },
    });
  }

  /** Once seen complete, the mark is not read again by this store (a warm Lambda reads it once). */
  private sharedComplete = false;

  async sharedIndexComplete(): Promise<boolean> {
    if (!this.sharedComplete) this.sharedComplete = (await this.backfillMark()).complete;
    return this.sharedComplete;
  }

  private async backfillMark(): Promise<SharedBackfillMark> {
    const { Item } = await this.client.get({
      TableName: this.tableName,
      Key: SHARED_BACKFILL_KEY,
      ConsistentRead: true,
    });
    return {
      complete: Item?.complete === true,
      done: (Item?.done as string[] | undefined) ?? [],
      cursor: (Item?.cursor as SharedBackfillMark['cursor'] | undefined) ?? null,
    };
  }

  async backfillSharedIndex(institutions: readonly string[], maxItems: number): Promise<SharedIndexBackfill> {
    const mark = await this.backfillMark();
    const result: SharedIndexBackfill = { complete: mark.complete, itemsRead: 0, indexed: 0 };
    if (mark.complete) return result;
    for (const institution of institutions) {
      if (mark.done.includes(institution)) continue;
      let ExclusiveStartKey = mark.cursor?.institution === institution ? mark.cursor.lastKey : undefined;
      do {
        if (result.itemsRead >= maxItems) {
          await this.saveBackfillMark(mark);
          return result;
        }
        const page = await this.client.query({
          TableName: this.tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': `INST#${institution}` },
          Limit: Math.min(1000, maxItems - result.itemsRead),
          ExclusiveStartKey,
        });
        result.itemsRead += page.ScannedCount ?? 0;
        for (const item of page.Items ?? []) {
          if (item.type !== 'account' || item.GSI4PK === 'SHARED') continue;
          const index = sharedIndexOf(accountFromItem(item));
          if (!index) continue;
          try {
            await this.client.update({
              TableName: this.tableName,
              Key: accountKey(String(item.id)),
              UpdateExpression: 'SET GSI4PK = :pk, GSI4SK = :sk',
              // Changed since read: its new version was written with the attributes it needs.
              ConditionExpression: 'version = :v AND attribute_not_exists(GSI4PK)',
              ExpressionAttributeValues: { ':pk': index.GSI4PK, ':sk': index.GSI4SK, ':v': item.version },
            });
            result.indexed++;
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
        mark.cursor = ExclusiveStartKey ? { institution, lastKey: ExclusiveStartKey } : null;
      } while (ExclusiveStartKey);
      mark.done.push(institution);
    }
    mark.complete = true;
    mark.cursor = null;
    await this.saveBackfillMark(mark);
    this.sharedComplete = true;
    return { ...result, complete: true };
  }

  private async saveBackfillMark(mark: SharedBackfillMark): Promise<void> {
    await this.client.put({
      TableName: this.tableName,
      Item: { ...SHARED_BACKFILL_KEY, type: 'index-backfill', ...mark },
    });
  }

  listEndingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>> {
    return this.queryDateIndex('GSI1', 'END', from, to);
  }

  listEndingOnChangedSince(date: CalendarDate, since: Date): Promise<Page<Account>> {
    return this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': 'END',
        ':from': `${date}#${since.toISOString()}`,
        ':to': `${date}#~`,
      },
    });
  }

  listClosedBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>> {
    return this.queryDateIndex('GSI1', 'CLOSED', from, to);
  }

  /** Rewrites an account's history events (e.g. to drop personal data); keys and order stay. */
  async rewriteHistory(id: string, rewrite: (event: AccountEvent) => AccountEvent): Promise<number> {
    let count = 0;
    for await (const { PK, SK, type, ...event } of this.historyItems(id)) {
      await this.client.put({
        TableName: this.tableName,
        Item: { PK, SK, type, ...rewrite(event as unknown as AccountEvent) },
      });
      count++;
    }
    return count;
  }

  listDeactivatingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>> {
    return this.queryDateIndex('GSI4', 'DEACT', from, to);
  }

  async history(id: string): Promise<AccountEvent[]> {
    const events: AccountEvent[] = [];
    for await (const { PK: _pk, SK: _sk, type: _type, ...event } of this.historyItems(id))
      events.push(event as unknown as AccountEvent);
    return events;
  }

  private async *historyItems(id: string): AsyncGenerator<Record<string, unknown>> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :history)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${id}`, ':history': 'HISTORY#' },
        ExclusiveStartKey,
      });
      yield* page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async appendHistory(event: AccountEvent, eventId?: string): Promise<void> {
    await this.client.put({ TableName: this.tableName, Item: historyItem(event, eventId) });
  }

  async createMany(entries: { account: Account; event: AccountEvent }[]): Promise<void> {
    // Uniqueness is checked per item by the conditional transactions; 10 concurrent keeps DynamoDB Local happy.
    const queue = [...entries];
    const workers = Array.from({ length: 10 }, async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift())
        await this.create(entry.account, entry.event);
    });
    await Promise.all(workers);
  }

  /** Deletes items in batches (used by tests and purges); retries unprocessed items. */
  async deleteKeys(keys: { PK: string; SK: string }[]): Promise<void> {
    await writeAll(
      this.client,
      this.tableName,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }

  private queryDateIndex(
    indexName: 'GSI1' | 'GSI4',
    partition: string,
    from: CalendarDate | null,
    to: CalendarDate,
  ): Promise<Page<Account>> {
    const pk = `${indexName}PK`;
    const sk = `${indexName}SK`;
    // '#' sorts before every id character and '~' after, so the bounds include whole days.
    return this.queryAll({
      IndexName: indexName,
      KeyConditionExpression: from
        ? `${pk} = :pk AND ${sk} BETWEEN :from AND :to`
        : `${pk} = :pk AND ${sk} <= :to`,
      ExpressionAttributeValues: {
        ':pk': partition,
        ':to': `${to}#~`,
        ...(from ? { ':from': `${from}#` } : {}),
      },
    });
  }

  private async queryAll(
    input: Omit<QueryCommandInput, 'TableName'>,
    onPage?: (read: number) => void,
  ): Promise<Page<Account>> {
    const items: Account[] = [];
    let itemsRead = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({ ...input, TableName: this.tableName, ExclusiveStartKey });
      itemsRead += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) items.push(accountFromItem(item));
      onPage?.(items.length);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { items, itemsRead };
  }
}

export { accountKey };
