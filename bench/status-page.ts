import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import pMap from 'p-map';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { type AppContext, appContext } from '../shared/app/context';
import { renderStatusPage } from '../shared/app/monitor/status-page-html';
import { statusOverview } from '../shared/app/monitor/status-report';
import { parseConfig } from '../shared/config/load';
import { environmentTargetId, institutionTargetId } from '../shared/domain/monitor/targets';
import { percentile } from './stats';

/**
 * The status page over 90 days × N targets: what building it reads and how long it takes.
 * Each target gets one check per 5 minutes for the last 24 h (288 raw checks) and a day roll-up
 * item for each of the 89 days before (as the status check's ADD leaves them). The page reads
 * the raw checks for 24 h only and the roll-up for 7/30/90 days: ≈ 1 + 288 + 90 items a target,
 * where reading every check of 90 days would be 25,920.
 */
const ENVIRONMENT = 'Alma EU02 - Production';
const NOW = new Date('2027-03-10T12:00:00Z');
const RUNS = 7;

async function seed(ctx: AppContext, targets: string[]) {
  const writes: (() => Promise<void>)[] = [];
  for (const target of targets) {
    for (let i = 0; i < 288; i++) {
      const at = new Date(NOW.getTime() - i * 300_000);
      writes.push(() => ctx.monitor.appendCheck(target, at, i % 97 === 0 ? 'down' : 'operational', [], 90));
    }
    for (let day = 2; day <= 89; day++) {
      const at = new Date(NOW.getTime() - day * 86_400_000);
      writes.push(() =>
        ctx.monitor.appendCheck(target, at, day % 30 === 0 ? 'maintenance' : 'operational', [], 90),
      );
    }
  }
  await pMap(writes, (write) => write(), { concurrency: 16 });
}

export async function benchStatusPage(sizes = [3, 10, 30]): Promise<Record<string, unknown>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  const results: Record<string, unknown>[] = [];
  try {
    for (const size of sizes) {
      const tableName = `bench-status-page-${size}-${Date.now()}`;
      const db = await localTable(dynamo.endpoint, tableName);
      const codes = Array.from({ length: size - 1 }, (_, i) => `LIB-${String(i + 1).padStart(2, '0')}`);
      const config = parseConfig(
        JSON.stringify({
          mailbox: 'accounts@helpdesk.example.org',
          helpdesk: 'helpdesk@helpdesk.example.org',
          institutions: codes.map((code) => ({
            code,
            name: `Library ${code}`,
            language: 'en',
            managers: [`manager@${code.toLowerCase()}.example`],
            almaEnvironment: ENVIRONMENT,
            almaUrl: `https://${code.toLowerCase()}.alma.example/mng/login`,
          })),
          monitor: {
            environments: [{ name: ENVIRONMENT, source: { kind: 'status-page', url: 'https://s.example/' } }],
          },
        }),
        'bench',
      );
      const ctx = appContext({
        config,
        db,
        tableName,
        mailer: { send: async () => ({ messageId: 'bench' }) },
        secrets: { get: async (name) => `secret-for-${name}` },
        logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      });
      await seed(ctx, [environmentTargetId(ENVIRONMENT), ...codes.map(institutionTargetId)]);
      const timings: number[] = [];
      let itemsRead = 0;
      let bytes = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const overview = await statusOverview(ctx, NOW);
        const html = renderStatusPage(overview, config, 'en', NOW);
        timings.push(performance.now() - started);
        itemsRead = overview.itemsRead;
        bytes = Buffer.byteLength(html);
      }
      results.push({
        targets: size,
        itemsRead,
        itemsPerTarget: Math.round(itemsRead / size),
        itemsIfEveryCheckWereRead: size * 25_920,
        msMedian: Math.round(percentile(timings, 50)),
        msP95: Math.round(percentile(timings, 95)),
        htmlKiB: Math.round(bytes / 102.4) / 10,
      });
    }
  } finally {
    await dynamo.stop();
  }
  return { days: 90, runs: RUNS, results };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchStatusPage(), null, 2));
}
