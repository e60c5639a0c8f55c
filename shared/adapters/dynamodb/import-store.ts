import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../domain/account';
import type { AccountImportStore, ImportEntry, ImportRecord } from '../../domain/ports';
import { ImportConflictError, ImportFenceLostError, ImportInProgressError } from '../../errors';
import { accountKey, accountToItem, historyItem, openKey } from './account-store';
import { type DynamoDBDocument, failedConditions, isConditionFailure } from './client';
import {
  FENCE_LEASE_MS,
  FENCE_PK,
  FENCE_RENEW_BELOW_MS,
  FENCE_WRITE_MARGIN_MS,
  fenceKey,
} from './import-fence';
import { writeAll } from './write-all';

/*
 * Keys (README "Access patterns"):
 *   import marker  PK=IMPORTS   SK=IMPORT#<importId>   state writing → done (TTL once done)
 *   import fence   PK=IMPORTS   SK=FENCE#<institution>  while it writes (import-fence.ts)
 * Every account, open-address and history item an import writes carries `importId`; its history
 * line's key is HISTORY#<import's at>#<importId>, so a rollback knows all three keys of an account.
 */

const MARKER_PK = FENCE_PK;
const markerKey = (id: string) => ({ PK: MARKER_PK, SK: `IMPORT#${id}` });
/** DynamoDB's limit of keys in one BatchGetItem. */
const KEYS_PER_BATCH_GET = 100;
/** BatchWriteItem calls of one batch sent at once (200 items: 8 calls, then 100: 4). */
const WRITES_IN_FLIGHT = 4;
const DONE_KEPT_DAYS = 90;

