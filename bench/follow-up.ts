import { pathToFileURL } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import pMap from 'p-map';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { type AppContext, appContext } from '../shared/app/context';
import { runNoticeJob } from '../shared/app/notices/run-notice-job';
import { parseConfig } from '../shared/config/load';
import { addDays, brusselsStartOfDay, type CalendarDate } from '../shared/domain/calendar';
import type { Mailer } from '../shared/domain/ports';
import type { AccountRequest, RequestStatus } from '../shared/domain/requests';

/**
 * The daily request follow-up sweep with 5,000 answered requests and 60 waiting ones (20 due a
 * reminder, 20 due closing, 20 recent): the sweep reads only the waiting ones (one Query on the
 * sparse index), sends 20 reminders and 40 closing notices, and a second run of the same day
 * sends nothing.
 */
const TODAY = '2031-03-03' as CalendarDate;
const ANSWERED = 5_000;
const PER_GROUP = 20;

function benchRequest(n: number, status: RequestStatus, askedOn: CalendarDate): AccountRequest {
  const at = new Date(brusselsStartOfDay(askedOn).getTime() + 10 * 3_600_000).toISOString();
  return {
    reference: `REQ-2031-B${String(n).padStart(7, '0')}`,
    status,
    kind: 'new-personal',
    institution: n % 2 ? 'LIB-A' : 'LIB-B',
    sender: n % 2 ? 'manager@a.bench.example' : 'manager@b.bench.example',
    language: n % 2 ? 'fr' : 'nl',
    fields: { fullName: `Bench Person ${n}`, email: `p${n}@bench.example`, employeeType: 'student' },
    missing: ['missionEndDate', 'tasks'],
    messageIds: [`bench-mail-${n}`],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export async function benchRequestFollowUp(): Promise<Record<string, unknown>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  try {
    const tableName = 'bench-follow-up';
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
    const mailer: Mailer = {
      send: async () => {
        messages++;
        return { messageId: `bench-${messages}` };
      },
    };
    const logger = new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
    const ctx: AppContext = appContext({
      config,
      db,
      tableName,
      mailer,
      secrets: { get: async () => 'bench-key' },
      logger,
    });
    const requests = [
      ...Array.from({ length: ANSWERED }, (_, n) =>
        benchRequest(n, n % 5 ? 'accepted' : 'rejected', addDays(TODAY, -(n % 60))),
      ),
      ...Array.from({ length: PER_GROUP }, (_, i) =>
        benchRequest(ANSWERED + i, 'pending', addDays(TODAY, -8)),
      ),
      ...Array.from({ length: PER_GROUP }, (_, i) =>
        benchRequest(ANSWERED + PER_GROUP + i, 'pending', addDays(TODAY, -31)),
      ),
      ...Array.from({ length: PER_GROUP }, (_, i) =>
        benchRequest(ANSWERED + 2 * PER_GROUP + i, 'pending', addDays(TODAY, -2)),
      ),
    ];
    const loadStart = performance.now();
    await pMap(requests, (r) => ctx.requests.putRequest(r), { concurrency: 16 });
    const loadSeconds = Number(((performance.now() - loadStart) / 1000).toFixed(1));

    const now = new Date(brusselsStartOfDay(TODAY).getTime() + 8 * 3_600_000);
    const runs: Record<string, unknown>[] = [];
    for (const label of ['first run', 'same day again']) {
      const t = performance.now();
      const report = await runNoticeJob('request-follow-up', ctx, now);
      runs.push({
        run: label,
        ms: Math.round(performance.now() - t),
        itemsRead: report.itemsRead,
        sent: report.sent,
        reminded: report.reminded,
        abandoned: report.abandoned,
      });
    }
    const [first, second] = runs as { itemsRead: number; sent: number }[];
    return {
      bench: 'request-follow-up daily sweep',
      stored: { answered: ANSWERED, waiting: 3 * PER_GROUP, loadSeconds },
      runs,
      targetMet: first!.itemsRead === 3 * PER_GROUP && first!.sent === 3 * PER_GROUP && second!.sent === 0,
    };
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchRequestFollowUp().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
