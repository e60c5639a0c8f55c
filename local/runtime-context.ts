import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDocumentClient } from '../shared/adapters/dynamodb/client';
import { FileSecretReader } from '../shared/adapters/secrets/file-secrets';
import { SsmSecretReader } from '../shared/adapters/secrets/ssm-secrets';
import { createSesClient } from '../shared/adapters/ses/client';
import { SesMailer } from '../shared/adapters/ses/mailer';
import { OutboxMailer } from '../shared/adapters/ses/outbox';
import { type AppContext, appContext, DECISION_LINK_KEY_SECRET } from '../shared/app/context';
import { loadConfigFile } from '../shared/config/load';
import { AwsSetupError } from '../shared/errors';
import { type DynamoDbLocal, LOCAL_AWS, localTable, startDynamoDbLocal } from './dynamodb-local';

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
  const config = loadConfigFile(options.configPath);
  const dataDir = resolve(options.dataDir);
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
        mailer: new SesMailer(createSesClient(), config.mailbox),
        secrets: new SsmSecretReader(process.env.SECRETS_PREFIX ?? '/alma-accounts/production'),
        logger,
      }),
      close: async () => {},
    };
  }
  const runtime = readRuntimeInfo(dataDir);
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
  return {
    dataDir,
    runtime,
    ctx: appContext({
      config,
      db,
      tableName,
      mailer: new OutboxMailer(outboxFile(dataDir), ses),
      secrets: new FileSecretReader(join(dataDir, 'secrets.json'), [DECISION_LINK_KEY_SECRET]),
      logger,
    }),
    close: async () => {
      await own?.stop();
    },
  };
}
