import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesFeedbackHandler } from '../../functions/ses-feedback/handler';
import { MailboxSimulatorMailer } from '../../local/ses-simulator';
import { provisionAccount } from '../../shared/app/alma/provision';
import type { AppContext } from '../../shared/app/context';
import type { SnsFeedbackEvent } from '../../shared/app/feedback/sns-event';
import { runNoticeJob } from '../../shared/app/notices/run-notice-job';
import type { Account } from '../../shared/domain/account';
import { brusselsStartOfDay, type CalendarDate } from '../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../shared/domain/ports';
import { handleDecisionRequest } from '../../shared/web/web-app';
import { lambdaInvocation } from '../support/lambda';
import { type AlmaWorld, almaWorld } from './alma/world';

/**
 * Bounces and complaints through the real handlers (issue 31): the notice job sends through the
 * local SES server; the mailbox simulator turns mail to its addresses into the notification SES
 * would publish and delivers it, as an SNS event, to the ses-feedback Lambda handler.
 */

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const result = await this.inner.send(mail);
    this.sent.push(mail);
    return result;
  }
  to(address: string): OutgoingMail[] {
    return this.sent.filter((m) => [...m.to, ...(m.cc ?? [])].includes(address));
  }
}

const DOMAIN = 'feedback-it.example';
const SIM = 'simulator.amazonses.com';
const MANAGER_A = `manager@lib-a.${DOMAIN}`;
const HELPDESK = `helpdesk@${DOMAIN}`;
const d = (s: string) => s as CalendarDate;
const at = (day: string, hour = 7) => new Date(brusselsStartOfDay(d(day)).getTime() + hour * 3_600_000);
const linksIn = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+\/decision\?t=[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';

let world: AlmaWorld;
let ctx: AppContext;
let recorder: RecordingMailer;
let simulator: MailboxSimulatorMailer;
let clock = new Date();
const deliveryErrors: Error[] = [];
const handler = sesFeedbackHandler(
  async () => ctx,
  () => clock,
);
const invoke = (event: SnsFeedbackEvent) => handler(event, lambdaInvocation('ses-feedback'));

async function account(overrides: Partial<Account>): Promise<Account> {
  return world.account({ fullName: 'Jan Peeters', supervisorEmail: `sup@lib-a.${DOMAIN}`, ...overrides });
}

async function decide(link: string, now: Date) {
  const token = tokenOf(link);
  const get = await handleDecisionRequest(ctx, {
    method: 'GET',
    path: '/decision',
    query: { t: token },
    body: '',
    now,
  });
  const post = await handleDecisionRequest(ctx, {
    method: 'POST',
    path: '/decision',
    query: {},
    body: `t=${token}`,
    now,
  });
  return { get, post };
}

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
  recorder = new RecordingMailer(world.ctx.mailer);
  simulator = new MailboxSimulatorMailer(recorder, {
    from: world.ctx.config.mailbox,
    clock: () => clock,
    deliver: invoke,
    onError: (e) => deliveryErrors.push(e),
  });
  ctx = { ...world.ctx, mailer: simulator };
});
afterAll(() => world.stop());

