import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer } from '../../local/web-server';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import type { CalendarDate } from '../../shared/domain/calendar';
import { signLink } from '../../shared/domain/notices/token';
import { handleDecisionRequest } from '../../shared/web/web-app';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';

/* Issue 10, finding 10: a cross-site form POST to the decision page, and an unbounded request body. */

let ctx: AppContext;
let token: string;
const NOW = new Date('2031-06-01T10:00:00Z');

beforeAll(async () => {
  ctx = await testContext(testConfig({ decisionBaseUrl: 'https://decide.helpdesk.example.org' }));
  const account = anAccount({ endDate: '2031-05-31' as CalendarDate, email: 'leaver@lib-a.example' });
  await ctx.accounts.create(account, createdEvent(account));
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  token = await signLink(
    {
      purpose: 'close',
      accountId: account.id,
      reasonDate: '2031-05-31' as CalendarDate,
      expiresAt: 2_000_000_000,
    },
    key,
  );
});

const post = (headers: Record<string, string>) =>
  handleDecisionRequest(ctx, {
    method: 'POST',
    path: '/decision',
    query: {},
    body: `t=${token}`,
    now: NOW,
    headers,
  });

describe('decision POSTs from another site', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another host of the domain)', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed or file page)', { origin: 'null' }],
    [
      'Origin: null from a sandboxed page of another site',
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ],
    ['Origin: null from another host of the domain', { origin: 'null', 'sec-fetch-site': 'same-site' }],
    [
      'Sec-Fetch-Site: same-origin with an Origin of another site',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
  ])('are refused with %s, and close nothing', async (_what, headers) => {
    const answer = await post(headers);
    expect(answer.status).toBe(403);
    const stored = await ctx.accounts.findByEmail('leaver@lib-a.example');
    expect(stored[0]?.status).not.toBe('closed');
  });

  it('from the page itself under its no-referrer policy (Origin: null, Sec-Fetch-Site: same-origin, as Chromium and Firefox send) are taken', async () => {
    const answer = await post({ origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(answer.status).toBe(200);
    expect((await ctx.accounts.findByEmail('leaver@lib-a.example'))[0]?.status).toBe('closed');
  });

  it('from the page itself are taken', async () => {
    const answer = await post({
      origin: 'https://decide.helpdesk.example.org',
      'sec-fetch-site': 'same-origin',
    });
    expect(answer.status).toBe(200);
    expect((await ctx.accounts.findByEmail('leaver@lib-a.example'))[0]?.status).toBe('closed');
  });
});

describe('the local decision server', () => {
  let web: Awaited<ReturnType<typeof startWebServer>>;
  beforeAll(async () => {
    web = await startWebServer(ctx, 0);
  });
  afterAll(() => web.stop());

  it('refuses a huge body while reading it, without holding it', async () => {
    const before = process.memoryUsage().rss;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${web.url}/decision`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1));
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 150) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 20_000);
    });
    // 413 as soon as the bound is passed; the connection may be cut before the client finishes writing.
    expect([413, -1]).toContain(status);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  }, 30_000);
});
