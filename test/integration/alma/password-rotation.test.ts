import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbAccountStore } from '../../../shared/adapters/dynamodb/account-store';
import { backfillSharedIndex } from '../../../shared/app/accounts/shared-accounts';
import {
  approvalListDigest,
  approveRotations,
  runPasswordRotations,
  sealContext,
} from '../../../shared/app/alma/password-rotation';
import { provisionAccount } from '../../../shared/app/alma/provision';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../../../shared/app/context';
import { runJob } from '../../../shared/app/jobs';
import type { Account } from '../../../shared/domain/account';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { signLink } from '../../../shared/domain/notices/token';
import { CLAIM_LEASE_SECONDS } from '../../../shared/domain/ports';
import { createLogger } from '../../../shared/logging';
import { handleDecisionRequest } from '../../../shared/web/web-app';
import { portalSession } from '../../support/portal-session';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld, KEYS } from './world';

const DOMAIN = 'alma-passwords.example';
const ROTATION = '2027-09-01' as CalendarDate;
const ON_THE_DAY = new Date('2027-09-01T05:00:00Z');
let world: AlmaWorld;
const logLines: string[] = [];
let restoreStdout: () => void = () => {};

const mailsTo = async (address: string) =>
  (await sesStore()).filter((m) => m.destination.to.includes(address));
const linkIn = (text: string) => /https?:\/\/\S+\/reveal\?t=[A-Za-z0-9_.-]+/.exec(text)?.[0] ?? '';
const tokenOf = (link: string) => new URL(link).searchParams.get('t') ?? '';
/** The first mail with a reveal link to an address (its sign-in mails are not). */
const revealMail = async (address: string) =>
  (await mailsTo(address)).find((m) => linkIn(m.body.text ?? '') !== '');

async function sharedLinkedAccount(
  institution: 'LIB-A' | 'LIB-B',
  name: string,
  inWorld: AlmaWorld = world,
): Promise<Account> {
  const account = await inWorld.account({
    institution,
    accountType: 'shared',
    endDate: null,
    fullName: name,
  });
  const result = await provisionAccount(inWorld.ctx, account.id, {
    actor: 'test',
    via: `T-${account.id}`,
    approved: true,
    notify: false,
  });
  expect(result.outcome).toBe('created');
  return result.account;
}

/**
 * Alma's documented authentication (POST /almaws/v1/users/{id}?op=auth, Exl-User-Pw): the status.
 * The test's own call counts against the institution's 25 calls a second like the rotation's; a
 * 429 PER_SECOND_THRESHOLD is waited out (the window is one second) as the adapter would.
 */
