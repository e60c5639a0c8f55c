import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { AwsClient, AwsError } from '../../shared/adapters/aws/client';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client';
import { SsmSecretReader, ssmClient } from '../../shared/adapters/secrets/ssm-secrets';
import { lambdaContext } from '../../shared/app/lambda-context';
import { NotFoundError } from '../../shared/errors';
import { verifySignature } from '../support/aws-signature';
import { testConfig } from '../support/context';
import { startFaultProxy } from '../support/fault-proxy';
import { freshTable } from '../support/services';

/** A stand-in for SSM's JSON API: GetParameter from a map, signatures checked with the SDK's signer. */
async function startSsmStandIn(parameters: Record<string, string>) {
  const seen: { target: string; body: Record<string, unknown>; token?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(json));
      };
      const problem = await verifySignature(
        { method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, body },
        { service: 'ssm', region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials },
      );
      if (problem) return answer(400, { __type: 'InvalidSignatureException', message: problem });
      const request = JSON.parse(body.toString('utf8')) as { Name: string };
      seen.push({
        target: String(req.headers['x-amz-target']),
        body: request,
        token: req.headers['x-amz-security-token'] as string | undefined,
      });
      const value = parameters[request.Name];
      if (value === undefined) return answer(400, { __type: 'ParameterNotFound' });
      answer(200, { Parameter: { Name: request.Name, Type: 'SecureString', Value: value } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('the small AWS client', () => {
  let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;
  const saved = { ...process.env };
  beforeAll(async () => {
    ssm = await startSsmStandIn({
      '/alma-accounts/test/decision-link-key': 's3cret',
      '/alma-accounts/test/config': JSON.stringify(testConfig()),
    });
  });
  afterAll(() => ssm.stop());
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads SecureString secrets from SSM, signed, decrypted, once per container', async () => {
    const reader = new SsmSecretReader(
      '/alma-accounts/test',
      ssmClient({
        endpoint: ssm.endpoint,
        region: LOCAL_AWS.region,
        credentials: { ...LOCAL_AWS.credentials, sessionToken: 'role-session' },
      }),
    );
    const before = ssm.seen.length;
    expect(await reader.get('decision-link-key')).toBe('s3cret');
    expect(await reader.get('decision-link-key')).toBe('s3cret');
    expect(ssm.seen.slice(before)).toEqual([
      {
        target: 'AmazonSSM.GetParameter',
        body: { Name: '/alma-accounts/test/decision-link-key', WithDecryption: true },
        token: 'role-session',
      },
    ]);
    await expect(reader.get('missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('builds a Lambda context from the config in SSM, with credentials and endpoints from the environment', async () => {
    Object.assign(process.env, {
      CONFIG_PARAMETER: '/alma-accounts/test/config',
      TABLE_NAME: 'any',
      SECRETS_PREFIX: '/alma-accounts/test',
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    });
    const ctx = await lambdaContext('aws-client-test');
    expect(ctx.config.mailbox).toBe(testConfig().mailbox);
    expect(await ctx.secrets.get('decision-link-key')).toBe('s3cret');
  });

  it('says clearly what is missing: region, credentials', async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    expect(() => ssmClient()).toThrow('no AWS region: set AWS_REGION');
    process.env.AWS_REGION = 'eu-west-1';
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const reader = new SsmSecretReader('/alma-accounts/test', ssmClient({ endpoint: ssm.endpoint }));
    await expect(reader.get('decision-link-key')).rejects.toThrow(
      'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
    );
  });

  it('does not retry a credential chain that cannot give credentials, and says so', async () => {
    let asked = 0;
    const reader = new SsmSecretReader(
      '/alma-accounts/test',
      ssmClient({
        endpoint: ssm.endpoint,
        region: LOCAL_AWS.region,
        credentials: () => {
          asked++;
          throw new Error('Could not load credentials from any providers');
        },
      }),
    );
    await expect(reader.get('decision-link-key')).rejects.toMatchObject({
      name: 'CredentialsError',
      message: 'no AWS credentials: Could not load credentials from any providers',
    });
    expect(asked).toBe(1);
  });

  it('gives up after its attempts on a service that never answers, with a timeout error', async () => {
    const proxy = await startFaultProxy(inject('dynamoEndpoint'));
    try {
      proxy.fail({ when: 'ListTables', times: 3, answer: 'hang' });
      const db = createDocumentClient({
        endpoint: proxy.endpoint,
        ...LOCAL_AWS,
        maxAttempts: 3,
        timeoutMs: 100,
        retryBaseMs: 1,
      });
      const error = await db.call('ListTables', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ name: 'TimeoutError', retryable: true });
      expect(proxy.seen.filter((r) => r.operation === 'ListTables')).toHaveLength(3);
    } finally {
      await proxy.stop();
    }
  });

  it('does not retry what a retry cannot fix (a failed condition, a validation error)', async () => {
    const proxy = await startFaultProxy(inject('dynamoEndpoint'));
    try {
      const db = createDocumentClient({ endpoint: proxy.endpoint, ...LOCAL_AWS, retryBaseMs: 1 });
      const error = await db
        .get({ TableName: 'no-such-table', Key: { PK: 'x', SK: 'y' } })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', retryable: false, statusCode: 400 });
      expect(proxy.seen).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it('writes every item of a batch write, sending what DynamoDB left unprocessed again', async () => {
    const { tableName, endpoint } = await freshTable();
    const proxy = await startFaultProxy(endpoint);
    try {
      // Throttled batches come back 200 with their items unprocessed, here the first one, twice.
      proxy.fail({
        when: 'BatchWriteItem',
        times: 2,
        answer: { json: (r) => ({ UnprocessedItems: JSON.parse(r.body).RequestItems }) },
      });
      const db = createDocumentClient({ endpoint: proxy.endpoint, ...LOCAL_AWS });
      const keys = Array.from({ length: 30 }, (_, i) => ({ PK: `BATCH#${i}`, SK: 'ITEM' }));
      await db.writeAll(
        tableName,
        keys.map((Item) => ({ PutRequest: { Item } })),
      );

      const batches = proxy.seen.filter((r) => r.operation === 'BatchWriteItem');
      expect(
        batches.map(
          (r) => Object.values(JSON.parse(r.body).RequestItems as Record<string, unknown[]>)[0]!.length,
        ),
      ).toEqual([25, 25, 25, 5]);
      for (const Key of keys) expect((await db.get({ TableName: tableName, Key })).Item).toEqual(Key);
    } finally {
      await proxy.stop();
    }
  });

  it('reads S3 XML errors and unknown answers into named errors', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.includes('xml')) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
      } else {
        res.writeHead(503);
        res.end('<html>busy</html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new AwsClient({
      service: 's3',
      hostPrefix: 's3',
      endpointId: 'S3',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ...LOCAL_AWS,
      maxAttempts: 2,
      retryBaseMs: 1,
    });
    try {
      await expect(client.send({ method: 'GET', bucket: 'b', path: '/xml' })).rejects.toMatchObject({
        name: 'AccessDenied',
        message: 'Access Denied',
        retryable: false,
      });
      await expect(client.send({ method: 'GET', bucket: 'b', path: '/other' })).rejects.toMatchObject({
        name: 'Http503',
        retryable: true,
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
