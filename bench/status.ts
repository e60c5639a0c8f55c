import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { startStatusReplayServer } from '../local/status-replay-server';
import { type AppContext, appContext } from '../shared/app/context';
import { runStatusCheck } from '../shared/app/monitor/status-check';
import { parseConfig } from '../shared/config/load';
import type { OutgoingMail } from '../shared/domain/ports';

/**
 * One status check over 10 targets (1 environment + 9 institutions, each probed twice) where
 * one institution answers after 3 s and one never answers, with a 5 s timeout: the run should
 * last about as long as its slowest probe (ratio to the timeout close to 1, at most 1.2).
 */
const TIMEOUT_MS = 5000;
const ENVIRONMENT = 'Alma EU02 - Production';

export async function benchStatusCheck(): Promise<Record<string, unknown>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [dynamo, replay] = await Promise.all([startDynamoDbLocal(), startStatusReplayServer()]);
  try {
    const tableName = `bench-status-${Date.now()}`;
    const db = await localTable(dynamo.endpoint, tableName);

    const codes = ['LIB-A', 'LIB-B', 'LIB-C', 'LIB-D', 'LIB-E', 'LIB-F', 'LIB-G', 'SLOW', 'SILENT'];
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@helpdesk.example.org',
        helpdesk: 'helpdesk@helpdesk.example.org',
        alerts: { recipients: ['alerts@helpdesk.example.org'], operators: ['ops@helpdesk.example.org'] },
        institutions: codes.map((code) => ({
          code,
          name: `Library ${code}`,
          language: 'en',
          managers: [`manager@${code.toLowerCase()}.example`],
          almaEnvironment: ENVIRONMENT,
          almaUrl: `${replay.url}/${code.toLowerCase()}/mng/login`,
          almaApiBase: `${replay.url}/${code.toLowerCase()}`,
          almaApiKeySecret: `alma-api-key/${code}`,
        })),
        monitor: {
          environments: [
            {
              name: ENVIRONMENT,
              source: { kind: 'status-api', url: replay.url, credentialsSecret: 'exlibris-status' },
            },
          ],
          timeoutMs: TIMEOUT_MS,
        },
      }),
      'bench',
    );
    const sent: OutgoingMail[] = [];
    const ctx: AppContext = {
      ...appContext({
        config,
        db,
        tableName,
        mailer: {
          send: async (mail) => {
            sent.push(mail);
            return { messageId: `bench-${sent.length}` };
          },
        },
        secrets: { get: async (name) => `secret-for-${name}` },
        logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
      }),
    };

    // A warm container: one quick run first, so the measure is the probes, not JIT and first connections.
    replay.setScenario('operational');
    const warmStarted = performance.now();
    await runStatusCheck(ctx, new Date('2027-03-10T08:00:00Z'));
    const warmupMs = Math.round(performance.now() - warmStarted);

    replay.setScenario('operational', {
      '/slow/almaws/v1/users/operation/test': { fixture: 'alma-api/ok.json', delayMs: 3000 },
      '/slow/mng/login': { fixture: 'alma-ui/login.html', delayMs: 3000 },
      '/silent/almaws/v1/users/operation/test': { hang: true },
      '/silent/mng/login': { hang: true },
    });
    const started = performance.now();
    const report = await runStatusCheck(ctx, new Date('2027-03-10T08:05:00Z'));
    const runMs = Math.round(performance.now() - started);
    return {
      targets: report.targets,
      timeoutMs: TIMEOUT_MS,
      runMs,
      ratioToTimeout: Math.round((runMs / TIMEOUT_MS) * 1000) / 1000,
      probedMs: report.probedMs,
      warmupMs,
      verdictsObserved: report.observed,
      requests: replay.requests.length,
    };
  } finally {
    await Promise.all([replay.stop(), dynamo.stop()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchStatusCheck(), null, 2));
}