async function almaAuth(
  institution: 'LIB-A' | 'LIB-B',
  primaryId: string,
  password: string,
  standIn = world.standIn,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${standIn.url}/almaws/v1/users/${encodeURIComponent(primaryId)}?op=auth`, {
      method: 'POST',
      headers: { Authorization: `apikey ${KEYS[institution]}`, 'Exl-User-Pw': encodeURIComponent(password) },
    });
    const body = await response.text();
    if (response.status !== 429 || !body.includes('PER_SECOND_THRESHOLD') || attempt >= 3)
      return response.status;
    await new Promise((resolve) => setTimeout(resolve, 1100));
  }
}

/** The reveal page, with the portal session cookie when one is given. */
const reveal = (ctx: AppContext, token: string, method: 'GET' | 'POST', now: Date, cookie?: string) =>
  handleDecisionRequest(ctx, {
    method,
    path: '/reveal',
    query: method === 'GET' ? { t: token } : {},
    body: method === 'POST' ? new URLSearchParams({ t: token }).toString() : '',
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      cookie,
    },
    now,
  });

const signIn = portalSession;

const passwordOn = (html: string) => /<code id="password"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];
const htmlText = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

beforeAll(async () => {
  world = await almaWorld({
    domain: DOMAIN,
    config: {
      notices: { passwordRotation: { date: '09-01', revealDays: 14 } },
      portal: { helpdeskStaff: [`staff@${DOMAIN}`] },
    },
    moreManagers: { 'LIB-B': [`an@lib-b.${DOMAIN}`] },
  });
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  });
  world.ctx.logger = createLogger('notices');
  restoreStdout = () => spy.mockRestore();
});
afterAll(() => world.stop());

describe('a year’s rotation at the Alma stand-in', () => {
  let auto: Account;
  let approve: Account;
  let revealed = '';

  it('sets a new password in Alma for the auto institution, keeps roles, and mails each manager a link only', async () => {
    auto = await sharedLinkedAccount('LIB-B', 'Balie Hoofdbibliotheek');
    approve = await sharedLinkedAccount('LIB-A', 'Guichet prêt');
    const rolesBefore = world.standIn.user('LIB-B', auto.alma!.primaryId)!.user_role;
    world.standIn.resetStats();

    const report = await runPasswordRotations(world.ctx, ON_THE_DAY);

    expect(report).toMatchObject({ told: 1, awaitingApproval: 1, failed: 0 });
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1, 'PUT /users/{id}': 1 });
    const held = world.standIn.user('LIB-B', auto.alma!.primaryId)!;
    expect(held.user_role).toEqual(rolesBefore);
    expect(held).not.toHaveProperty('password');
    expect(held.force_password_change).toBe(false);
    const manager = `manager@lib-b.${DOMAIN}`;
    const mails = await mailsTo(manager);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Balie Hoofdbibliotheek');
    expect(linkIn(mails[0]!.body.text ?? '')).toContain('/reveal?t=');
    const record = await world.ctx.rotations.get(ROTATION, auto.id);
    expect(record).toMatchObject({ state: 'told', revealedAt: null });
    expect(record!.sealed).toMatch(/^l1\./);
    // The approve institution: nothing sent to Alma, the helpdesk asked to confirm.
    expect(await world.ctx.rotations.get(ROTATION, approve.id)).toMatchObject({
      state: 'awaiting-approval',
      sealed: null,
    });
    const approval = await mailsTo(`helpdesk@${DOMAIN}`);
    expect(approval.map((m) => m.subject).join()).toContain('to confirm');
  });

  it('GET shows a button and no password, with no-store, no-referrer and a CSP', async () => {
    const mail = await revealMail(`manager@lib-b.${DOMAIN}`);
    const cookie = await signIn(world.ctx, `manager@lib-b.${DOMAIN}`, ON_THE_DAY);
    const page = await reveal(world.ctx, tokenOf(linkIn(mail!.body.text ?? '')), 'GET', ON_THE_DAY, cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<button');
    expect(passwordOn(page.body)).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('without a session, or in another person’s session, reveals nothing: no erase, no history', async () => {
    const mail = await revealMail(`manager@lib-b.${DOMAIN}`);
    const token = tokenOf(linkIn(mail!.body.text ?? ''));
    const at = new Date('2027-09-02T07:00:00Z');
    const historyBefore = await world.ctx.accounts.history(auto.id);
    // Nobody signed in: the page sends the manager to the portal first.
    const shown = await reveal(world.ctx, token, 'GET', at);
    // The way back: signing in returns to this link.
    expect(shown.body).toContain(
      `href="/portal?lang=nl&amp;next=${encodeURIComponent(`/reveal?t=${token}`)}"`,
    );
    expect(shown.body).toContain('Meld u eerst aan op het portaal');
    expect(shown.body).not.toContain('<button');
    const posted = await reveal(world.ctx, token, 'POST', at);
    expect(posted.body).toContain('Meld u eerst aan op het portaal');
    expect(passwordOn(posted.body)).toBeUndefined();
    // Another manager of LIB-B, LIB-A's manager, helpdesk staff: the link is another person's.
    for (const other of [`an@lib-b.${DOMAIN}`, `manager@lib-a.${DOMAIN}`, `staff@${DOMAIN}`]) {
      const cookie = await signIn(world.ctx, other, at);
      for (const method of ['GET', 'POST'] as const) {
        const page = await reveal(world.ctx, token, method, at, cookie);
        expect(page.status, other).toBe(403);
        expect(page.body, other).toContain('andere beheerder');
        expect(passwordOn(page.body), other).toBeUndefined();
      }
    }
    expect(await world.ctx.rotations.get(ROTATION, auto.id)).toMatchObject({
      state: 'told',
      revealedAt: null,
    });
    expect((await world.ctx.rotations.get(ROTATION, auto.id))!.sealed).toMatch(/^l1\./);
    expect(await world.ctx.accounts.history(auto.id)).toEqual(historyBefore);
  });

  it('POST reveals it once, to the link’s manager signed in; it authenticates at Alma (op=auth), a wrong one does not', async () => {
    const mail = await revealMail(`manager@lib-b.${DOMAIN}`);
    const token = tokenOf(linkIn(mail!.body.text ?? ''));
    const at = new Date('2027-09-02T08:00:00Z');
    const cookie = await signIn(world.ctx, `manager@lib-b.${DOMAIN}`, at);
    const page = await reveal(world.ctx, token, 'POST', at, cookie);
    expect(page.status).toBe(200);
    revealed = htmlText(passwordOn(page.body) ?? '');
    expect(revealed).toHaveLength(16);
    expect(await almaAuth('LIB-B', auto.alma!.primaryId, revealed)).toBe(204);
    expect(await almaAuth('LIB-B', auto.alma!.primaryId, `${revealed}x`)).toBe(400);
    expect(await world.ctx.rotations.get(ROTATION, auto.id)).toMatchObject({
      state: 'revealed',
      sealed: null,
      revealedBy: `manager@lib-b.${DOMAIN}`,
    });
  });

  it('a second opening shows nothing but when and by whom', async () => {
    const mail = await revealMail(`manager@lib-b.${DOMAIN}`);
    const token = tokenOf(linkIn(mail!.body.text ?? ''));
    for (const method of ['GET', 'POST'] as const) {
      const page = await reveal(world.ctx, token, method, new Date('2027-09-03T08:00:00Z'));
      expect(passwordOn(page.body)).toBeUndefined();
      expect(page.body).not.toContain(revealed.replace(/&/g, '&amp;'));
      expect(page.body).toContain(`manager@lib-b.${DOMAIN}`);
      expect(page.body).toContain('02/09/2027');
    }
  });

  it('a forged link, or one signed for another institution’s account, reveals nothing', async () => {
    await approveRotations(world.ctx, { institutions: ['LIB-A'], actor: 'cli:helpdesk', now: ON_THE_DAY });
    const other = await world.ctx.rotations.get(ROTATION, approve.id);
    expect(other).toMatchObject({ state: 'told', approvedBy: 'cli:helpdesk' });
    const key = await world.ctx.secrets.get(DECISION_LINK_KEY_SECRET);
    const expiresAt = Math.floor(Date.parse('2027-09-10T00:00:00Z') / 1000);
    // A real signature, but LIB-B's manager on LIB-A's account.
    const crossed = await signLink(
      {
        purpose: 'reveal',
        accountId: approve.id,
        rotationDate: ROTATION,
        manager: `manager@lib-b.${DOMAIN}`,
        expiresAt,
      },
      key,
    );
    const forged = await signLink(
      {
        purpose: 'reveal',
        accountId: approve.id,
        rotationDate: ROTATION,
        manager: `manager@lib-a.${DOMAIN}`,
        expiresAt,
      },
      'not-the-key',
    );
    for (const token of [
      crossed,
      forged,
      `${tokenOf(linkIn((await revealMail(`manager@lib-a.${DOMAIN}`))!.body.text ?? ''))}x`,
    ]) {
      const page = await reveal(world.ctx, token, 'POST', new Date('2027-09-02T08:00:00Z'));
      expect(page.status).toBe(400);
      expect(passwordOn(page.body)).toBeUndefined();
    }
    expect(await world.ctx.rotations.get(ROTATION, approve.id)).toMatchObject({ state: 'told' });
    expect((await world.ctx.rotations.get(ROTATION, approve.id))!.sealed).toMatch(/^l1\./);
  });

  it('expiry erases an unrevealed password and lists it for the helpdesk once that day', async () => {
    const late = new Date('2027-09-16T05:00:00Z');
    const before = (await mailsTo(`helpdesk@${DOMAIN}`)).length;
    await runPasswordRotations(world.ctx, late);
    await runPasswordRotations(world.ctx, new Date('2027-09-16T09:00:00Z'));
    expect(await world.ctx.rotations.get(ROTATION, approve.id)).toMatchObject({
      state: 'expired',
      sealed: null,
    });
    const lists = (await mailsTo(`helpdesk@${DOMAIN}`)).slice(before);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.subject).toContain('not revealed');
    expect(lists[0]!.body.text).toContain('Guichet prêt');
    const mail = await revealMail(`manager@lib-a.${DOMAIN}`);
    const page = await reveal(
      world.ctx,
      tokenOf(linkIn(mail!.body.text ?? '')),
      'POST',
      new Date('2027-09-15T21:00:00Z'),
    );
    expect(passwordOn(page.body)).toBeUndefined();
  });

  it('leaks the password nowhere: mails, logs, history, table items, Alma’s GET', async () => {
    expect(revealed).not.toBe('');
    restoreStdout();
    const mails = JSON.stringify(await sesStore());
    const { Items = [] } = await world.ctx.db.scan({ TableName: world.ctx.tableName });
    const history = JSON.stringify(await world.ctx.accounts.history(auto.id));
    const get = await fetch(
      `${world.standIn.url}/almaws/v1/users/${encodeURIComponent(auto.alma!.primaryId)}`,
      {
        headers: { Authorization: `apikey ${KEYS['LIB-B']}`, Accept: 'application/json' },
      },
    ).then((r) => r.text());
    expect(history).toContain('password');
    for (const [where, text] of [
      ['mails', mails],
      ['logs', logLines.join('')],
      ['history', history],
      ['table', JSON.stringify(Items)],
      ['alma GET', get],
    ] as const)
      expect(text.includes(revealed), `the password is in the ${where}`).toBe(false);
  });
});

describe('crash anywhere', () => {
  class Crash extends Error {}
  // Its own stand-in and table: the probe is the only shared account, so a year's rotation is its
  // GET and PUT alone. Sharing the first describe's world, each year also rotated that one's LIB-B
  // account: the loop ran ~50 LIB-B calls a second (real time) and the test's unpaced op=auth got
  // 429 PER_SECOND_THRESHOLD (first at crash point 28).
  let crashWorld: AlmaWorld;
  const CRASH_DOMAIN = 'alma-passwords-crash.example';
  beforeAll(async () => {
    crashWorld = await almaWorld({
      domain: CRASH_DOMAIN,
      config: { notices: { passwordRotation: { date: '09-01', revealDays: 14 } } },
    });
  });
  afterAll(() => crashWorld.stop());

  /** Every port call counted; at the chosen one the "container" dies (before or after it), and stays dead. */
  function crashingContext(ctx: AppContext, at: number, after: boolean) {
    const state = { calls: 0, dead: false };
    const wrap = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, p, r) {
          const value = Reflect.get(t, p, r);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            if (state.dead) throw new Crash('dead');
            const n = ++state.calls;
            if (n === at && !after) {
              state.dead = true;
              throw new Crash(`before call ${n}`);
            }
            const out = await value.apply(t, args);
            if (n === at && after) {
              state.dead = true;
              throw new Crash(`after call ${n}`);
            }
            return out;
          };
        },
      });
    const crashing: AppContext = {
      ...ctx,
      rotations: wrap(ctx.rotations),
      alma: wrap(ctx.alma),
      mailer: wrap(ctx.mailer),
      secretBox: wrap(ctx.secretBox),
      claims: wrap(ctx.claims),
      accounts: wrap(ctx.accounts),
    };
    return { crashing, state };
  }

  it('a crash at any step leaves Alma with one password and the managers the same one', async () => {
    const base = crashWorld.ctx;
    // Count the calls of a crash-free rotation of one fresh account.
    const probe = await sharedLinkedAccount('LIB-B', 'Probe', crashWorld);
    const counting = crashingContext(base, Number.POSITIVE_INFINITY, false);
    await runPasswordRotations(counting.crashing, new Date('2028-09-01T05:00:00Z'));
    expect(await base.rotations.get('2028-09-01' as CalendarDate, probe.id)).toMatchObject({
      state: 'told',
    });
    const calls = counting.state.calls;
    expect(calls).toBeGreaterThan(5);
    let crashes = 0;
    // 2029 on: every crash point of a fresh year's rotation, before and after each call.
    for (let at = 1; at <= calls; at++)
      for (const after of [false, true]) {
        const year = 2029 + crashes;
        const date = `${year}-09-01` as CalendarDate;
        const now = new Date(`${year}-09-01T05:00:00Z`);
        const { crashing } = crashingContext(base, at, after);
        await runPasswordRotations(crashing, now).catch(() => undefined);
        crashes++;
        // Lambda's retry, or the next run: after the dead attempt's claims' lease (16 minutes).
        await runPasswordRotations(base, new Date(now.getTime() + (CLAIM_LEASE_SECONDS + 60) * 1000));
        const record = await base.rotations.get(date, probe.id);
        expect(record, `crash ${after ? 'after' : 'before'} call ${at}`).toMatchObject({ state: 'told' });
        const recorded = await base.secretBox.open(record!.sealed!, sealContext(record!));
        expect(
          await almaAuth('LIB-B', probe.alma!.primaryId, recorded, crashWorld.standIn),
          `crash at ${at}/${after}`,
        ).toBe(204);
        // Every link the manager got this year reveals that same record (one per manager, at most twice if a crash fell between SES and the mark).
        const claimsOf = (link: string) =>
          JSON.parse(Buffer.from(tokenOf(link).split('.')[1]!, 'base64url').toString()) as {
            a: string;
            r: string;
          };
        const links = (await mailsTo(`manager@lib-b.${CRASH_DOMAIN}`))
          .map((m) => linkIn(m.body.text ?? ''))
          .filter((l) => l && claimsOf(l).a === probe.id && claimsOf(l).r === date);
        expect(links.length, `crash at ${at}/${after}`).toBeGreaterThan(0);
        const revealAt = new Date(now.getTime() + 7_200_000);
        const cookie = await signIn(base, `manager@lib-b.${CRASH_DOMAIN}`, revealAt);
        const shown = await reveal(base, tokenOf(links[0]!), 'POST', revealAt, cookie);
        expect(htmlText(passwordOn(shown.body) ?? ''), `crash at ${at}/${after}`).toBe(recorded);
      }
    console.info(
      `password rotation crash runs: ${crashes} crashes over ${calls} calls, each retried to one password`,
    );
  }, 240_000);
});

describe('accounts written before the SHARED partition existed', () => {
  const OLD_DOMAIN = 'alma-passwords-old.example';
  let oldWorld: AlmaWorld;
  let old: Account;
  beforeAll(async () => {
    oldWorld = await almaWorld({
      domain: OLD_DOMAIN,
      config: { notices: { passwordRotation: { date: '09-01', revealDays: 14 } } },
    });
    old = await sharedLinkedAccount('LIB-B', 'Balie Oud', oldWorld);
    // As the item was written before this change: no GSI4 attributes (the table's own record of it).
    await oldWorld.ctx.db.update({
      TableName: oldWorld.ctx.tableName,
      Key: { PK: `ACCOUNT#${old.id}`, SK: 'ACCOUNT' },
      UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
    });
  });
  afterAll(() => oldWorld.stop());
  /** A context as a new Lambda container has it: its account store has not seen the backfill mark. */
  const newStore = (ctx: AppContext): AppContext => ({
    ...ctx,
    accounts: new DynamoDbAccountStore(ctx.db, ctx.tableName),
  });

  it('is announced (30 days before) though the sparse partition does not hold it yet', async () => {
    expect((await oldWorld.ctx.accounts.listShared()).items).toHaveLength(0);
    const report = await runJob('password-rotation', oldWorld.ctx, new Date('2027-08-02T06:00:00Z'));
    expect(JSON.stringify(report)).not.toContain('"nothingDue":true');
    const mails = await mailsTo(`manager@lib-b.${OLD_DOMAIN}`);
    const text = mails.map((m) => m.body.text ?? '').join('\n');
    expect(text).toContain('Balie Oud');
    // What will happen (issue 30): set in Alma on the day, a one-time link per manager; not the helpdesk.
    expect(text).toContain('Die dag wordt het nieuwe wachtwoord in Alma ingesteld');
    expect(text).toContain('14 dagen geldig');
    expect(text).not.toContain('De helpdesk bezorgt u');
  });

  it('is rotated on the day, before and without the backfill', async () => {
    // Undo what the job's backfill step did, to show the rotation itself misses nothing.
    await oldWorld.ctx.db.delete({
      TableName: oldWorld.ctx.tableName,
      Key: { PK: 'INDEX#SHARED', SK: 'BACKFILL' },
    });
    await oldWorld.ctx.db.update({
      TableName: oldWorld.ctx.tableName,
      Key: { PK: `ACCOUNT#${old.id}`, SK: 'ACCOUNT' },
      UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
    });
    const report = await runPasswordRotations(newStore(oldWorld.ctx), ON_THE_DAY);
    expect(report).toMatchObject({ told: 1, failed: 0 });
    expect(await oldWorld.ctx.rotations.get(ROTATION, old.id)).toMatchObject({ state: 'told' });
  });

  it('the backfill, bounded and resumable, puts it in the partition once and records completion', async () => {
    const { ctx } = oldWorld;
    const more = await oldWorld.account({ institution: 'LIB-A', accountType: 'shared', endDate: null });
    await ctx.db.update({
      TableName: ctx.tableName,
      Key: { PK: `ACCOUNT#${more.id}`, SK: 'ACCOUNT' },
      UpdateExpression: 'REMOVE GSI4PK, GSI4SK',
    });
    const fresh = newStore(ctx);
    let steps = 0;
    let indexed = 0;
    for (let done = false; !done; steps++) {
      const step = await backfillSharedIndex(fresh, 1);
      indexed += step.indexed;
      done = step.complete;
      expect(steps).toBeLessThan(20);
    }
    expect(steps).toBeGreaterThan(1);
    expect(indexed).toBe(2);
    expect((await ctx.accounts.listShared()).items.map((a) => a.id).sort()).toEqual([old.id, more.id].sort());
    expect(await fresh.accounts.sharedIndexComplete()).toBe(true);
    expect(await backfillSharedIndex(fresh, 1)).toEqual({ complete: true, itemsRead: 0, indexed: 0 });
  });
});

