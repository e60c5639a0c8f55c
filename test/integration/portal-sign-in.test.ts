import { beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import { signLink } from '../../shared/domain/notices/token';
import { createWebApp } from '../../shared/web/web-app';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { sesStore } from '../support/services';

/*
 * Sign-in by e-mail link (README "Portal"): what the portal mails, to whom, how often; what a
 * link opens, once; what a session is worth once revoked; and the cross-site rule on its POSTs.
 */

const BASE = 'http://127.0.0.1:8788';
const DOMAIN = 'portal-sign-in.example';
const ANNE = `anne@${DOMAIN}`;
const KOEN = `koen@${DOMAIN}`;
const HELP = `staff@${DOMAIN}`;
let ctx: AppContext;
let clock = new Date('2027-03-01T09:00:00Z');
let app: ReturnType<typeof createWebApp>;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['sec-fetch-site'] ??= 'same-origin';
    headers.origin ??= BASE;
  }
  const response = await app.fetch(new Request(`${BASE}${path}`, { method, headers, body: options.body }));
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The sign-in links the local SES accepted for an address, oldest first. */
async function linksTo(address: string): Promise<string[]> {
  const mails = (await sesStore()).filter((m) => m.destination.to.includes(address));
  return mails.flatMap((m) =>
    [...(m.body.text ?? '').matchAll(/http:\/\/[^/\s]+\/portal\/link\?t=([\w.-]+)&lang=(fr|nl|en)/g)].map(
      (x) => x[1]!,
    ),
  );
}

async function signIn(address: string): Promise<string> {
  await call('POST', '/portal/sign-in', { body: form({ address }) });
  const token = (await linksTo(address)).at(-1)!;
  const opened = await call('POST', '/portal/link', { body: form({ t: token }) });
  expect(opened.status).toBe(303);
  return opened.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  ctx = await testContext(
    testConfig({
      decisionBaseUrl: BASE,
      institutions: [
        { code: 'LIB-A', name: 'Library A', language: 'fr', managers: [ANNE], senderDomains: [DOMAIN] },
        { code: 'LIB-B', name: 'Library B', language: 'nl', managers: [KOEN] },
      ],
      portal: { helpdeskStaff: [HELP] },
    }),
  );
  app = createWebApp(ctx, { now: () => clock });
});

