import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { createDocumentClient, DYNAMODB_CLIENT_DEFAULTS } from '../../shared/adapters/dynamodb/client';
import { writeAll } from '../../shared/adapters/dynamodb/write-all';
import { requestTimeouts } from '../../shared/adapters/sdk-timeouts';
import { SECRET_MAX_AGE_SECONDS, SsmSecretReader } from '../../shared/adapters/secrets/ssm-secrets';
import { createSsmProvider } from '../../shared/adapters/ssm/client';
import { lambdaContext } from '../../shared/app/lambda-context';
import { NotFoundError, UnprocessedItemsError } from '../../shared/errors';
import { cliWorkspace } from '../support/cli';
import { testConfig } from '../support/context';
import { freshTable } from '../support/services';

/**
 * SSM over HTTP for the one test that needs the real wiring (endpoint and credentials from the
 * environment): GetParameter from a map, noting who signed each request.
 */
async function startSsmStandIn(parameters: Record<string, string>) {
  const seen: { target: string; name: string; accessKeyId?: string; sessionToken?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { Name } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Name: string };
      seen.push({
        target: String(req.headers['x-amz-target']),
        name: Name,
        accessKeyId: /Credential=([^/]+)\//.exec(String(req.headers.authorization))?.[1],
        sessionToken: req.headers['x-amz-security-token'] as string | undefined,
      });
      const value = parameters[Name];
      res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify(
          value === undefined
            ? { __type: 'ParameterNotFound' }
            : { Parameter: { Name, Type: 'SecureString', Value: value } },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** An HTTP server that takes every request and never answers. */
async function startSilentServer() {
  let requests = 0;
  const server = http.createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.useRealTimers();
});

describe('SSM through Powertools parameters', () => {
  /** A reader over a mocked SSM client: what the SDK would send, and what SSM answers. */
  function mockedReader() {
    const client = new SSMClient({ ...LOCAL_AWS });
    const ssm = mockClient(client);
    const reader = new SsmSecretReader('/alma-accounts/test', new SSMProvider({ awsSdkV3Client: client }));
    return { ssm, reader };
  }

  it('reads SecureString secrets decrypted, once per container until they are 15 minutes old', async () => {
    const { ssm, reader } = mockedReader();
    ssm
      .on(GetParameterCommand, { Name: '/alma-accounts/test/decision-link-key' })
      .resolves({ Parameter: { Value: 's3cret' } });
    vi.useFakeTimers({ toFake: ['Date'] });

    expect(await reader.get('decision-link-key')).toBe('s3cret');
    expect(await reader.get('decision-link-key')).toBe('s3cret');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, {
      Name: '/alma-accounts/test/decision-link-key',
      WithDecryption: true,
    });
    // A rotated key reaches a warm container once the cached value is older than the max age.
    vi.setSystemTime(Date.now() + (SECRET_MAX_AGE_SECONDS + 1) * 1000);
    expect(await reader.get('decision-link-key')).toBe('s3cret');
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('says a missing secret is not found, naming it', async () => {
    const { ssm, reader } = mockedReader();
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const error = await reader.get('missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ message: 'secret "missing" not found under /alma-accounts/test' });
  });

  it('builds a Lambda context from the config in SSM, with credentials and endpoints from the environment', async () => {
    const ssm = await startSsmStandIn({
      '/alma-accounts/test/decision-link-key': 's3cret',
      '/alma-accounts/test/config': JSON.stringify(testConfig()),
    });
    try {
      Object.assign(process.env, {
        CONFIG_PARAMETER: '/alma-accounts/test/config',
        TABLE_NAME: 'any',
        SECRETS_PREFIX: '/alma-accounts/test',
        AWS_REGION: LOCAL_AWS.region,
        AWS_ACCESS_KEY_ID: 'role-key',
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: 'role-session',
        AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      });
      const ctx = await lambdaContext('aws-client-test');
      expect(ctx.config.mailbox).toBe(testConfig().mailbox);
      expect(await ctx.secrets.get('decision-link-key')).toBe('s3cret');
      expect(ssm.seen).toEqual([
        {
          target: 'AmazonSSM.GetParameter',
          name: '/alma-accounts/test/config',
          accessKeyId: 'role-key',
          sessionToken: 'role-session',
        },
        {
          target: 'AmazonSSM.GetParameter',
          name: '/alma-accounts/test/decision-link-key',
          accessKeyId: 'role-key',
          sessionToken: 'role-session',
        },
      ]);
    } finally {
      await ssm.stop();
    }
  });

  it('does not retry a credential chain that cannot give credentials, and says so', async () => {
    const silent = await startSilentServer();
    let asked = 0;
    try {
      const reader = new SsmSecretReader(
        '/alma-accounts/test',
        createSsmProvider({
          endpoint: silent.endpoint,
          region: LOCAL_AWS.region,
          credentials: () => {
            asked++;
            throw Object.assign(new Error('Could not load credentials from any providers'), {
              name: 'CredentialsProviderError',
            });
          },
        }),
      );
      await expect(reader.get('decision-link-key')).rejects.toThrow(
        'Could not load credentials from any providers',
      );
      expect(asked).toBe(1);
      expect(silent.requests()).toBe(0);
    } finally {
      await silent.stop();
    }
  });
});

describe('the DynamoDB client as configured', () => {
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(() => silent.stop());

  it('gives up after its attempts on a service that never answers, with a timeout error', async () => {
    const db = createDocumentClient({ endpoint: silent.endpoint, ...LOCAL_AWS, ...requestTimeouts(100) });
    const error = await db
      .get({ TableName: 'any-table', Key: { PK: 'x', SK: 'y' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TimeoutError',
      $metadata: { attempts: DYNAMODB_CLIENT_DEFAULTS.maxAttempts },
    });
    expect(silent.requests()).toBe(DYNAMODB_CLIENT_DEFAULTS.maxAttempts);
  });

  it('does not retry what a retry cannot fix (a failed condition, a missing table)', async () => {
    const { tableName, client } = await freshTable();
    const missing = await client
      .get({ TableName: 'no-such-table', Key: { PK: 'x', SK: 'y' } })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    await client.put({ TableName: tableName, Item: { PK: 'ONCE', SK: 'ITEM' } });
    const condition = await client
      .put({
        TableName: tableName,
        Item: { PK: 'ONCE', SK: 'ITEM' },
        ConditionExpression: 'attribute_not_exists(PK)',
      })
      .catch((e: unknown) => e);
    expect(condition).toMatchObject({
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
  });
});

describe('writeAll', () => {
  const keys = Array.from({ length: 30 }, (_, i) => ({ PK: `BATCH#${i}`, SK: 'ITEM' }));
  const puts = keys.map((Item) => ({ PutRequest: { Item } }));

  it('writes every item of a batch write, sending what DynamoDB left unprocessed again', async () => {
    const { tableName, client } = await freshTable();
    const db = mockClient(client);
    db.send.callThrough();
    // Throttled batches come back 200 with their items unprocessed, here the first one, twice.
    const leftUnprocessed = (input: { RequestItems: unknown }) => ({ UnprocessedItems: input.RequestItems });
    db.on(BatchWriteCommand).callsFakeOnce(leftUnprocessed).callsFakeOnce(leftUnprocessed);
    try {
      await writeAll(client, tableName, puts, { firstPauseMs: 1 });

      expect(
        db
          .commandCalls(BatchWriteCommand)
          .map((call) => Object.values(call.args[0].input.RequestItems ?? {})[0]!.length),
      ).toEqual([25, 25, 25, 5]);
    } finally {
      db.restore();
    }
    for (const Key of keys) expect((await client.get({ TableName: tableName, Key })).Item).toEqual(Key);
  });

  it('stops resending after its rounds and says how many items were left unwritten', async () => {
    const { tableName, client } = await freshTable();
    const db = mockClient(client);
    db.on(BatchWriteCommand).callsFake((input) => ({ UnprocessedItems: input.RequestItems }));
    try {
      const error = await writeAll(client, tableName, puts, { maxRounds: 3, firstPauseMs: 1 }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnprocessedItemsError);
      expect(error).toMatchObject({ tableName, unprocessed: 30, rounds: 3 });
      expect((error as Error).message).toContain('30 item(s)');
      expect(db).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    } finally {
      db.restore();
    }
  });
});

describe('the CLI --table mode (real AWS through the default chains)', () => {
  it('says clearly what is missing: region, credentials', async () => {
    const ws = await cliWorkspace();
    Object.assign(process.env, {
      AWS_REGION: LOCAL_AWS.region,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      // Nothing anywhere in the chain: no keys, no profile files, no instance role.
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'])
      delete process.env[name];
    const list = () => ws.cli('--table', ws.tableName, 'accounts', 'list', '--institution', 'LIB-A');

    const noCredentials = await list();
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.err.join('\n')).toContain(
      'no AWS credentials: Could not load credentials from any providers',
    );
    delete process.env.AWS_REGION;
    const noRegion = await list();
    expect(noRegion.code).toBe(1);
    expect(noRegion.err.join('\n')).toContain('no AWS region: set AWS_REGION');
  });
});