describe('the helpdesk’s approval page (approve institutions)', () => {
  const APPROVAL_DOMAIN = 'alma-passwords-approval.example';
  let approvalWorld: AlmaWorld;
  beforeAll(async () => {
    approvalWorld = await almaWorld({
      domain: APPROVAL_DOMAIN,
      config: { notices: { passwordRotation: { date: '09-01', revealDays: 14 } } },
    });
  });
  afterAll(() => approvalWorld.stop());
  const rotationsLink = (text: string) =>
    /https?:\/\/\S+\/rotations\?t=[A-Za-z0-9_.-]+/.exec(text)?.[0] ?? '';
  const approvalPage = (token: string, method: 'GET' | 'POST', now: Date) =>
    handleDecisionRequest(approvalWorld.ctx, {
      method,
      path: '/rotations',
      query: method === 'GET' ? { t: token } : {},
      body: method === 'POST' ? new URLSearchParams({ t: token }).toString() : '',
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      now,
    });
  const helpdeskLinks = async () =>
    (await mailsTo(`helpdesk@${APPROVAL_DOMAIN}`))
      .map((m) => rotationsLink(m.body.text ?? ''))
      .filter(Boolean);

  it('lists accounts, institution and date; a list changed since its link confirms nothing; the newest link confirms it, and the next run sets and tells', async () => {
    const first = await sharedLinkedAccount('LIB-A', 'Guichet central', approvalWorld);
    await runPasswordRotations(approvalWorld.ctx, ON_THE_DAY);
    const [oldLink] = await helpdeskLinks();
    expect(oldLink).toBeTruthy();
    const shown = await approvalPage(tokenOf(oldLink!), 'GET', ON_THE_DAY);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('Guichet central');
    expect(shown.body).toContain('Library A');
    expect(shown.body).toContain('01/09/2027');
    expect(shown.body).toContain('<button');
    // A reveal link, or a forged one, opens nothing here.
    const key = await approvalWorld.ctx.secrets.get(DECISION_LINK_KEY_SECRET);
    const list = approvalListDigest([{ accountId: first.id }]);
    const expiresAt = 1_900_000_000;
    const forged = await signLink(
      { purpose: 'rotation-approval', rotationDate: ROTATION, list, expiresAt },
      'not-the-key',
    );
    const reveal = await signLink(
      {
        purpose: 'reveal',
        accountId: first.id,
        rotationDate: ROTATION,
        manager: `manager@lib-a.${APPROVAL_DOMAIN}`,
        expiresAt,
      },
      key,
    );
    for (const token of [forged, reveal])
      expect((await approvalPage(token, 'POST', ON_THE_DAY)).status).toBe(400);
    expect(await approvalWorld.ctx.rotations.get(ROTATION, first.id)).toMatchObject({
      state: 'awaiting-approval',
    });

    // Another shared account joins the list before the helpdesk clicks.
    const second = await sharedLinkedAccount('LIB-A', 'Guichet annexe', approvalWorld);
    await runPasswordRotations(approvalWorld.ctx, new Date('2027-09-02T05:00:00Z'));
    const stale = await approvalPage(tokenOf(oldLink!), 'GET', new Date('2027-09-02T08:00:00Z'));
    expect(stale.body).not.toContain('<button');
    const refused = await approvalPage(tokenOf(oldLink!), 'POST', new Date('2027-09-02T08:00:00Z'));
    expect(refused.status).toBe(409);
    expect(await approvalWorld.ctx.rotations.get(ROTATION, first.id)).toMatchObject({
      state: 'awaiting-approval',
    });

    const links = await helpdeskLinks();
    expect(links).toHaveLength(2);
    const confirmed = await approvalPage(tokenOf(links[1]!), 'POST', new Date('2027-09-02T08:00:00Z'));
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toContain('Guichet annexe');
    for (const account of [first, second])
      expect(await approvalWorld.ctx.rotations.get(ROTATION, account.id)).toMatchObject({
        state: 'approved',
        sealed: null,
        approvedBy: expect.stringMatching(/^decision-link L-/),
      });
    // Nothing was sent to Alma by the page; the next daily run does it.
    const report = await runPasswordRotations(approvalWorld.ctx, new Date('2027-09-03T05:30:00Z'));
    expect(report).toMatchObject({ told: 2, failed: 0 });
    expect(await mailsTo(`manager@lib-a.${APPROVAL_DOMAIN}`)).toHaveLength(2);
  });
});
