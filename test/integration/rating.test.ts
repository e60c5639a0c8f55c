import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRatingStore } from '../../shared/adapters/dynamodb/rating-store';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table';
import type { AppContext } from '../../shared/app/context';
import { ratingLinks } from '../../shared/app/rating/rating-links';
import { RATING_KEEP_DAYS } from '../../shared/domain/rating';
import { createWebApp } from '../../shared/web/web-app';
import { testConfig, testContext } from '../support/context';
import { freshTable, sesStore } from '../support/services';

/*
 * The requester's rating of a finished request (issue 29) through the real web app against
 * DynamoDB Local: the answer of a request made in the portal carries three links; GET records
 * nothing; POST records one rating a request (the latest counts); the helpdesk's month page
 * counts it and shows the comment; a manager gets "not found"; a forged link records nothing.
 */

const BASE = 'http://127.0.0.1:8788';
const DOMAIN = 'rating.example';
const ANNE = `anne@${DOMAIN}`;
const STAFF = 'staff@helpdesk.example.org';
let ctx: AppContext;
let app: ReturnType<typeof createWebApp>;
let clock = new Date('2027-03-10T09:00:00Z');

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

let reference: string;
let links: Record<'good' | 'neutral' | 'bad', string>;
let anne: string;
let staff: string;

beforeAll(async () => {
  ctx = await testContext(
    testConfig({
      decisionBaseUrl: BASE,
      institutions: [
        { code: 'LIB-R', name: 'Library R', language: 'fr', managers: [ANNE], senderDomains: [DOMAIN] },
      ],
      portal: { helpdeskStaff: [STAFF] },
    }),
  );
  app = createWebApp(ctx, { now: () => clock });
  anne = await signIn(ANNE);
  // A request made in the portal: accepted, answered by mail as a mailed request is.
  const sent = await call(
    'POST',
    '/portal/new',
    anne,
    form({
      kind: 'personal',
      fullName: 'Rita Rating',
      email: `rita@${DOMAIN}`,
      employeeType: 'permanent',
      supervisorEmail: ANNE,
      tasks: 'prêt',
    }),
  );
  expect(sent.status).toBe(200);
  reference = /(REQ-\d{4}-\w{8})/.exec(sent.body)![1]!;
  const answer = (await sesStore())
    .filter((m) => m.destination.to.includes(ANNE) && (m.subject ?? '').includes(reference))
    .at(-1)!;
  const text = answer.body.text ?? '';
  const found = (word: string) => new RegExp(`${word} : (${BASE}/rate\\?t=[\\w.-]+)`).exec(text)?.[1];
  links = { good: found('Bien')!, neutral: found('Moyen')!, bad: found('Pas bien')! };
});

const pathOf = (url: string) => url.slice(BASE.length);
const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