export class DynamoDbAccountImportStore implements AccountImportStore {
  /** 100 accounts a batch: one BatchGetItem of their open-address keys. */
  readonly batchSize = KEYS_PER_BATCH_GET;
  /** The fences' lease of each import this process writes. */
  private readonly leases = new Map<string, { until: number; renewal?: Promise<void> }>();

  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  /**
   * One Query per institution on the by-institution index (email and status only), not one key
   * per row: the cost follows the store's size, and an import into an empty institution reads
   * nothing. The transactions' conditions remain the guard against a race.
   */
  async openAccounts(
    institutions: Iterable<string>,
    wanted: (key: string) => boolean,
  ): Promise<Map<string, Pick<Account, 'status' | 'employeeType'>[]>> {
    const open = new Map<string, Pick<Account, 'status' | 'employeeType'>[]>();
    for (const institution of new Set(institutions)) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          FilterExpression: '#status <> :closed',
          ProjectionExpression: 'email, #status, employeeType',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': `INST#${institution}`, ':closed': 'closed' },
        },
      );
      for await (const page of pages) {
        for (const { email, status, employeeType } of (page.Items ?? []) as Pick<
          Account,
          'email' | 'status' | 'employeeType'
        >[]) {
          const key = `${institution}#${email.toLowerCase()}`;
          if (!wanted(key)) continue;
          const accounts = open.get(key);
          if (accounts) accounts.push({ status, employeeType });
          else open.set(key, [{ status, employeeType }]);
        }
      }
    }
    return open;
  }

  /**
   * The marker and the fence of every institution of the file, in one transaction. A live fence
   * (another import into the same institution) refuses it; a lapsed one (its import was killed)
   * is taken over.
   */
  async begin(record: ImportRecord): Promise<void> {
    const now = Date.now();
    const until = now + FENCE_LEASE_MS;
    try {
      await this.client.transactWrite({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...markerKey(record.id), type: 'import', state: 'writing', ...record },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...record.institutions.map((institution) => ({
            Put: {
              TableName: this.tableName,
              Item: { ...fenceKey(institution), type: 'import-fence', importId: record.id, until },
              ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
              ExpressionAttributeNames: { '#until': 'until' },
              ExpressionAttributeValues: { ':now': now },
            },
          })),
        ],
      });
    } catch (error) {
      // Item 0 is the marker, then one fence per institution.
      const fenced = failedConditions(error).find((i) => i > 0);
      if (fenced) throw new ImportInProgressError(record.institutions[fenced - 1]!, { cause: error });
      throw error;
    }
    this.leases.set(record.id, { until });
  }

  /**
   * Writes one batch: a consistent read of its open-address keys (the fence keeps creates out
   * from here on, so what it finds free stays free), then the accounts and their history lines,
   * then their open-address items, all by BatchWriteItem. In that order, whatever a kill leaves
   * is found by a rollback through the accounts.
   */
  async writeBatch(record: ImportRecord, entries: ImportEntry[]): Promise<void> {
    await this.holdFence(record);
    const TableName = this.tableName;
    const importId = record.id;
    const taken = new Set(
      (await this.existingKeys(entries.map(({ account }) => openKey(account)))).map((k) => k.PK),
    );
    if (taken.size) throw new ImportConflictError(entries.findIndex((e) => taken.has(openKey(e.account).PK)));
    await writeAll(
      this.client,
      TableName,
      entries.flatMap(({ account, event }) => [
        { PutRequest: { Item: { ...accountToItem(account), importId } } },
        { PutRequest: { Item: { ...historyItem(event, importId), importId } } },
      ]),
      { inFlight: WRITES_IN_FLIGHT },
    );
    await this.holdFence(record);
    await writeAll(
      this.client,
      TableName,
      entries.map(({ account }) => ({
        PutRequest: { Item: { ...openKey(account), type: 'open-email', accountId: account.id, importId } },
      })),
      { inFlight: WRITES_IN_FLIGHT },
    );
  }

  /**
   * Renews the import's fences when less than FENCE_RENEW_BELOW_MS is left (one renewal at a time
   * for all batches in flight); throws when the lease is lost or too short to write under.
   */
  private async holdFence(record: ImportRecord): Promise<void> {
    const lease = this.leases.get(record.id);
    if (!lease) throw new ImportFenceLostError(record.institutions.join(', '));
    if (lease.until - Date.now() < FENCE_RENEW_BELOW_MS) {
      lease.renewal ??= this.renewFence(record, lease).finally(() => {
        lease.renewal = undefined;
      });
      await lease.renewal;
    }
    if (lease.until - Date.now() < FENCE_WRITE_MARGIN_MS)
      throw new ImportFenceLostError(record.institutions.join(', '));
  }

  private async renewFence(record: ImportRecord, lease: { until: number }): Promise<void> {
    const now = Date.now();
    const until = now + FENCE_LEASE_MS;
    try {
      await this.client.transactWrite({
        TransactItems: record.institutions.map((institution) => ({
          Update: {
            TableName: this.tableName,
            Key: fenceKey(institution),
            UpdateExpression: 'SET #until = :until',
            // Only a fence still ours and still live: a lapsed one may have let a create in.
            ConditionExpression: 'importId = :id AND #until >= :now',
            ExpressionAttributeNames: { '#until': 'until' },
            ExpressionAttributeValues: { ':id': record.id, ':until': until, ':now': now },
          },
        })),
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ImportFenceLostError(record.institutions.join(', '), { cause: error });
      throw error;
    }
    lease.until = until;
  }

  /** Lifts the import's fences (only its own: a lapsed fence may have been taken by another import). */
  private async liftFences(record: ImportRecord): Promise<void> {
    this.leases.delete(record.id);
    for (const institution of record.institutions) {
      try {
        await this.client.delete({
          TableName: this.tableName,
          Key: fenceKey(institution),
          ConditionExpression: 'importId = :id',
          ExpressionAttributeValues: { ':id': record.id },
        });
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  async finish(record: ImportRecord): Promise<void> {
    const now = Date.now();
    await this.client.update({
      TableName: this.tableName,
      Key: markerKey(record.id),
      UpdateExpression: 'SET #state = :done, finishedAt = :at, expiresAt = :ttl',
      ConditionExpression: '#state = :writing',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':writing': 'writing',
        ':at': new Date(now).toISOString(),
        ':ttl': Math.floor(now / 1000) + DONE_KEPT_DAYS * 86_400,
      },
    });
    await this.liftFences(record);
  }

  async unfinished(): Promise<ImportRecord[]> {
    const records: ImportRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :marker)',
        FilterExpression: '#state = :writing',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': MARKER_PK, ':marker': 'IMPORT#', ':writing': 'writing' },
        ConsistentRead: true,
        ExclusiveStartKey,
      });
      for (const { PK: _pk, SK: _sk, type: _type, state: _state, ...record } of page.Items ?? [])
        records.push(record as unknown as ImportRecord);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return records;
  }

  async rollback(record: ImportRecord, onProgress?: (removed: number) => void): Promise<number> {
    let removed = 0;
    // The by-institution index is eventually consistent: look again until a pass finds nothing.
    for (let found = -1; found !== 0; ) {
      found = 0;
      for (const institution of record.institutions) {
        const pages = paginateQuery(
          { client: this.client },
          {
            TableName: this.tableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk',
            FilterExpression: 'importId = :id',
            ProjectionExpression: 'id, institution, email',
            ExpressionAttributeValues: { ':pk': `INST#${institution}`, ':id': record.id },
          },
        );
        for await (const page of pages) {
          const accounts = (page.Items ?? []) as { id: string; institution: string; email: string }[];
          if (accounts.length) {
            await this.removeAccounts(record, accounts);
            found += accounts.length;
            removed += accounts.length;
            onProgress?.(removed);
          }
        }
      }
    }
    await this.liftFences(record);
    await this.client.delete({ TableName: this.tableName, Key: markerKey(record.id) });
    return removed;
  }

  /**
   * The open-address items first (only those still this import's: the address may have been
   * freed and taken since), then history lines, then the accounts, so that a rollback stopped
   * half-way finds what is left through the accounts when it is run again.
   */
  private async removeAccounts(
    record: ImportRecord,
    accounts: { id: string; institution: string; email: string }[],
  ) {
    const opens = await this.existingKeys(
      accounts.map((a) => openKey(a)),
      'PK, SK, importId',
    );
    const ours = opens.filter((item) => item.importId === record.id);
    await writeAll(
      this.client,
      this.tableName,
      ours.map(({ PK, SK }) => ({ DeleteRequest: { Key: { PK, SK } } })),
      { inFlight: 4 },
    );
    await writeAll(
      this.client,
      this.tableName,
      accounts.map((a) => ({
        DeleteRequest: { Key: { PK: accountKey(a.id).PK, SK: `HISTORY#${record.at}#${record.id}` } },
      })),
      { inFlight: 4 },
    );
    await writeAll(
      this.client,
      this.tableName,
      accounts.map((a) => ({ DeleteRequest: { Key: accountKey(a.id) } })),
      { inFlight: 4 },
    );
  }

  /** The items of these keys that exist (BatchGetItem, 100 keys a call, unprocessed keys asked again). */
  private async existingKeys(
    keys: { PK: string; SK: string }[],
    projection = 'PK, SK',
  ): Promise<Record<string, string>[]> {
    const items: Record<string, string>[] = [];
    const unique = [...new Map(keys.map((k) => [`${k.PK}\n${k.SK}`, k])).values()];
    const batches: { PK: string; SK: string }[][] = [];
    for (let i = 0; i < unique.length; i += KEYS_PER_BATCH_GET)
      batches.push(unique.slice(i, i + KEYS_PER_BATCH_GET));
    const worker = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        let pending: Record<string, unknown>[] = batch;
        for (let round = 0; pending.length; round++) {
          if (round) await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** round)));
          if (round === 8) throw new Error(`DynamoDB kept ${pending.length} key(s) unprocessed`);
          const answer = await this.client.batchGet({
            RequestItems: {
              [this.tableName]: {
                Keys: pending,
                ProjectionExpression: projection,
                ConsistentRead: true,
              },
            },
          });
          items.push(...((answer.Responses?.[this.tableName] ?? []) as Record<string, string>[]));
          pending = answer.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return items;
  }
}
