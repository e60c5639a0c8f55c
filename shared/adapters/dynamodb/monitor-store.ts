import type { CheckRecord } from '../../domain/monitor/availability';
import type { SourceReading, StatusVerdict, TargetState } from '../../domain/monitor/types';
import type { MonitorStore } from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { type DynamoDBDocument, isConditionFailure } from './client';
import { TTL_ATTRIBUTE } from './table';

/**
 * The monitor's items, one partition per target (`PK=MONITOR#<target>`):
 * - `SK=STATE`: the current state, written with a version check (two overlapping runs cannot both win);
 * - `SK=CHECK#<iso>`: one item per run, deleted by TTL after `retention.monitorHistoryDays`.
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
    await this.client.put({
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
