import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileRawMailStore } from '../shared/adapters/files/raw-mail-store';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { runJob } from '../shared/app/jobs';
import { loadConfigFile } from '../shared/config/load';
import { brusselsDate, brusselsTime } from '../shared/domain/calendar';
import { SCHEDULES, WEEK_DAYS } from '../shared/schedules';
import { startAlmaStandIn } from './alma-standin';
import { localTable, startDynamoDbLocal } from './dynamodb-local';
import {
  clearRuntimeInfo,
  LOCAL_SERVICE_PORTS,
  LOCAL_TABLE,
  localOrigin,
  openContext,
  rawMailFolder,
  readRuntimeInfo,
  writeRuntimeInfo,
} from './runtime-context';
import { startLocalSes } from './ses-local';
import { startSmtpInbound } from './smtp-inbound';
import { SCENARIOS, type ScenarioName, startStatusReplayServer } from './status-replay-server';
import { startWebServer } from './web-server';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * `npm start`: the whole suite on one machine, no AWS account. DynamoDB Local (data under the
 * data dir), the local SES server and its outbox view, an SMTP listener feeding the request
 * mailbox, the decision pages, a replay of the Ex Libris status page, and the scheduler running
 * the stack's own schedule definitions. Ctrl-C stops everything.
 */
