import { beforeAll, describe, expect, it } from 'vitest';
import { accountToItem } from '../../shared/adapters/dynamodb/account-store';
import type { AppContext } from '../../shared/app/context';
import type { Account } from '../../shared/domain/account';
import type { CalendarDate } from '../../shared/domain/calendar';
import { PAGE_SIZE } from '../../shared/domain/portal/lists';
import { createWebApp } from '../../shared/web/web-app';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';
import { sesStore } from '../support/services';

/*
 * The portal's views through the web app (README "Portal"): lists one Query a page in every
 * order, the account's actions through the request path with the manager as actor and the same
 * answer mail, the new-account form, the review decision; another institution's is not found.
 */

const BASE = 'http://127.0.0.1:8788';
const DOMAIN = 'portal-views.example';
const ANNE = `anne@${DOMAIN}`;
const KOEN = `koen@${DOMAIN}`;
let ctx: AppContext;
let app: ReturnType<typeof createWebApp>;
let anne: string;
let koen: string;
const clock = new Date('2027-03-01T09:00:00Z');
const accounts: Account[] = [];

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function call(method: 'GET' | 'POST', path: string, cookie?: string, body?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (method === 'POST')
    Object.assign(headers, {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: BASE,
    });
  const response = await app.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function signIn(address: string): Promise<string> {
  await call('POST', '/portal/sign-in', undefined, form({ address }));
  const mail = (await sesStore()).filter((m) => m.destination.to.includes(address)).at(-1)!;
  const token = /\/portal\/link\?t=([\w.-]+)/.exec(mail.body.text ?? '')![1]!;
  const opened = await call('POST', '/portal/link', undefined, form({ t: token }));
  return opened.headers.get('set-cookie')!.split(';')[0]!;
}

/** The names in a list page's table, in order. */
const names = (html: string) =>
  [...html.matchAll(/<tr><td><a href="\/portal\/accounts\/ACC-[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

beforeAll(async () => {
  ctx = await testContext(
    testConfig({
      decisionBaseUrl: BASE,
      institutions: [
        { code: 'LIB-A', name: 'Library A', language: 'fr', managers: [ANNE], senderDomains: [DOMAIN] },
        { code: 'LIB-B', name: 'Library B', language: 'nl', managers: [KOEN] },
      ],
    }),
  );
  app = createWebApp(ctx, { now: () => clock });
  // 30 accounts in LIB-A (a page and a bit), 3 of them volunteers, 1 closed; 5 in LIB-B.
  for (let i = 0; i < 30; i++) {
    const volunteer = i % 10 === 3;
    accounts.push(
      anAccount({
        institution: 'LIB-A',
        fullName: `Agent ${String.fromCharCode(65 + (i % 26))}${i} Été`,
        email: `agent${String(i).padStart(2, '0')}@${DOMAIN}`,
        employeeType: volunteer ? 'volunteer' : 'temporary',
        missionEndDate: volunteer ? null : ('2027-04-30' as CalendarDate),
        endDate: `2027-${String(3 + (i % 9)).padStart(2, '0')}-15` as CalendarDate,
        status: i === 29 ? 'closed' : 'active',
      }),
    );
  }
  for (let i = 0; i < 5; i++)
    accounts.push(anAccount({ institution: 'LIB-B', fullName: `Medewerker ${i}`, email: `b${i}@${DOMAIN}` }));
  for (const a of accounts) await ctx.accounts.create(a, createdEvent(a));
  [anne, koen] = await Promise.all([signIn(ANNE), signIn(KOEN)]);
});

describe('portal views', () => {
  it('lists the institution’s open accounts a page at a time, reading page size + 1 items', async () => {
    const first = await call('GET', '/portal/accounts?sort=name&dir=asc', anne);
    expect(first.status).toBe(200);
    const shown = names(first.body);
    expect(shown).toHaveLength(PAGE_SIZE);
    expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b)));
    expect(first.body).not.toContain('Medewerker');
    const next = /href="([^"]+)" rel="next"/.exec(first.body)![1]!.replaceAll('&amp;', '&');
    const second = await call('GET', next, anne);
    expect(names(second.body)).toHaveLength(29 - PAGE_SIZE);
    expect(second.body).not.toContain('rel="next"');
    // Items read, as the store counts them: never more than a page and one.
    const page = await ctx.portal.accountPage(
      { index: 'GSI5', partition: 'INST#LIB-A#open', forward: true },
      PAGE_SIZE,
    );
    expect(page.itemsRead).toBe(PAGE_SIZE + 1);
  });

  it('reads nothing of another institution from a forged page key', async () => {
    const lib = accounts.find((a) => a.institution === 'LIB-B')!;
    const forged = Buffer.from(
      JSON.stringify({
        PK: `ACCOUNT#${lib.id}`,
        SK: 'ACCOUNT',
        GSI5PK: 'INST#LIB-B#open',
        GSI5SK: `!${lib.id}`,
      }),
    ).toString('base64url');
    const page = await call('GET', `/portal/accounts?sort=name&after=${forged}`, anne);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('Medewerker');
    // The key is dropped: the first page of Anne's own institution.
    expect(names(page.body)).toEqual(names((await call('GET', '/portal/accounts?sort=name', anne)).body));
  });

  it('sorts by each sortable column both ways and filters', async () => {
    const desc = names((await call('GET', '/portal/accounts?sort=email&dir=desc', anne)).body);
    expect(desc[0]).toBe(accounts[28]!.fullName);
    const byEnd = await call('GET', '/portal/accounts?sort=end&dir=asc', anne);
    expect(byEnd.body).toContain('aria-sort="ascending"');
    const volunteers = names((await call('GET', '/portal/accounts?filter=volunteers', anne)).body);
    expect(volunteers.sort()).toEqual(
      accounts
        .filter((a) => a.employeeType === 'volunteer' && a.institution === 'LIB-A')
        .map((a) => a.fullName)
        .sort(),
    );
    const closed = names((await call('GET', '/portal/accounts?filter=closed', anne)).body);
    expect(closed).toEqual([accounts[29]!.fullName]);
    // Ending within 30 days of 1 March 2027: the ones ending 15 March.
    const ending = names((await call('GET', '/portal/accounts?filter=ending', anne)).body);
    expect(ending.sort()).toEqual(
      accounts
        .filter((a, i) => i < 29 && a.endDate === '2027-03-15')
        .map((a) => a.fullName)
        .sort(),
    );
    // Search by the start of a name (accents and case ignored) or of an address.
    expect(names((await call('GET', '/portal/accounts?q=agent+b1', anne)).body)).toEqual([
      accounts[1]!.fullName,
    ]);
    expect(
      names((await call('GET', `/portal/accounts?q=${encodeURIComponent('agent07@')}`, anne)).body),
    ).toEqual([accounts[7]!.fullName]);
  });

  it('renews an account from its page through the request path, and mails the same answer', async () => {
    const target = accounts[0]!;
    const page = await call('GET', `/portal/accounts/${target.id}`, anne);
    expect(page.status).toBe(200);
    expect(page.body).toContain('created');
    const renewed = await call(
      'POST',
      `/portal/accounts/${target.id}/renew`,
      anne,
      form({ date: '30/09/2027' }),
    );
    expect(renewed.status).toBe(200);
    const reference = /demande (REQ-\d{4}-\w+)/.exec(renewed.body)![1]!;
    const account = (await ctx.accounts.get(target.id))!;
    expect(account.missionEndDate).toBe('2027-09-30');
    const history = await ctx.accounts.history(target.id);
    expect(history.at(-1)).toMatchObject({ action: 'renewed', actor: ANNE, reference });
    const answer = (await sesStore()).find(
      (m) => m.subject.includes(reference) && m.destination.to.includes(ANNE),
    );
    expect(answer).toBeDefined();
    const request = await ctx.requests.getRequest(reference);
    expect(request).toMatchObject({ status: 'accepted', kind: 'renewal', sender: ANNE });
    // It lists among Anne's requests, newest first.
    const mine = await call('GET', '/portal/requests?mine=1', anne);
    expect(mine.body).toContain(reference);
    const detail = await call('GET', `/portal/requests/${reference}`, anne);
    expect(detail.status).toBe(200);
    expect((await call('GET', `/portal/requests/${reference}`, koen)).status).toBe(404);
  });

  it('closes an account from a date in the future (deactivation date) through the same rules', async () => {
    const target = accounts[2]!;
    const closed = await call(
      'POST',
      `/portal/accounts/${target.id}/close`,
      anne,
      form({ date: '31/03/2027' }),
    );
    expect(closed.status).toBe(200);
    expect((await ctx.accounts.get(target.id))!.deactivationDate).toBe('2027-03-31');
    // A date that is no date: shown on the page, nothing done, nothing mailed.
    const before = (await sesStore()).length;
    const wrong = await call(
      'POST',
      `/portal/accounts/${accounts[4]!.id}/close`,
      anne,
      form({ date: 'soon' }),
    );
    expect(wrong.status).toBe(422);
    expect((await sesStore()).length).toBe(before);
  });

  it('makes a request of the new-account form, showing what is missing on the form', async () => {
    const before = (await sesStore()).length;
    const missing = await call(
      'POST',
      '/portal/new',
      anne,
      form({
        kind: 'personal',
        fullName: 'Nina Nouvelle',
        email: `nina@${DOMAIN}`,
        employeeType: 'temporary',
      }),
    );
    expect(missing.status).toBe(422);
    expect(missing.body).toContain('aria-invalid="true"');
    expect((await sesStore()).length).toBe(before);
    const sent = await call(
      'POST',
      '/portal/new',
      anne,
      form({
        kind: 'personal',
        fullName: 'Nina Nouvelle',
        email: `nina@${DOMAIN}`,
        employeeType: 'temporary',
        supervisorEmail: ANNE,
        tasks: 'prêt',
        missionEndDate: '30/06/2027',
      }),
    );
    expect(sent.status).toBe(200);
    const reference = /demande (REQ-\d{4}-\w+)/.exec(sent.body)![1]!;
    expect(await ctx.requests.getRequest(reference)).toMatchObject({
      status: 'accepted',
      kind: 'new-personal',
    });
    expect((await ctx.accounts.findByEmail(`nina@${DOMAIN}`, 'LIB-A'))[0]).toMatchObject({
      fullName: 'Nina Nouvelle',
    });
  });

  it('gives accounts and requests written before the portal their list keys (portal reindex)', async () => {
    const old = anAccount({ institution: 'LIB-B', fullName: 'Oud Account', email: `oud@${DOMAIN}` });
    const item = accountToItem(old);
    for (const key of Object.keys(item)) if (/^GSI[5-9]/.test(key)) delete item[key];
    await ctx.db.put({ TableName: ctx.tableName, Item: item });
    expect((await call('GET', '/portal/accounts?q=oud', koen)).body).not.toContain('Oud Account');
    const counts = await ctx.portal.addListKeys(['LIB-B']);
    expect(counts.accounts).toBe(1);
    expect((await call('GET', '/portal/accounts?q=oud', koen)).body).toContain('Oud Account');
    // Run again: nothing left to write.
    expect((await ctx.portal.addListKeys(['LIB-B'])).accounts).toBe(0);
  });

  it('decides the yearly review in the page with the rule of the links', async () => {
    const volunteer = anAccount({
      institution: 'LIB-A',
      fullName: 'Victor Volontaire',
      email: `victor@${DOMAIN}`,
      employeeType: 'volunteer',
      missionEndDate: null,
      endDate: '2027-12-31' as CalendarDate,
    });
    await ctx.accounts.create(volunteer, createdEvent(volunteer));
    const page = await call('GET', '/portal/review', anne);
    expect(page.body).toContain('Victor Volontaire');
    // Koen (LIB-B) neither sees nor decides it.
    expect((await call('GET', '/portal/review', koen)).body).not.toContain('Victor');
    expect(
      (await call('POST', '/portal/review', koen, form({ account: volunteer.id, decision: 'renew' }))).status,
    ).toBe(404);
    const decided = await call(
      'POST',
      '/portal/review',
      anne,
      form({ account: volunteer.id, decision: 'renew' }),
    );
    expect(decided.status).toBe(200);
    expect((await ctx.accounts.get(volunteer.id))!.endDate).toBe('2028-12-31');
    expect((await ctx.accounts.history(volunteer.id)).at(-1)).toMatchObject({
      action: 'review-decision',
      actor: ANNE,
    });
  });
});
