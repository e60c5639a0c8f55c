import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { DynamoDbClaimStore } from '../shared/adapters/dynamodb/claim-store';
import { DynamoDbNoticeStateStore } from '../shared/adapters/dynamodb/review-store';
import { type AppContext, appContext } from '../shared/app/context';
import { runNoticeJob } from '../shared/app/notices/run-notice-job';
import { parseConfig } from '../shared/config/load';
import type { Account } from '../shared/domain/account';
import { addDays, brusselsStartOfDay, type CalendarDate } from '../shared/domain/calendar';
import type { ClaimStore, Mailer } from '../shared/domain/ports';
import { anAccount } from '../test/support/accounts';
import { percentile } from './stats';
import { loadAccounts } from './store';

/**
 * The daily expiry job against 1k, 10k and 100k stored accounts with the same 50 due: the
 * job reads only the due end dates (Queries on the end-date index, no Scan), so items read
 * stay at 50 and the time stays flat while the table grows.
 */
const TODAY = '2031-03-03' as CalendarDate;
const SIZES = [1_000, 10_000, 100_000];
const DUE = 50;
const RUNS_PER_SIZE = 3;

function benchAccount(n: number, endDate: CalendarDate | null): Account {
  return anAccount({
    id: `ACC-BENCH${String(n).padStart(7, '0')}`,
    institution: n % 2 ? 'LIB-A' : 'LIB-B',
    employeeType: endDate ? 'temporary' : 'permanent',
    fullName: `Bench Person ${n}`,
    email: `p${n}@bench.example`,
    supervisorEmail: endDate ? `sup${n % 7}@bench.example` : null,
    missionEndDate: null,
    endDate,
    createdAt: '2030-06-01T09:00:00.000Z',
    updatedAt: '2030-06-01T09:00:00.000Z',
  });
}

/** Filler: end dates years away (never due in the window) or none (permanent staff). */
function fillerEnd(n: number): CalendarDate | null {
  return n % 3 === 0 ? null : addDays('2033-01-01' as CalendarDate, n % 1500);
}

/** Claims under a fresh prefix per run, so every run sends the same 50 notices again. */
function prefixedClaims(inner: ClaimStore, prefix: string): ClaimStore {
  return {
    claim: (key, details, options) => inner.claim(`${prefix}${key}`, details, options),
    complete: (key, token, details) => inner.complete(`${prefix}${key}`, token, details),
    completeAll: (held, details) =>
      inner.completeAll(
        held.map((h) => ({ ...h, key: `${prefix}${h.key}` })),
        details,
      ),
    // Marks are the run's own (keyed by its token): no prefix needed.
    markDone: (token, labels, details, options) => inner.markDone(token, labels, details, options),
    release: (key, token) => inner.release(`${prefix}${key}`, token),
    isDone: (key) => inner.isDone(`${prefix}${key}`),
  };
}

export async function benchExpiryNotices(): Promise<Record<string, unknown>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = 'bench-notices';
    const db = await localTable(dynamo.endpoint, tableName);
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@bench.example',
        helpdesk: 'helpdesk@bench.example',
        institutions: [
          { code: 'LIB-A', name: 'Library A', language: 'fr', managers: ['manager@a.bench.example'] },
          { code: 'LIB-B', name: 'Library B', language: 'nl', managers: ['manager@b.bench.example'] },
        ],
      }),
    );
    let messages = 0;
    // No SES here: the job's reads and claims are what is measured.
    const mailer: Mailer = {
      send: async () => {
        messages++;
        return { messageId: `bench-${messages}` };
      },
    };
    const logger = new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
    logger.setLogLevel('ERROR');
    const claims = new DynamoDbClaimStore(db, tableName);
    const state = new DynamoDbNoticeStateStore(db, tableName);

    // The same 50 due accounts at every size: half 30 days ahead, half 7 days ahead.
    const due = Array.from({ length: DUE }, (_, i) => benchAccount(i, addDays(TODAY, i % 2 ? 30 : 7)));
    const loads: { accounts: number; added: number; seconds: number }[] = [];
    const runs: Record<string, unknown>[] = [];
    let stored = 0;
    let runIndex = 0;
    for (const size of SIZES) {
      const started = performance.now();
      const fresh = stored === 0 ? [...due] : [];
      for (let n = Math.max(stored, DUE); n < size; n++) fresh.push(benchAccount(n, fillerEnd(n)));
      await loadAccounts(db, tableName, fresh);
      stored = size;
      loads.push({
        accounts: size,
        added: fresh.length,
        seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      });

      const timings: number[] = [];
      let itemsRead = 0;
      let sent = 0;
      // One warm-up run, then the measured runs; each starts from "yesterday was handled".
      for (let r = 0; r <= RUNS_PER_SIZE; r++) {
        await db.delete({
          TableName: tableName,
          Key: { PK: 'NOTICE#JOB#expiry-notices', SK: 'LAST-RUN' },
        });
        await state.markRun('expiry-notices', addDays(TODAY, -1));
        const ctx: AppContext = {
          ...appContext({ config, db, tableName, mailer, secrets: { get: async () => 'bench-key' }, logger }),
          claims: prefixedClaims(claims, `bench-${runIndex++}#`),
        };
        const t = performance.now();
        const report = await runNoticeJob(
          'expiry-notices',
          ctx,
          new Date(brusselsStartOfDay(TODAY).getTime() + 7 * 3_600_000),
        );
        if (r === 0) continue;
        timings.push(performance.now() - t);
        itemsRead = report.itemsRead;
        sent = report.sent;
      }
      timings.sort((a, b) => a - b);
      runs.push({
        accounts: size,
        due: DUE,
        itemsRead,
        messagesSent: sent,
        medianMs: Math.round(percentile(timings, 50)),
        runsMs: timings.map((ms) => Math.round(ms)),
      });
    }
    const first = runs[0]!.medianMs as number;
    const last = runs.at(-1)!.medianMs as number;
    return {
      bench: 'expiry-notices daily job',
      day: TODAY,
      load: loads,
      runs,
      itemsReadEqualsDue: runs.every((r) => r.itemsRead === DUE),
      timeRatio100kTo1k: Number((last / first).toFixed(2)),
      targetMet: runs.every((r) => r.itemsRead === DUE) && last <= 2 * first,
    };
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchExpiryNotices().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
