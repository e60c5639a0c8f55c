import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { accountToItem, DynamoDbAccountStore } from '../shared/adapters/dynamodb/account-store';
import type { DynamoDBDocument } from '../shared/adapters/dynamodb/client';
import { writeAll } from '../shared/adapters/dynamodb/write-all';
import type { Account } from '../shared/domain/account';
import { addDays, type CalendarDate } from '../shared/domain/calendar';
import { anAccount } from '../test/support/accounts';
import { percentile } from './stats';

const WINDOW_FROM = '2027-06-01' as CalendarDate;
const WINDOW_TO = '2027-06-07' as CalendarDate;

function benchAccount(endDate: CalendarDate | null, i: number): Account {
  return anAccount({
    institution: `LIB-${i % 20}`,
    employeeType: endDate ? 'temporary' : 'permanent',
    fullName: `Bench Person ${i}`,
    email: `bench${i}@lib.example`,
    supervisorEmail: 'boss@lib.example',
    missionEndDate: null,
    endDate,
  });
}

/** Writes accounts with BatchWrite, 8 batches in flight (loading, not what is measured). */
export async function loadAccounts(client: DynamoDBDocument, tableName: string, accounts: Account[]) {
  await writeAll(
    client,
    tableName,
    accounts.map((a) => ({ PutRequest: { Item: accountToItem(a) } })),
    { inFlight: 8 },
  );
}

/**
 * Issue 2: items read by the end-date-window query, and its time, at 1k, 10k and 100k stored
 * accounts with the same 50 due in the window. Target: items read = due, time(100k) ≤ 2× time(1k).
 */
export async function benchEndDateWindow(sizes = [1_000, 10_000, 100_000]): Promise<Record<string, unknown>> {
  const dynamo = await startDynamoDbLocal();
  const tableName = 'bench-store';
  const client = await localTable(dynamo.endpoint, tableName);
  const store = new DynamoDbAccountStore(client, tableName);
  const results: Record<string, unknown>[] = [];
  try {
    const due = Array.from({ length: 50 }, (_, i) => benchAccount(addDays(WINDOW_FROM, i % 7), i));
    await loadAccounts(client, tableName, due);
    let stored = 50;
    for (const size of sizes) {
      const loadStart = performance.now();
      const others: Account[] = [];
      for (let i = stored; i < size; i++) {
        // Everything else ends outside the window (or never): before, after, or no end date.
        const end =
          i % 3 === 0
            ? null
            : addDays(i % 3 === 1 ? ('2027-01-01' as CalendarDate) : ('2027-07-01' as CalendarDate), i % 150);
        others.push(benchAccount(end, i));
      }
      await loadAccounts(client, tableName, others);
      const loadMs = performance.now() - loadStart;
      stored = size;
      await store.listEndingBetween(WINDOW_FROM, WINDOW_TO); // warm-up
      const times: number[] = [];
      let itemsRead = 0;
      let returned = 0;
      for (let run = 0; run < 15; run++) {
        const start = performance.now();
        const page = await store.listEndingBetween(WINDOW_FROM, WINDOW_TO);
        times.push(performance.now() - start);
        itemsRead = page.itemsRead;
        returned = page.items.length;
      }
      results.push({
        storedAccounts: size,
        dueAccounts: returned,
        itemsRead,
        medianMs: Number(percentile(times, 50).toFixed(2)),
        loadMs: Math.round(loadMs),
      });
    }
  } finally {
    await dynamo.stop();
  }
  const first = results[0] as { medianMs: number };
  const last = results[results.length - 1] as { medianMs: number; itemsRead: number; dueAccounts: number };
  return {
    name: 'end-date-window-query',
    results,
    timeRatioLargestToSmallest: Number((last.medianMs / first.medianMs).toFixed(2)),
    targetMet:
      results.every((r) => (r as { itemsRead: number }).itemsRead === 50) &&
      last.medianMs <= 2 * first.medianMs,
  };
}