describe('a permanent bounce of an expiry notice', () => {
  it('records it, asks the managers once, stops the notices there; "close" closes and moves the Alma expiry', async () => {
    const a = await account({ email: `bounce+close@${SIM}`, institution: 'LIB-B', endDate: d('2031-03-31') });
    // Provisioned (LIB-B creates in Alma on its own): Alma holds the end date.
    await provisionAccount(ctx, a.id, { actor: 'test', via: 'REQ-T1' });
    expect(world.standIn.user('LIB-B', a.email)?.expiry_date).toBe('2031-03-31Z');
    clock = at('2031-03-01');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(deliveryErrors).toEqual([]);
    expect(recorder.to(a.email)).toHaveLength(1);

    // History, the address undeliverable, the managers of LIB-B asked once, in Dutch.
    const history = await ctx.accounts.history(a.id);
    expect(history.filter((e) => e.action === 'mail-bounced')).toEqual([
      expect.objectContaining({ actor: 'ses', reason: expect.stringContaining('Permanent/General') }),
    ]);
    expect(await ctx.feedback.get(a.email)).toMatchObject({ state: 'undeliverable' });
    const asked = recorder.sent.filter((m) => m.subject.includes(`Mail aan ${a.email} komt terug`));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.to).toEqual([`manager@lib-b.${DOMAIN}`]);

    // The next run (7 days before the end) sends nothing to the address; the supervisor still gets it.
    clock = at('2031-03-24');
    const report = await runNoticeJob('expiry-notices', ctx, clock);
    expect(report.sent).toBe(1);
    expect(recorder.to(a.email)).toHaveLength(1);
    expect(recorder.sent.at(-1)!.to).toEqual([`sup@lib-a.${DOMAIN}`]);

    // "Close from today": the account closes, Alma's expiry moves to today.
    const [close] = linksIn(asked[0]!.text);
    const { get, post } = await decide(close!, at('2031-03-25', 9));
    expect(get.status).toBe(200);
    expect(get.body).toContain('Bevestigen: afsluiten');
    expect(post.status).toBe(200);
    expect(await ctx.accounts.get(a.id)).toMatchObject({ status: 'closed', deactivationDate: '2031-03-25' });
    expect((await ctx.accounts.history(a.id)).find((e) => e.action === 'closed')).toMatchObject({
      actor: 'decision-link',
    });
    expect(world.standIn.user('LIB-B', a.email)?.expiry_date).toBe('2031-03-25Z');
  });

  it('"keep" keeps the account, and nobody is asked again about that bounce', async () => {
    const a = await account({ email: `bounce+keep@${SIM}`, institution: 'LIB-A', endDate: d('2031-06-30') });
    clock = at('2031-05-31');
    await runNoticeJob('expiry-notices', ctx, clock);
    const asked = recorder.sent.filter((m) => m.subject.includes(`Le courrier vers ${a.email} revient`));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.to).toEqual([MANAGER_A]);
    const keep = linksIn(asked[0]!.text)[1]!;
    const { post } = await decide(keep, at('2031-06-01', 9));
    expect(post.status).toBe(200);
    expect(post.body).toContain('Le compte est gardé');
    expect(await ctx.accounts.get(a.id)).toMatchObject({ status: 'active' });
    expect((await ctx.accounts.history(a.id)).map((e) => e.action)).toContain('bounce-kept');

    // A second click changes nothing; the same bounce delivered again asks nobody.
    const again = await decide(keep, at('2031-06-01', 10));
    expect(again.post.body).toContain('déjà choisi de garder');
    const sentBefore = recorder.sent.length;
    const replay = await invoke(simulator.published.at(-1)!);
    expect(replay.reports[0]).toMatchObject({ outcome: 'duplicate' });
    expect(recorder.sent.length).toBe(sentBefore);
  });

  it('the same notification twice is handled once (one history line, one question)', async () => {
    const a = await account({ email: `bounce+twice@${SIM}`, endDate: d('2031-07-31') });
    clock = at('2031-07-01');
    await runNoticeJob('expiry-notices', ctx, clock);
    const event = simulator.published.at(-1)!;
    const sentBefore = recorder.sent.length;
    const [first, second] = await Promise.all(
      [invoke(event), invoke(event)].map((p) => p.catch((e: Error) => e)),
    );
    const outcomes = [first, second].map((r) => (r instanceof Error ? r.name : r!.reports[0]!.outcome));
    // Already handled by the simulator's delivery: both are duplicates (or one waits on the other).
    expect(outcomes.every((o) => o === 'duplicate' || o === 'FeedbackInFlightError')).toBe(true);
    expect(recorder.sent.length).toBe(sentBefore);
    expect((await ctx.accounts.history(a.id)).filter((e) => e.action === 'mail-bounced')).toHaveLength(1);
    expect(recorder.sent.filter((m) => m.subject.includes(a.email) && m.to.includes(MANAGER_A))).toHaveLength(
      1,
    );
  });
});

describe('complaints, supervisors, suppression', () => {
  it('a complaint: no more notices to the address, the helpdesk told once', async () => {
    const a = await account({ email: `complaint@${SIM}`, endDate: d('2031-09-30') });
    clock = at('2031-08-31');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(await ctx.feedback.get(a.email)).toMatchObject({ state: 'complained' });
    expect((await ctx.accounts.history(a.id)).map((e) => e.action)).toContain('mail-complaint');
    const told = recorder.to(HELPDESK).filter((m) => m.subject === `Spam complaint: ${a.email}`);
    expect(told).toHaveLength(1);
    clock = at('2031-09-23');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(recorder.to(a.email)).toHaveLength(1);
    // Not a leaver signal: nobody is asked to close.
    expect(recorder.sent.filter((m) => m.subject.includes(`${a.email} revient`))).toHaveLength(0);
    // Answers to its own requests are not notices: the recipient filter is the notice jobs' only.
  });

  it("a supervisor's address bounces: the helpdesk is told once for that address, no manager asked", async () => {
    const sup = `bounce+sup@${SIM}`;
    const one = await account({
      email: `one@lib-a.${DOMAIN}`,
      supervisorEmail: sup,
      endDate: d('2031-10-31'),
    });
    clock = at('2031-10-01');
    await runNoticeJob('expiry-notices', ctx, clock);
    const told = () => recorder.to(HELPDESK).filter((m) => m.subject.includes(sup));
    expect(told()).toHaveLength(1);
    expect(told()[0]!.text).toContain('supervisor (no account of their own)');
    // Another employee of the same supervisor: the notice leaves the supervisor out, the helpdesk hears nothing more.
    const two = await account({
      email: `two@lib-a.${DOMAIN}`,
      supervisorEmail: sup,
      endDate: d('2031-10-31'),
    });
    clock = at('2031-10-24');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(recorder.to(sup)).toHaveLength(1);
    expect(recorder.to(two.email)).toHaveLength(1);
    expect(told()).toHaveLength(1);
    expect(recorder.sent.filter((m) => m.subject.includes(`${one.email} revient`))).toHaveLength(0);
  });

  it('a send to an address on the suppression list is recorded as such and not sent again', async () => {
    const a = await account({ email: `suppressionlist@${SIM}`, endDate: d('2031-11-30') });
    clock = at('2031-10-31');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(await ctx.feedback.get(a.email)).toMatchObject({
      state: 'undeliverable',
      detail: 'Permanent/Suppressed',
    });
    expect((await ctx.accounts.history(a.id)).find((e) => e.action === 'mail-bounced')?.reason).toContain(
      'suppression list',
    );
    clock = at('2031-11-23');
    await runNoticeJob('expiry-notices', ctx, clock);
    expect(recorder.to(a.email)).toHaveLength(1);
  });
});