describe('portal sign-in by e-mail link', () => {
  it('mails a known manager one link, valid 15 minutes, that a GET shows and one POST uses', async () => {
    // Act
    const asked = await call('POST', '/portal/sign-in', { body: form({ address: ANNE.toUpperCase() }) });
    // Assess
    expect(asked.status).toBe(200);
    const [token] = await linksTo(ANNE);
    expect(token).toBeDefined();
    const shown = await call('GET', `/portal/link?t=${token}&lang=fr`);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<button type="submit">Se connecter</button>');
    // A GET (a mail scanner's) uses nothing: the POST still opens the session.
    const opened = await call('POST', '/portal/link', { body: form({ t: token! }) });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/portal/accounts');
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^portal_session=[\w-]{40,}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax$/);
    const accounts = await call('GET', '/portal/accounts', { cookie: cookie.split(';')[0] });
    expect(accounts.status).toBe(200);
    expect(accounts.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(accounts.body).not.toContain('<script');
    // Second use of the same link: nobody is signed in.
    const again = await call('POST', '/portal/link', { body: form({ t: token! }) });
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('answers an unknown address with the same page and mails nothing', async () => {
    const stranger = `nobody@${DOMAIN}`;
    const known = await call('POST', '/portal/sign-in', { body: form({ address: KOEN }) });
    const unknown = await call('POST', '/portal/sign-in', { body: form({ address: stranger }) });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toBe(known.body);
    expect(await linksTo(stranger)).toEqual([]);
    expect(await linksTo(KOEN)).toHaveLength(1);
  });

  it('sends at most one link a minute to an address', async () => {
    clock = new Date('2027-03-01T10:00:00Z');
    for (let i = 0; i < 3; i++) await call('POST', '/portal/sign-in', { body: form({ address: HELP }) });
    expect(await linksTo(HELP)).toHaveLength(1);
    clock = new Date('2027-03-01T10:01:01Z');
    await call('POST', '/portal/sign-in', { body: form({ address: HELP }) });
    expect(await linksTo(HELP)).toHaveLength(2);
  });

  it('refuses an expired link and a forged one', async () => {
    clock = new Date('2027-03-02T09:00:00Z');
    await call('POST', '/portal/sign-in', { body: form({ address: ANNE }) });
    const token = (await linksTo(ANNE)).at(-1)!;
    clock = new Date('2027-03-02T09:15:01Z');
    expect((await call('GET', `/portal/link?t=${token}`)).status).toBe(400);
    expect((await call('POST', '/portal/link', { body: form({ t: token }) })).status).toBe(400);
    // Signed with another key, for a nonce that exists or not: refused.
    const forged = await signLink(
      { purpose: 'sign-in', nonce: 'A'.repeat(32), expiresAt: Math.floor(clock.getTime() / 1000) + 600 },
      'not the key',
    );
    expect((await call('POST', '/portal/link', { body: form({ t: forged }) })).status).toBe(400);
    // Signed with the right key but naming no recorded link: refused too.
    const unrecorded = await signLink(
      { purpose: 'sign-in', nonce: 'B'.repeat(32), expiresAt: Math.floor(clock.getTime() / 1000) + 600 },
      await ctx.secrets.get(DECISION_LINK_KEY_SECRET),
    );
    expect((await call('POST', '/portal/link', { body: form({ t: unrecorded }) })).status).toBe(400);
  });

  it('ends a session on sign-out and when revoked', async () => {
    clock = new Date('2027-03-03T09:00:00Z');
    const first = await signIn(ANNE);
    expect((await call('GET', '/portal/accounts', { cookie: first })).status).toBe(200);
    await call('POST', '/portal/sign-out', { cookie: first });
    expect((await call('GET', '/portal/accounts', { cookie: first })).status).toBe(303);
    clock = new Date('2027-03-03T09:02:00Z');
    const second = await signIn(ANNE);
    // Anne's live sessions: this one and the first test's (the signed-out one is gone already).
    expect(await ctx.portal.revokeSessionsOf(ANNE)).toBe(2);
    const after = await call('GET', '/portal/accounts', { cookie: second });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/portal');
  });

  it('ends a session after 8 hours', async () => {
    clock = new Date('2027-03-04T09:00:00Z');
    const cookie = await signIn(ANNE);
    clock = new Date('2027-03-04T17:00:01Z');
    expect((await call('GET', '/portal/accounts', { cookie })).status).toBe(303);
  });

  it('refuses a cross-site POST: sign-in, sign-out and account actions', async () => {
    clock = new Date('2027-03-05T09:00:00Z');
    const cookie = await signIn(ANNE);
    const account = anAccount({ institution: 'LIB-A', email: `jean@${DOMAIN}` });
    await ctx.accounts.create(account, createdEvent(account));
    const evil = { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
    for (const path of ['/portal/sign-in', '/portal/sign-out', `/portal/accounts/${account.id}/close`]) {
      const refused = await call('POST', path, { cookie, headers: evil, body: form({ date: '05/03/2027' }) });
      expect(refused.status, path).toBe(403);
    }
    expect((await ctx.accounts.get(account.id))!.status).toBe('active');
    expect((await call('GET', '/portal/accounts', { cookie })).status).toBe(200);
  });

  it('lets the helpdesk search every institution by name, address or reference', async () => {
    clock = new Date('2027-03-07T09:00:00Z');
    const staff = await signIn(HELP);
    const a = anAccount({ institution: 'LIB-A', fullName: 'Search Alpha', email: `search.a@${DOMAIN}` });
    const b = anAccount({ institution: 'LIB-B', fullName: 'Search Beta', email: `search.b@${DOMAIN}` });
    for (const account of [a, b]) await ctx.accounts.create(account, createdEvent(account));
    const byName = await call('GET', '/portal/search?q=search', { cookie: staff });
    expect(byName.body).toContain('Search Alpha');
    expect(byName.body).toContain('Search Beta');
    const byAddress = await call('GET', `/portal/search?q=${encodeURIComponent(`search.b@`)}`, {
      cookie: staff,
    });
    expect(byAddress.body).not.toContain('Search Alpha');
    expect(byAddress.body).toContain('Search Beta');
    const byReference = await call('GET', '/portal/search?q=REQ-2027-ABCDEFGH', { cookie: staff });
    expect(byReference.headers.get('location')).toBe('/portal/requests/REQ-2027-ABCDEFGH');
    // A manager has no such search.
    const anne = await signIn(ANNE);
    expect((await call('GET', '/portal/search?q=search', { cookie: anne })).status).toBe(404);
  });

  it('shows another institution’s account as not found', async () => {
    clock = new Date('2027-03-06T09:00:00Z');
    const cookie = await signIn(KOEN);
    const account = anAccount({ institution: 'LIB-A', email: `marie@${DOMAIN}` });
    await ctx.accounts.create(account, createdEvent(account));
    const page = await call('GET', `/portal/accounts/${account.id}`, { cookie });
    expect(page.status).toBe(404);
    expect(page.body).not.toContain(account.email);
    const close = await call('POST', `/portal/accounts/${account.id}/close`, {
      cookie,
      body: form({ date: '06/03/2027' }),
    });
    expect(close.status).toBe(404);
    expect((await ctx.accounts.get(account.id))!.status).toBe('active');
  });

  it('returns to the page that asked for sign-in (a reveal link), never to another site', async () => {
    clock = new Date(clock.getTime() + 120_000);
    const next = '/reveal?t=abc.def';
    const form1 = await call('GET', `/portal?next=${encodeURIComponent(next)}`);
    expect(form1.body).toContain('name="next" value="/reveal?t=abc.def"');
    await call('POST', '/portal/sign-in', { body: form({ address: KOEN, next }) });
    const mail = (await sesStore()).filter((m) => m.destination.to.includes(KOEN)).at(-1)!;
    const url = new URL(/http:\/\/\S+\/portal\/link\?\S+/.exec(mail.body.text ?? '')![0]);
    expect(url.searchParams.get('next')).toBe(next);
    const shown = await call('GET', `${url.pathname}${url.search}`);
    expect(shown.body).toContain('name="next" value="/reveal?t=abc.def"');
    const opened = await call('POST', '/portal/link', {
      body: form({ t: url.searchParams.get('t')!, next }),
    });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(next);

    // Another site, or a path trick, in `next`: the portal's start page, and no hidden field.
    clock = new Date(clock.getTime() + 120_000);
    const hostile = 'https://evil.example/portal';
    expect((await call('GET', `/portal?next=${encodeURIComponent(hostile)}`)).body).not.toContain(
      'name="next"',
    );
    await call('POST', '/portal/sign-in', { body: form({ address: KOEN, next: hostile }) });
    const token = (await linksTo(KOEN)).at(-1)!;
    const again = await call('POST', '/portal/link', { body: form({ t: token, next: '//evil.example/x' }) });
    expect(again.headers.get('location')).toBe('/portal/accounts');
  });
});
