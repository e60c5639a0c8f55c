import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWebServer } from '../../local/web-server';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import type { CalendarDate } from '../../shared/domain/calendar';
import { signLink } from '../../shared/domain/notices/token';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { lambdaInvocation } from '../support/lambda';

/*
 * One web app on both entries: the function URL (functions/decision-page/handler.ts, hono/aws-lambda)
 * and `npm start` (local/web-server.ts, @hono/node-server) give the same answer to every header
 * combination a browser (or a script) can send with a decision POST.
 */

const BASE = 'https://decide.helpdesk.example.org';
const saved = { ...process.env };
let ctx: AppContext;
let key: string;
let web: Awaited<ReturnType<typeof startWebServer>>;
let handler: typeof import('../../functions/decision-page/handler').handler;
const ssm = mockClient(SSMClient);

beforeAll(async () => {
  ctx = await testContext(testConfig({ decisionBaseUrl: BASE }));
  key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  // The function builds its context from its environment, as deployed; the key comes from SSM.
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: key } });
  Object.assign(process.env, {
    TABLE_NAME: ctx.tableName,
    CONFIG_JSON: JSON.stringify(ctx.config),
    SECRETS_PREFIX: '/alma-accounts/test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_METRICS_DISABLED: 'true',
    LOG_LEVEL: 'SILENT',
  });
  // Imported once the environment is set: the function reads it at load (log level, metrics).
  ({ handler } = await import('../../functions/decision-page/handler'));
  web = await startWebServer(ctx, 0);
});

afterAll(async () => {
  process.env = { ...saved };
  ssm.restore();
  await web.stop();
});

let serial = 0;
/** A fresh account whose deactivation a POST of the returned token confirms. */
async function closeLink(): Promise<{ email: string; token: string }> {
  const email = `leaver-${++serial}@lib-a.example`;
  const account = anAccount({ endDate: '2031-05-31' as CalendarDate, email });
  await ctx.accounts.create(account, createdEvent(account));
  const token = await signLink(
    {
      purpose: 'close',
      accountId: account.id,
      reasonDate: '2031-05-31' as CalendarDate,
      expiresAt: 2_000_000_000,
    },
    key,
  );
  return { email, token };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
}

type Headers = Record<string, string>;

/** The function URL: AWS's payload 2.0 event (events/function-url/), with these headers and body. */
async function viaLambda(headers: Headers, body: string): Promise<Answer> {
  const event = JSON.parse(readFileSync('events/function-url/decision-post.json', 'utf8'));
  for (const name of ['origin', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-user'])
    delete event.headers[name];
  Object.assign(event.headers, headers, { 'content-length': String(Buffer.byteLength(body)) });
  event.body = Buffer.from(body).toString('base64');
  const result = await handler(event, lambdaInvocation('decision-page'));
  return { status: result.statusCode, headers: result.headers as Record<string, string> };
}

/** The local server, over a socket, with exactly these headers. */
function viaNode(headers: Headers, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${web.url}/decision`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ENTRIES = [
  ['the function URL (hono/aws-lambda)', viaLambda],
  ['the local server (@hono/node-server)', viaNode],
] as const;

describe.each(ENTRIES)('a decision POST through %s', (_entry, post) => {
  it.each([
    [
      "the page's own form under its no-referrer policy (Origin: null, Sec-Fetch-Site: same-origin)",
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      200,
    ],
    ["the page's own form with its origin", { origin: BASE, 'sec-fetch-site': 'same-origin' }, 200],
    ['a client that is no browser (no Origin, no Sec-Fetch-Site)', {}, 200],
    [
      'a form of another site (cross-site)',
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      403,
    ],
    [
      'a form of another host of the domain (same-site)',
      { origin: 'https://intranet.helpdesk.example.org', 'sec-fetch-site': 'same-site' },
      403,
    ],
    ['a foreign Origin alone', { origin: 'https://evil.example' }, 403],
    ['Origin: null alone (a sandboxed page, an old browser)', { origin: 'null' }, 403],
    [
      'a foreign Origin claiming same-origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
      403,
    ],
  ] as const)('from %s', async (_what, headers: Headers, expected) => {
    const { email, token } = await closeLink();

    const answer = await post(headers, `t=${encodeURIComponent(token)}`);

    expect(answer.status).toBe(expected);
    const [stored] = await ctx.accounts.findByEmail(email);
    expect(stored?.status === 'closed').toBe(expected === 200);
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a body over 64 KiB with the 413 page, before reading a token', async () => {
    const { email, token } = await closeLink();

    const answer = await post({}, `t=${encodeURIComponent(token)}&pad=${'a'.repeat(64 * 1024)}`);

    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await ctx.accounts.findByEmail(email))[0]?.status).not.toBe('closed');
  });
});

describe('both entries', () => {
  it('send exactly the headers the pages always sent', async () => {
    const { token } = await closeLink();
    const names = (answer: Answer) =>
      Object.keys(answer.headers)
        .filter((n) => !['content-length', 'date', 'connection', 'keep-alive'].includes(n))
        .sort();
    const lambda = await viaLambda({}, `t=${token}`);
    const { token: other } = await closeLink();
    const node = await viaNode({}, `t=${other}`);

    expect(names(lambda)).toEqual([
      'cache-control',
      'content-security-policy',
      'content-type',
      'referrer-policy',
      'x-content-type-options',
      'x-frame-options',
    ]);
    expect(names(node)).toEqual(names(lambda));
    expect(lambda.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(node.headers['content-security-policy']).toBe(lambda.headers['content-security-policy']);
  });
});
