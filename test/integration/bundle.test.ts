import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ESBUILD_OPTIONS, FUNCTION_ENTRIES } from '../../infra/bundling';
import { LOCAL_AWS } from '../../local/dynamodb-local';
import { DynamoDbAccountStore } from '../../shared/adapters/dynamodb/account-store';
import { testConfig } from '../support/context';
import { nodeRuntimes } from '../support/node-runtimes';
import { startS3StandIn } from '../support/s3-stand-in';
import { freshTable, sesEndpoint, sesStore } from '../support/services';
import { startSsmStandIn } from '../support/ssm-stand-in';

const run = promisify(execFile);
const runtimes = nodeRuntimes();

/**
 * The deployed artifacts themselves: each function bundled with the stack's esbuild settings,
 * loaded in a fresh Node process with nothing but the bundle and the Lambda environment, under
 * the machine's Node 20 and under Node 22, the Lambda runtime's major. The inbound one handles
 * the sample SES event end to end against the local services on both.
 */
describe('function bundles, as deployed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'alma-bundles-'));
  const bundles: Record<string, string> = {};
  let s3: Awaited<ReturnType<typeof startS3StandIn>>;
  /** The decision-link key: the inbound function signs the answer's rating links with it. */
  let ssm: Awaited<ReturnType<typeof startSsmStandIn>>;

  beforeAll(async () => {
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
      const outfile = join(folder, `${name}.mjs`);
      await build({
        ...ESBUILD_OPTIONS,
        mainFields: [...ESBUILD_OPTIONS.mainFields],
        external: [],
        entryPoints: [entry],
        outfile,
        logLevel: 'silent',
      });
      bundles[name] = outfile;
    }
    s3 = await startS3StandIn();
    ssm = await startSsmStandIn({ '/alma-accounts/test/decision-link-key': 'k'.repeat(43) });
  }, 60_000);
  afterAll(async () => {
    await s3.stop();
    await ssm.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds both runtimes: the machine’s Node 20 and the Node 22 binary', () => {
    expect(runtimes.map((r) => r.label)).toEqual(['node20', 'node22']);
  });

  /**
   * Runs `handler(event, context)` of a bundle in a fresh process (outside the repository: no
   * node_modules), with a Lambda-like context whose request id the logs must carry.
   */
  async function invoke(node: string, bundle: string, event: unknown, env: Record<string, string>) {
    const requestId = `bundle-request-${Date.now()}`;
    const context = `{ functionName: 'InboundMailFunction', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:InboundMailFunction', memoryLimitInMB: '256', awsRequestId: ${JSON.stringify(requestId)}, logGroupName: '/aws/lambda/InboundMailFunction', logStreamName: 'test', getRemainingTimeInMillis: () => 30000 }`;
    const script = `const { handler } = await import(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)}, ${context})));`;
    const { stdout } = await run(node, ['--input-type=module', '-e', script], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    // The function's log lines come first; the result is the last line.
    const lines = stdout.trim().split('\n');
    return { requestId, result: JSON.parse(lines.pop()!), logs: lines };
  }

  for (const { label, binary } of runtimes) {
    it(`every function bundle loads in a bare ${label} process and exports a handler`, async () => {
      for (const bundle of Object.values(bundles)) {
        const { stdout } = await run(
          binary,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(bundle)}); process.stdout.write(typeof m.handler);`,
          ],
          { cwd: folder, env: { PATH: process.env.PATH ?? '', AWS_REGION: LOCAL_AWS.region } },
        );
        expect(stdout, bundle).toBe('function');
      }
    });

    it(`the inbound bundle on ${label} reads the mail from S3, stores the account and answers through SES`, async () => {
      const { tableName, client } = await freshTable();
      const event = JSON.parse(readFileSync('events/ses/inbound-a2.json', 'utf8'));
      event.Records[0].ses.mail.messageId = `bundle-${label}-${Date.now()}`;
      s3.put(
        'raw-mail',
        `inbound/${event.Records[0].ses.mail.messageId}`,
        readFileSync('test/fixtures/corpus/a2-nl-tijdelijk.eml'),
      );
      const sentBefore = (await sesStore()).length;

      const {
        requestId,
        result: [result],
        logs,
      } = await invoke(binary, bundles.InboundMailFunction!, event, {
        TABLE_NAME: tableName,
        CONFIG_JSON: JSON.stringify(testConfig()),
        SECRETS_PREFIX: '/alma-accounts/test',
        RAW_MAIL_BUCKET: 'raw-mail',
        AWS_REGION: LOCAL_AWS.region,
        AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
        AWS_SESSION_TOKEN: 'role-session',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        AWS_ENDPOINT_URL_SESV2: sesEndpoint(),
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_SSM: ssm.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      });

      expect(result).toMatchObject({
        outcome: 'accepted',
        kind: 'new-personal',
        reference: expect.stringMatching(/^REQ-\d{4}-[0-9A-Z]{8}$/),
      });
      expect(
        await new DynamoDbAccountStore(client, tableName).findByEmail('lotte.wouters@lib-b.example'),
      ).toHaveLength(1);
      expect((await sesStore()).length - sentBefore).toBe(3);
      // Its logs name no one: no e-mail address, no person's name.
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join('\n')).not.toMatch(/@lib-b\.example|Lotte|Wouters|Koen/);
      // Every line is the invocation's: injectLambdaContext put the request id in each.
      for (const line of logs)
        expect(JSON.parse(line), line).toMatchObject({ function_request_id: requestId });
    });
  }
});
