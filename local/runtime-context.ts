import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../shared/adapters/dynamodb/client';
import { KmsSecretBox } from '../shared/adapters/kms/secret-box';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { SsmSecretReader } from '../shared/adapters/secrets/ssm-secrets';
import { createSesClient } from '../shared/adapters/ses/client';
import { SesMailer } from '../shared/adapters/ses/mailer';
import { OutboxMailer } from '../shared/adapters/ses/outbox';
import {
  type AppContext,
  appContext,
  DECISION_LINK_KEY_SECRET,
  SECRET_BOX_KEY_SECRET,
} from '../shared/app/context';
import { handleSesFeedback } from '../shared/app/feedback/ses-feedback';
import { notificationOf } from '../shared/app/feedback/sns-event';
import { passwordBox } from '../shared/app/lambda-context';
import { loadConfigFile } from '../shared/config/load';
import { AwsSetupError } from '../shared/errors';
import { type DynamoDbLocal, LOCAL_AWS, localTable, startDynamoDbLocal } from './dynamodb-local';
import { MailboxSimulatorMailer } from './ses-simulator';

export const LOCAL_TABLE = 'alma-accounts';

/** What `npm start` advertises in the data dir so the CLI uses its services instead of starting its own. */
export interface RuntimeInfo {
  pid: number;
  dynamoEndpoint: string;
  tableName: string;
  sesEndpoint?: string;
  smtp?: string;
  web?: string;
  /** The config file the runtime runs on: the CLI's default while it runs. */
  configPath?: string;
  /** Each local service's default origin (as `config/local.json` names it) → the origin it really listens on. */
  movedOrigins?: Record<string, string>;
}

/** The origins `config/local.json` gives the local services, by the environment variable that moves each. */
export const LOCAL_SERVICE_PORTS = {
  ALMA_WEB_PORT: 8788,
  ALMA_REPLAY_PORT: 8790,
  ALMA_STANDIN_PORT: 8791,
} as const;

export const localOrigin = (port: number) => `http://127.0.0.1:${port}`;

/**
 * The config with every URL that names a local service's default origin moved to where that
 * service really listens (decision links, Alma API bases, probes, status sources): one place
 * for the ports, whichever config file names the defaults.
 */
export function followLocalPorts<T>(config: T, moved: Record<string, string>): T {
  const moves = Object.entries(moved).filter(([from, to]) => from !== to);
  if (moves.length === 0) return config;
  const follow = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const move = moves.find(([from]) => value === from || value.startsWith(`${from}/`));
      return move ? move[1] + value.slice(move[0].length) : value;
    }
    if (Array.isArray(value)) return value.map(follow);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, follow(v)]));
    return value;
  };
  return follow(config) as T;
}

export function runtimeInfoFile(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(runtimeInfoFile(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function clearRuntimeInfo(dataDir: string): void {
  rmSync(runtimeInfoFile(dataDir), { force: true });
}

/** The running local runtime of this data dir, if its process is alive. */
export function readRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  const file = runtimeInfoFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** Where ingested raw mails are kept, as the function would read them from S3. */
export function rawMailFolder(dataDir: string): string {
  return join(dataDir, 'mail');
}

export function outboxFile(dataDir: string): string {
  return join(dataDir, 'outbox.jsonl');
}

export interface ContextOptions {
  configPath: string;
  dataDir: string;
  /** A real DynamoDB table (AWS mode): credentials and region from the standard AWS environment. */
  table?: string;
  logger?: Logger;
}

export interface OpenContext {
  ctx: AppContext;
  dataDir: string;
  runtime?: RuntimeInfo;
  close(): Promise<void>;
}

/**
 * Wires the same use cases the Lambdas run, for the CLI and the local runtime:
 * - `--table`: real AWS (DynamoDB, SES, SSM parameters under SECRETS_PREFIX);
 * - otherwise the data dir: the running `npm start`'s DynamoDB Local when there is one,
 *   else a DynamoDB Local of our own on the data dir's files; mail goes to the local outbox.
 */
export async function openContext(options: ContextOptions): Promise<OpenContext> {
  const dataDir = resolve(options.dataDir);
  const loaded = loadConfigFile(options.configPath);
  const running = options.table ? undefined : readRuntimeInfo(dataDir);
  const config = running?.movedOrigins ? followLocalPorts(loaded, running.movedOrigins) : loaded;
  const logger = options.logger ?? new Logger({ serviceName: 'alma-accounts-cli', logLevel: 'SILENT' });
  if (options.table) {
    // The SDK clients' default chains: credentials from the environment, a profile, SSO or an
    // instance role; the region from AWS_REGION or the profile.
    const db = createDocumentClient();
    try {
      await db.config.region();
    } catch (error) {
      throw new AwsSetupError('no AWS region: set AWS_REGION (or a region in your AWS profile)', {
        cause: error,
      });
    }
    return {
      dataDir,
      ctx: appContext({
        config,
        db,
        tableName: options.table,
        // The stack's configuration set (alma-accounts-<stage>), so bounces of CLI sends come back too.
        mailer: new SesMailer(
          createSesClient(),
          config.mailbox,
          undefined,
          process.env.SES_CONFIGURATION_SET || undefined,
        ),
        secrets: new SsmSecretReader(process.env.SECRETS_PREFIX ?? '/alma-accounts/production'),
        // The stack's KMS key (PASSWORD_KEY_ID, the stack's output) as the Lambdas use it; without
        // it, sealing or opening a shared-account password is refused, never done with another key.
        secretBox: passwordBox((keyId) => new KmsSecretBox(keyId)),
        logger,
      }),
      close: async () => {},
    };
  }
  const runtime = running;
  let own: DynamoDbLocal | undefined;
  let endpoint = runtime?.dynamoEndpoint;
  const tableName = runtime?.tableName ?? LOCAL_TABLE;
  if (!endpoint) {
    own = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
    endpoint = own.endpoint;
  }
  const db = await localTable(endpoint, tableName);
  const ses = runtime?.sesEndpoint
    ? new SesMailer(createSesClient({ endpoint: runtime.sesEndpoint, ...LOCAL_AWS }), config.mailbox)
    : undefined;
  // The mailbox simulator's notifications reach the feedback use case in this process, as SNS
  // would reach the ses-feedback function (its handler is the same call after the SNS parse).
  let local: AppContext | undefined;
  const mailer = new MailboxSimulatorMailer(new OutboxMailer(outboxFile(dataDir), ses), {
    from: config.mailbox,
    deliver: async (event) => {
      for (const record of event.Records)
        await handleSesFeedback(local!, notificationOf(record.Sns.Message), new Date());
    },
  });
  local = appContext({
    config,
    db,
    tableName,
    mailer,
    secrets: new FileSecretReader(join(dataDir, 'secrets.json'), [
      DECISION_LINK_KEY_SECRET,
      SECRET_BOX_KEY_SECRET,
    ]),
    logger,
  });
  return {
    dataDir,
    runtime,
    ctx: local,
    close: async () => {
      await own?.stop();
    },
  };
}