async function start() {
  const dataDir = resolve(process.env.ALMA_DATA_DIR ?? '.local');
  const configPath = process.env.ALMA_CONFIG ?? 'config/local.json';
  mkdirSync(dataDir, { recursive: true });
  const running = readRuntimeInfo(dataDir);
  if (running) throw new Error(`the local runtime already runs for ${dataDir} (pid ${running.pid})`);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    clearRuntimeInfo(dataDir);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo = await startDynamoDbLocal({
      dbPath: resolve(dataDir, 'dynamodb'),
      port: port('ALMA_DYNAMODB_PORT', 8000),
    });
    stops.push(() => dynamo.stop());
    await localTable(dynamo.endpoint, LOCAL_TABLE);
    const ses = await startLocalSes({ port: port('ALMA_SES_PORT', 8005) });
    stops.push(() => ses.stop());
    const scenario = process.env.ALMA_REPLAY_SCENARIO ?? 'operational';
    if (!(scenario in SCENARIOS))
      throw new Error(
        `ALMA_REPLAY_SCENARIO: no scenario "${scenario}" (${Object.keys(SCENARIOS).join(', ')})`,
      );
    const replay = await startStatusReplayServer({
      port: port('ALMA_REPLAY_PORT', LOCAL_SERVICE_PORTS.ALMA_REPLAY_PORT),
      scenario: scenario as ScenarioName,
    });
    stops.push(() => replay.stop());
    // The Alma stand-in: one zone per institution, each with its own API key (made once, kept in secrets.json).
    const almaInstitutions = loadConfigFile(configPath).institutions.filter(
      (i) => i.almaApiBase && i.almaApiKeySecret,
    );
    const almaKeys = new FileSecretReader(
      resolve(dataDir, 'secrets.json'),
      almaInstitutions.map((i) => i.almaApiKeySecret!),
    );
    const alma = await startAlmaStandIn({
      port: port('ALMA_STANDIN_PORT', LOCAL_SERVICE_PORTS.ALMA_STANDIN_PORT),
      file: resolve(dataDir, 'alma-standin.json'),
      zones: await Promise.all(
        almaInstitutions.map(async (i) => ({
          code: i.code,
          apiKey: await almaKeys.get(i.almaApiKeySecret!),
          ...(i.almaUser ? { userGroups: [i.almaUser.userGroup] } : {}),
        })),
      ),
    });
    stops.push(() => alma.stop());

    const smtpPort = port('ALMA_SMTP_PORT', 2525);
    const webPort = port('ALMA_WEB_PORT', LOCAL_SERVICE_PORTS.ALMA_WEB_PORT);
    writeRuntimeInfo(dataDir, {
      pid: process.pid,
      dynamoEndpoint: dynamo.endpoint,
      tableName: LOCAL_TABLE,
      sesEndpoint: ses.endpoint,
      configPath: resolve(configPath),
      smtp: `127.0.0.1:${smtpPort}`,
      web: localOrigin(webPort),
      // Links, Alma calls, probes and status sources follow the ports really listened on.
      movedOrigins: {
        [localOrigin(LOCAL_SERVICE_PORTS.ALMA_WEB_PORT)]: localOrigin(webPort),
        [localOrigin(LOCAL_SERVICE_PORTS.ALMA_REPLAY_PORT)]: replay.url,
        [localOrigin(LOCAL_SERVICE_PORTS.ALMA_STANDIN_PORT)]: alma.url,
      },
    });
    const open = await openContext({ configPath, dataDir });
    stops.push(() => open.close());
    const { ctx } = open;
    const rawStore = new FileRawMailStore(rawMailFolder(dataDir));

    const smtp = await startSmtpInbound(ctx, rawStore, smtpPort, (result) =>
      process.stdout.write(
        `mail ${result.outcome} (${result.kind})${result.reference ? ` ${result.reference}` : ''}\n`,
      ),
    );
    stops.push(() => smtp.stop());

    const web = await startWebServer(ctx, webPort);
    stops.push(() => web.stop());

    // The scheduler: the stack's schedule definitions, in Brussels time.
    const lastDaily = new Map<string, string>();
    const lastRate = new Map<string, number>();
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const now = new Date();
        for (const schedule of SCHEDULES) {
          let due = false;
          if (schedule.timing.kind === 'daily' || schedule.timing.kind === 'weekly') {
            const today = brusselsDate(now);
            const at = `${String(schedule.timing.hour).padStart(2, '0')}:${String(schedule.timing.minute).padStart(2, '0')}`;
            const onDay =
              schedule.timing.kind === 'daily' ||
              WEEK_DAYS[new Date(`${today}T12:00:00Z`).getUTCDay()] === schedule.timing.day;
            due = onDay && brusselsTime(now) >= at && lastDaily.get(schedule.job) !== today;
            if (due) lastDaily.set(schedule.job, today);
          } else {
            const last = lastRate.get(schedule.job) ?? 0;
            due = now.getTime() - last >= schedule.timing.minutes * 60_000;
            if (due) lastRate.set(schedule.job, now.getTime());
          }
          if (!due) continue;
          try {
            const report = await runJob(schedule.job, ctx, now);
            process.stdout.write(`job ${schedule.job}: sent ${report.sent}\n`);
          } catch (error) {
            process.stderr.write(`job ${schedule.job} failed: ${(error as Error).message}\n`);
          }
        }
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), 30_000);
    stops.push(async () => clearInterval(timer));
    void tick();

    process.stdout.write(
      [
        'alma-accounts local runtime is up (Ctrl-C stops it)',
        `  data dir          ${dataDir}`,
        `  config            ${configPath}`,
        `  DynamoDB Local    ${dynamo.endpoint} (table ${LOCAL_TABLE})`,
        `  SES outbox (web)  ${ses.endpoint}/`,
        '  mailbox simulator mail to bounce@ / complaint@ / suppressionlist@ / ooto@simulator.amazonses.com comes back as SES feedback',
        `  request mailbox   smtp://127.0.0.1:${smtpPort}  (e.g. swaks --server 127.0.0.1:${smtpPort} --from ${ctx.config.institutions[0]?.managers[0] ?? 'manager@…'} --to ${ctx.config.mailbox})`,
        `  portal            http://127.0.0.1:${webPort}/portal (sign in as a manager of the config; the link is in the SES outbox)`,
        `  decision pages    http://127.0.0.1:${webPort}/decision`,
        `  status page       http://127.0.0.1:${webPort}/status`,
        `  status replay     ${replay.url}/ (stands in for status.exlibrisgroup.com; scenario ${scenario}, switch with curl -X POST ${replay.url}/_scenario/outage)`,
        `  Alma stand-in     ${alma.url}/ (users of ${almaInstitutions.map((i) => i.code).join(', ') || 'no institution'}; API ${alma.url}/almaws/v1)`,
        `  scheduler         ${SCHEDULES.map((s) => s.job).join(', ')} (Europe/Brussels)`,
        '  CLI               npm run cli -- accounts list   ·   npm run cli -- outbox   ·   npm run cli -- alma drift',
        '',
      ].join('\n'),
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    stopAll().then(() => {
      process.stdout.write('stopped\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

start().catch((error: Error) => {
  process.stderr.write(`alma-accounts start: ${error.message}\n`);
  process.exit(1);
});
