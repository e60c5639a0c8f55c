import { addDays, brusselsDate, brusselsStartOfDay, type CalendarDate } from '../../domain/calendar';
import type { CheckRecord } from '../../domain/monitor/availability';
import { environmentTargetId } from '../../domain/monitor/targets';
import type { AnnouncedWindow, SourceReading, StatusVerdict, TargetState } from '../../domain/monitor/types';
import type { DayRecord, MonitorStore } from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { TTL_ATTRIBUTE } from './table';

/**
 * The monitor's items, one partition per target (`PK=MONITOR#<target>`):
 * - `SK=STATE`: the current state, written with a version check (two overlapping runs cannot both win);
 * - `SK=CHECK#<iso>`: one item per run, deleted by TTL after `retention.monitorHistoryDays`;
 * - `SK=DAY#<YYYY-MM-DD>`: the Brussels day's counts per verdict, one item per target per day,
 *   updated with ADD by every run (the status page draws 90 days from 90 items, not 25,920);
 * - `SK=WINDOW#<id>` (environment partitions): a maintenance window Ex Libris announced by mail.
 * Targets come from the config, so every read is a GetItem or a Query on one partition: no Scan.
 */
export interface CheckItem extends CheckRecord {
  target: string;
  /** What each source said, compact: `source: verdict — summary`. */
  sources: string[];
}

const pk = (target: string) => `MONITOR#${target}`;
const STATE_SK = 'STATE';
const CHECK_PREFIX = 'CHECK#';
const DAY_PREFIX = 'DAY#';
const WINDOW_PREFIX = 'WINDOW#';
const VERDICT_COUNTS = ['operational', 'degraded', 'down', 'maintenance', 'unknown'] as const;

export class DynamoDbMonitorStore implements MonitorStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async getState(target: string): Promise<TargetState | undefined> {
    const result = await this.client.get({
      TableName: this.tableName,
      Key: { PK: pk(target), SK: STATE_SK },
      ConsistentRead: true,
    });
    if (!result.Item) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...state } = result.Item;
    return state as TargetState;
  }

  /**
   * Writes `state` as the version after `state.version`; returns the stored state (version + 1).
   * ConcurrentUpdateError when another run wrote the target since it was read.
   */
  async putState(state: TargetState): Promise<TargetState> {
    const stored: TargetState = { ...state, version: state.version + 1 };
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: { PK: pk(state.target), SK: STATE_SK, type: 'monitor-state', ...stored },
        ConditionExpression: state.version === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
        ...(state.version === 0 ? {} : { ExpressionAttributeValues: { ':expected': state.version } }),
      });
      return stored;
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConcurrentUpdateError(`monitor state of ${state.target} changed since it was read`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async appendCheck(
    target: string,
    at: Date,
    verdict: StatusVerdict,
    readings: readonly SourceReading[],
    retentionDays: number,
  ): Promise<void> {
    const iso = at.toISOString();
    const day = brusselsDate(at);
    const dayEnds = brusselsStartOfDay(addDays(day, 1)).getTime();
    // The day's item lives as long as its last check: TTL from the end of that day.
    const rollUp = this.client.update({
      TableName: this.tableName,
      Key: { PK: pk(target), SK: `${DAY_PREFIX}${day}` },
      UpdateExpression: 'ADD checks :one, #verdict :one SET #type = :type, #day = :day, #ttl = :ttl',
      ExpressionAttributeNames: {
        '#verdict': verdict,
        '#type': 'type',
        '#day': 'day',
        '#ttl': TTL_ATTRIBUTE,
      },
      ExpressionAttributeValues: {
        ':one': 1,
        ':type': 'monitor-day',
        ':day': day,
        ':ttl': Math.floor(dayEnds / 1000) + retentionDays * 86_400,
      },
    });
    const check = this.client.put({
      TableName: this.tableName,
      Item: {
        PK: pk(target),
        SK: `${CHECK_PREFIX}${iso}`,
        type: 'monitor-check',
        target,
        at: iso,
        verdict,
        sources: readings.map((r) => `${r.source}: ${r.verdict} — ${r.summary}`),
        [TTL_ATTRIBUTE]: Math.floor(at.getTime() / 1000) + retentionDays * 86_400,
      },
    });
    await Promise.all([check, rollUp]);
  }

  async days(
    target: string,
    from: CalendarDate,
    to: CalendarDate,
  ): Promise<{ items: DayRecord[]; itemsRead: number }> {
    const items: DayRecord[] = [];
    let itemsRead = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk(target),
          ':from': `${DAY_PREFIX}${from}`,
          ':to': `${DAY_PREFIX}${to}`,
        },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        const counts = Object.fromEntries(VERDICT_COUNTS.map((v) => [v, Number(item[v] ?? 0)])) as Record<
          (typeof VERDICT_COUNTS)[number],
          number
        >;
        items.push({ day: item.day as CalendarDate, checks: Number(item.checks ?? 0), ...counts });
      }
      itemsRead += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { items, itemsRead };
  }

  async windows(environment: string): Promise<{ items: AnnouncedWindow[]; itemsRead: number }> {
    const page = await this.client.query({
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': pk(environmentTargetId(environment)), ':prefix': WINDOW_PREFIX },
      ConsistentRead: true,
    });
    const items = (page.Items ?? []).map((item) => {
      const { PK: _pk, SK: _sk, type: _type, [TTL_ATTRIBUTE]: _ttl, ...window } = item;
      return window as unknown as AnnouncedWindow;
    });
    items.sort((a, b) => (a.start ?? a.id).localeCompare(b.start ?? b.id));
    return { items, itemsRead: page.Count ?? 0 };
  }

  async putWindow(window: AnnouncedWindow, version: number, retentionDays: number): Promise<void> {
    const last = Date.parse(window.end ?? window.history.at(-1)?.at ?? window.start ?? '') || Date.now();
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: {
          PK: pk(environmentTargetId(window.environment)),
          SK: `${WINDOW_PREFIX}${window.id}`,
          type: 'monitor-window',
          ...window,
          version: version + 1,
          [TTL_ATTRIBUTE]: Math.floor(last / 1000) + retentionDays * 86_400,
        },
        ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
        ...(version === 0 ? {} : { ExpressionAttributeValues: { ':expected': version } }),
      });
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConcurrentUpdateError(`window ${window.id} changed since it was read`, { cause: error });
      }
      throw error;
    }
  }

  /** Checks of one target in [from, to], oldest first (verdicts only), and how many items were read. */
  async checks(target: string, from: Date, to: Date): Promise<{ items: CheckRecord[]; itemsRead: number }> {
    const items: CheckRecord[] = [];
    let itemsRead = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.query({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk(target),
          ':from': `${CHECK_PREFIX}${from.toISOString()}`,
          ':to': `${CHECK_PREFIX}${to.toISOString()}`,
        },
        ProjectionExpression: '#at, verdict',
        ExpressionAttributeNames: { '#at': 'at' },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? [])
        items.push({ at: item.at as string, verdict: item.verdict as StatusVerdict });
      itemsRead += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { items, itemsRead };
  }
}
