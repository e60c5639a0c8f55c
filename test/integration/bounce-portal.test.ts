import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesFeedbackHandler } from '../../functions/ses-feedback/handler';
import { MailboxSimulatorMailer } from '../../local/ses-simulator';
import { provisionAccount } from '../../shared/app/alma/provision';
import type { AppContext } from '../../shared/app/context';
import type { SnsFeedbackEvent } from '../../shared/app/feedback/sns-event';
import { runNoticeJob } from '../../shared/app/notices/run-notice-job';
import type { Account } from '../../shared/domain/account';
import { brusselsStartOfDay, type CalendarDate } from '../../shared/domain/calendar';
import type { OutgoingMail } from '../../shared/domain/ports';
import { createWebApp } from '../../shared/web/web-app';
import { lambdaInvocation } from '../support/lambda';
import { sesStore } from '../support/services';
import { type AlmaWorld, almaWorld } from './alma/world';

/*
 * The bounce question in the portal (issue 31 with 29): an expiry notice bounces through the
 * local mailbox simulator and the real ses-feedback handler; the managers' mail links the
 * account's page, which asks "has X left?" with close / keep for the institution's managers
 * (the helpdesk sees it, another institution finds nothing); an answer in the portal or through
 * a mailed link makes the other say it is already decided.
 */

const DOMAIN = 'bounce-portal.example';
const SIM = 'simulator.amazonses.com';
const BASE = 'http://127.0.0.1:8788';
const MANAGER_A = `manager@lib-a.${DOMAIN}`;
const MANAGER_B = `manager@lib-b.${DOMAIN}`;
const STAFF = `staff@${DOMAIN}`;
const d = (s: string) => s as CalendarDate;
const at = (day: string, hour = 7) => new Date(brusselsStartOfDay(d(day)).getTime() + hour * 3_600_000);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const decisionLinks = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+\/decision\?t=[A-Za-z0-9_.-]+/g)].map((m) => m[0]);

let world: AlmaWorld;
let ctx: AppContext;
let app: ReturnType<typeof createWebApp>;
let simulator: MailboxSimulatorMailer;
const sent: OutgoingMail[] = [];
let clock = new Date();
const deliveryErrors: Error[] = [];
const handler = sesFeedbackHandler(
  async () => ctx,
  () => clock,
);

async function call(method: 'GET' | 'POST', path: string, cookie?: string, body?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  if (method === 'POST')
    Object.assign(headers, {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: BASE,
    });
  const url = path.startsWith('http') ? path : `${BASE}${path}`;
  const response = await app.fetch(new Request(url, { method, headers, body }));
  return { status: response.status, body: await response.text() };
}

async function signIn(address: string): Promise<string> {
  await call('POST', '/portal/sign-in', undefined, form({ address }));
  const mail = (await sesStore()).filter((m) => m.destination.to.includes(address)).at(-1)!;
  const token = /\/portal\/link\?t=([\w.-]+)/.exec(mail.body.text ?? '')![1]!;
  const response = await app.fetch(
    new Request(`${BASE}/portal/link`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: BASE,
      },
      body: form({ t: token }),
    }),
  );
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** The expiry notice to a simulator address bounces; the managers' question mail. */
async function bounced(
  overrides: Partial<Account>,
  day: string,
): Promise<{ account: Account; asked: OutgoingMail }> {
  const account = await world.account({
    fullName: 'Jan Peeters',
    supervisorEmail: `sup@${DOMAIN}`,
    ...overrides,
  });
  clock = at(day);
  await runNoticeJob('expiry-notices', ctx, clock);
  expect(deliveryErrors).toEqual([]);
  const asked = sent.filter((m) => m.subject.includes(account.email) && !m.to.includes(account.email));
  expect(asked).toHaveLength(1);
  return { account, asked: asked[0]! };
}

const linkPage = (link: string, method: 'GET' | 'POST') => {
  const token = new URL(link).searchParams.get('t') ?? '';
  return method === 'GET'
    ? call('GET', `/decision?t=${token}`)
    : call('POST', '/decision', undefined, form({ t: token }));
};

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN, config: { portal: { helpdeskStaff: [STAFF] } } });
  simulator = new MailboxSimulatorMailer(
    {
      send: async (mail) => {
        const result = await world.ctx.mailer.send(mail);
        sent.push(mail);
        return result;
      },
    },
    {
      from: world.ctx.config.mailbox,
      clock: () => clock,
      deliver: (event: SnsFeedbackEvent) => handler(event, lambdaInvocation('ses-feedback')),
      onError: (e) => deliveryErrors.push(e),
    },
  );
  ctx = { ...world.ctx, mailer: simulator, config: { ...world.ctx.config, decisionBaseUrl: BASE } };
  app = createWebApp(ctx, { now: () => clock });
});
afterAll(() => world.stop());