describe('the rating of a finished request', () => {
  it("the requester's answer carries three signed links, in the request's language", () => {
    expect(links.good).toMatch(/\/rate\?t=/);
    expect(new Set(Object.values(links)).size).toBe(3);
  });

  it('GET shows the clicked choice checked, a comment box and one button, and records nothing', async () => {
    const page = await call('GET', pathOf(links.neutral));
    expect(page.status).toBe(200);
    expect(page.body).toMatch(
      /<input type="radio" id="choice-neutral" name="choice" value="neutral" checked>/,
    );
    expect(page.body).not.toMatch(/value="good" checked/);
    expect(page.body).toContain('<textarea id="comment" name="comment"');
    expect(page.body).toContain('le dernier envoyé compte');
    expect(page.body).not.toContain('<script');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await ctx.ratings.ofMonth('2027-03' as never)).toEqual([]);
  });

  it('POST records the rating with its comment; a second POST replaces it (one a request, the latest counts)', async () => {
    const first = await call(
      'POST',
      '/rate',
      undefined,
      form({ t: tokenOf(links.good), choice: 'good', comment: '  Rapide, merci <b>!</b> ' }),
    );
    expect(first.status).toBe(200);
    expect(first.body).toContain('Merci, votre avis est enregistré.');
    expect(await ctx.ratings.ofMonth('2027-03' as never)).toEqual([
      expect.objectContaining({
        reference,
        choice: 'good',
        comment: 'Rapide, merci <b>!</b>',
        institution: 'LIB-R',
        requester: ANNE,
      }),
    ]);
    clock = new Date('2027-04-02T09:00:00Z');
    // The link of another icon, another choice on the form: the form's choice counts.
    await call(
      'POST',
      '/rate',
      undefined,
      form({ t: tokenOf(links.bad), choice: 'neutral', comment: 'Finalement moyen' }),
    );
    const march = await ctx.ratings.ofMonth('2027-03' as never);
    expect(march).toHaveLength(1);
    expect(march[0]).toMatchObject({
      choice: 'neutral',
      comment: 'Finalement moyen',
      at: '2027-04-02T09:00:00.000Z',
    });
    // Counted in the month of the answer, not of the rating: nothing in April.
    expect(await ctx.ratings.ofMonth('2027-04' as never)).toEqual([]);
  });

  it('a comment over 1000 characters is refused on the page, kept in the box, and nothing changes', async () => {
    const long = 'x'.repeat(1001);
    const refused = await call(
      'POST',
      '/rate',
      undefined,
      form({ t: tokenOf(links.good), choice: 'good', comment: long }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('1000');
    expect(refused.body).toContain(long);
    expect((await ctx.ratings.ofMonth('2027-03' as never))[0]).toMatchObject({ choice: 'neutral' });
  });

  it('the helpdesk sees the month: counts per choice and institution, the comment with its reference', async () => {
    // Sessions last 8 hours: the clock moved on since the first sign-in.
    staff = await signIn(STAFF);
    const page = await call('GET', '/portal/ratings?month=2027-03', staff);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<a href="/portal/ratings">');
    expect(page.body).toContain('Library R');
    expect(page.body).toContain(`<a href="/portal/requests/${reference}">${reference}</a>`);
    expect(page.body).toContain('Finalement moyen');
    expect(page.body).toContain('href="/portal/ratings?month=2027-02"');
    expect(page.body).toContain('href="/portal/ratings?month=2027-04"');
    // One neutral: the totals row reads 0, 1, 0.
    expect(page.body).toMatch(/<tbody><tr><td>0<\/td><td>1<\/td><td>0<\/td><\/tr><\/tbody>/);
    // Without ?month=, the current (Brussels) month: April here, empty.
    const current = await call('GET', '/portal/ratings', staff);
    expect(current.body).toContain('2027-04');
    expect(current.body).not.toContain('Finalement moyen');
  });

  it('escapes the comment (it is shown as text)', async () => {
    await call(
      'POST',
      '/rate',
      undefined,
      form({ t: tokenOf(links.good), choice: 'good', comment: '<script>x</script>' }),
    );
    const page = await call('GET', '/portal/ratings?month=2027-03', staff);
    expect(page.body).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toContain('<script>x');
  });

  it('a manager gets "not found", and no link to it in the menu', async () => {
    anne = await signIn(ANNE);
    const page = await call('GET', '/portal/ratings?month=2027-03', anne);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain(reference);
    expect(page.body).not.toContain('/portal/ratings"');
  });

  it('a forged, altered or expired link records nothing', async () => {
    const before = await ctx.ratings.ofMonth('2027-03' as never);
    const forged = await call('GET', '/rate?t=eyJhbGciOiJIUzI1NiJ9.eyJwIjoiZyJ9.AAAA');
    expect(forged.status).toBe(400);
    const altered = `${tokenOf(links.good).slice(0, -2)}AA`;
    expect((await call('POST', '/rate', undefined, form({ t: altered, choice: 'bad' }))).status).toBe(400);
    // A link of a request that does not exist (signed with the right key) is not valid either.
    const stray = await ratingLinks(ctx, { reference: 'REQ-2027-ZZZZZZZZ', requester: ANNE, now: clock });
    expect(
      (await call('POST', '/rate', undefined, form({ t: tokenOf(stray.good), choice: 'good' }))).status,
    ).toBe(400);
    clock = new Date('2027-05-20T09:00:00Z');
    expect(
      (await call('POST', '/rate', undefined, form({ t: tokenOf(links.bad), choice: 'bad' }))).status,
    ).toBe(410);
    expect(await ctx.ratings.ofMonth('2027-03' as never)).toEqual(before);
    expect(await ctx.ratings.ofMonth('2027-05' as never)).toEqual([]);
  });

  it('a POST from another site is refused', async () => {
    clock = new Date('2027-04-02T10:00:00Z');
    const response = await app.fetch(
      new Request(`${BASE}/rate`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'cross-site',
          origin: 'https://evil.example',
        },
        body: form({ t: tokenOf(links.bad), choice: 'bad' }),
      }),
    );
    expect(response.status).toBe(403);
  });
});

describe('a rating kept', () => {
  it("expires two years after it was given (the requester's address and comment are personal data)", async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoDbRatingStore(client, tableName);
    const at = '2027-03-05T10:00:00.000Z';
    await store.put({
      reference: 'REQ-2027-TTL001',
      month: '2027-03' as never,
      choice: 'good',
      comment: null,
      institution: 'LIB-R',
      language: 'fr',
      requester: 'anne@example.org',
      at,
    });
    const { Item } = await client.get({
      TableName: tableName,
      Key: { PK: 'RATING#2027-03', SK: 'REQ-2027-TTL001' },
    });
    expect(Item?.[TTL_ATTRIBUTE]).toBe(Date.parse(at) / 1000 + RATING_KEEP_DAYS * 86_400);
    expect(RATING_KEEP_DAYS).toBe(730);
  });
});
