import type { DriftRecord } from '../../domain/alma/drift-record';
import type { ReportStore } from '../../domain/ports';
import { type DynamoDBDocument, isConditionFailure } from './client';

/*
 * Keys (README "Access patterns"):
 *   drift report  PK=REPORT#alma-drift  SK=latest  the latest weekly comparison with Alma (names and
 *                 addresses of its lines: personal data lives here, never in logs); lines capped
 *                 (domain/alma/drift-record.ts)
 */

const DRIFT_KEY = { PK: 'REPORT#alma-drift', SK: 'latest' } as const;

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBDocument,
    private readonly tableName: string,
  ) {}

  async putDriftReport(record: DriftRecord): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.tableName,
        Item: { ...DRIFT_KEY, type: 'drift-report', ...record },
        // The same week again (a retry, a second run) replaces it; an older week never does.
        ConditionExpression: 'attribute_not_exists(PK) OR week <= :week',
        ExpressionAttributeValues: { ':week': record.week },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async latestDriftReport(): Promise<DriftRecord | undefined> {
    const { Item } = await this.client.get({ TableName: this.tableName, Key: DRIFT_KEY });
    if (!Item) return undefined;
    return {
      week: String(Item.week),
      ranAt: String(Item.ranAt),
      institutions: (Item.institutions as DriftRecord['institutions'] | undefined) ?? [],
    };
  }
}