describe('the bounce question on the account page', () => {
  it('asks the managers, shows the helpdesk, hides from another institution; "keep" in the portal answers the links', async () => {
    const { account, asked } = await bounced(
      { email: `bounce+portal-keep@${SIM}`, institution: 'LIB-A', endDate: d('2032-03-31') },
      '2032-03-01',
    );
    // The mail links the account's page besides the two signed links.
    expect(asked.text).toContain(`${BASE}/portal/accounts/${account.id}`);
    expect(asked.text).toContain('Ou répondre dans le portail');
    clock = at('2032-03-02', 9);
    const [anne, koen, staff] = [await signIn(MANAGER_A), await signIn(MANAGER_B), await signIn(STAFF)];
    const page = `/portal/accounts/${account.id}`;

    const seen = await call('GET', page, anne);
    expect(seen.status).toBe(200);
    expect(seen.body).toContain(`Le courrier vers ${account.email} revient : Jan Peeters est-elle partie ?`);
    expect(seen.body).toContain(`action="${page}/bounce"`);
    expect(seen.body).toContain('value="keep"');
    // Another institution's manager: not found, for the page and the answer alike.
    expect((await call('GET', page, koen)).status).toBe(404);
    expect((await call('POST', `${page}/bounce`, koen, form({ decision: 'close' }))).status).toBe(404);
    // The helpdesk sees the question, without the buttons, and cannot answer it.
    const helpdesk = await call('GET', page, staff);
    expect(helpdesk.body).toContain('bounces: has Jan Peeters left?');
    expect(helpdesk.body).not.toContain(`action="${page}/bounce"`);
    expect((await call('POST', `${page}/bounce`, staff, form({ decision: 'close' }))).status).toBe(404);
    expect(await ctx.accounts.get(account.id)).toMatchObject({ status: 'active' });

    // "Keep" in the portal: recorded with the manager as actor and the portal as the way.
    const kept = await call('POST', `${page}/bounce`, anne, form({ decision: 'keep' }));
    expect(kept.status).toBe(200);
    expect(kept.body).toContain('Le compte est gardé');
    expect((await ctx.accounts.history(account.id)).find((e) => e.action === 'bounce-kept')).toMatchObject({
      actor: MANAGER_A,
      reference: 'portal',
      reason: expect.stringContaining('(portal)'),
    });
    expect((await call('GET', page, anne)).body).not.toContain(`action="${page}/bounce"`);

    // The mailed links now say it is decided: no button, and confirming changes nothing.
    const [close, keep] = decisionLinks(asked.text);
    for (const link of [close!, keep!]) {
      const get = await linkPage(link, 'GET');
      expect(get.body).toContain('déjà choisi de garder');
      expect(get.body).not.toContain('<form');
      expect((await linkPage(link, 'POST')).body).toContain('déjà choisi de garder');
    }
    expect(await ctx.accounts.get(account.id)).toMatchObject({ status: 'active' });
    // A second answer in the portal changes nothing either.
    const again = await call('POST', `${page}/bounce`, anne, form({ decision: 'close' }));
    expect(again.body).toContain('déjà choisi de garder');
    expect(await ctx.accounts.get(account.id)).toMatchObject({ status: 'active' });
  });

  it('a "keep" through the link: the portal no longer asks, and its answer is "already decided"', async () => {
    const { account, asked } = await bounced(
      { email: `bounce+link-keep@${SIM}`, institution: 'LIB-A', endDate: d('2032-05-31') },
      '2032-05-01',
    );
    clock = at('2032-05-02', 9);
    const anne = await signIn(MANAGER_A);
    const page = `/portal/accounts/${account.id}`;
    expect((await call('GET', page, anne)).body).toContain(`action="${page}/bounce"`);
    expect((await linkPage(decisionLinks(asked.text)[1]!, 'POST')).body).toContain('Le compte est gardé');
    expect((await call('GET', page, anne)).body).not.toContain(`action="${page}/bounce"`);
    const late = await call('POST', `${page}/bounce`, anne, form({ decision: 'close' }));
    expect(late.body).toContain('déjà choisi de garder');
    expect(await ctx.accounts.get(account.id)).toMatchObject({ status: 'active' });
  });

  it('"close" in the portal closes from today, moves the Alma expiry, and the link says it is closed', async () => {
    const account = await world.account({
      fullName: 'Els Janssens',
      email: `bounce+portal-close@${SIM}`,
      institution: 'LIB-B',
      endDate: d('2032-08-31'),
    });
    await provisionAccount(ctx, account.id, { actor: 'test', via: 'REQ-T1' });
    clock = at('2032-08-01');
    await runNoticeJob('expiry-notices', ctx, clock);
    const asked = sent.filter(
      (m) => m.subject === `Mail aan ${account.email} komt terug: is Els Janssens vertrokken?`,
    );
    expect(asked).toHaveLength(1);
    clock = at('2032-08-03', 9);
    const koen = await signIn(MANAGER_B);
    const page = `/portal/accounts/${account.id}`;
    expect((await call('GET', page, koen)).body).toContain('Vertrokken: vanaf vandaag afsluiten');
    const closed = await call('POST', `${page}/bounce`, koen, form({ decision: 'close' }));
    expect(closed.status).toBe(200);
    expect(closed.body).toContain('Het account is afgesloten');
    expect(await ctx.accounts.get(account.id)).toMatchObject({
      status: 'closed',
      deactivationDate: '2032-08-03',
    });
    expect((await ctx.accounts.history(account.id)).find((e) => e.action === 'closed')).toMatchObject({
      actor: MANAGER_B,
      reference: 'portal',
    });
    expect(world.standIn.user('LIB-B', account.email)?.expiry_date).toBe('2032-08-03Z');
    const [close] = decisionLinks(asked[0]!.text);
    expect((await linkPage(close!, 'GET')).body).toContain('Dit account was al afgesloten');
  });
});
