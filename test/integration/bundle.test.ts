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
import { startS3StandIn } from '../support/s3-stand-in';
import { freshTable, sesStore } from '../support/services';

const run = promisify(execFile);

/**
 * The deployed artifacts themselves: each function bundled with the stack's esbuild settings,
 * loaded in a fresh Node process with nothing but the bundle and the Lambda environment.
 * The inbound one handles the sample SES event end to end against the local services.
 */
describe('function bundles, as deployed', () => {
  const folder = mkdtempSync(join(tmpdir(), 'alma-bundles-'));
  const bundles: Record<string, string> = {};
  let s3: Awaited<ReturnType<typeof startS3StandIn>>;

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
  }, 60_000);
  afterAll(async () => {
    await s3.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Runs `handler(event)` of a bundle in a fresh process (outside the repository: no node_modules). */
  async function invoke(bundle: string, event: unknown, env: Record<string, string>) {
    const script = `const { handler } = await import(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    // The function's log lines come first; the result is the last line.
    const lines = stdout.trim().split('\n');
    return { result: JSON.parse(lines.pop()!), logs: lines };
  }

  it('every function bundle loads in a bare Node process and exports a handler', async () => {
    for (const bundle of Object.values(bundles)) {
      const { stdout } = await run(
        process.execPath,
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

  it('the inbound bundle reads the mail from S3, stores the account and answers through SES', async () => {
    const { tableName, client } = await freshTable();
    const event = JSON.parse(readFileSync('events/ses/inbound-a2.json', 'utf8'));
    event.Records[0].ses.mail.messageId = `bundle-${Date.now()}`;
    s3.put(
      'raw-mail',
      `inbound/${event.Records[0].ses.mail.messageId}`,
      readFileSync('../shared/corpus/a2-nl-tijdelijk.eml'),
    );
    const sentBefore = (await sesStore()).length;

    const {
      result: [result],
      logs,
    } = await invoke(bundles.InboundMailFunction!, event, {
      TABLE_NAME: tableName,
      CONFIG_JSON: JSON.stringify(testConfig()),
      SECRETS_PREFIX: '/alma-accounts/test',
      RAW_MAIL_BUCKET: 'raw-mail',
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: 'role-session',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_ENDPOINT_URL_SESV2: inject('sesEndpoint'),
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });

    expect(result).toMatchObject({
      outcome: 'accepted',
      kind: 'new-personal',
      reference: expect.stringMatching(/^REQ-\d{4}-\d{6}$/),
    });
    expect(
      await new DynamoDbAccountStore(client, tableName).findByEmail('lotte.wouters@lib-b.example'),
    ).toHaveLength(1);
    expect((await sesStore()).length - sentBefore).toBe(3);
    // Its logs name no one: no e-mail address, no person's name.
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toMatch(/@lib-b\.example|Lotte|Wouters|Koen/);
  });
});
