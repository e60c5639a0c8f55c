import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noticesHandler } from '../../../functions/notices/handler';
import {
  DynamoDbNoticeStateStore,
  DynamoDbReviewStore,
} from '../../../shared/adapters/dynamodb/review-store';
import type { AppContext } from '../../../shared/app/context';
import { NoticeSendError } from '../../../shared/app/notices/notice-job';
import { previewNotices, runNoticeJob, scheduledInstant } from '../../../shared/app/notices/run-notice-job';
import type { Config } from '../../../shared/config/schema';
import type { Account } from '../../../shared/domain/account';
import { addDays, brusselsStartOfDay, type CalendarDate } from '../../../shared/domain/calendar';
import { deliveryKey, noticeKey } from '../../../shared/domain/notices/keys';
import type { Mailer, OutgoingMail } from '../../../shared/domain/ports';
import { handleDecisionRequest } from '../../../shared/web/web-app';
import { anAccount, createdEvent } from '../../support/accounts';
import { testConfig, testContext } from '../../support/context';
import { lambdaInvocation } from '../../support/lambda';
import { sesStore } from '../../support/services';

// ---- helpers (kept in this file: the brief allows only test files here)

class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failures = 0;
  constructor(private readonly inner: Mailer) {}
  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('SES throttled (test)');
    }
    const result = await this.inner.send(mail);
    this.sent.push(mail);
    return result;
  }
  to(address: string): OutgoingMail[] {
    return this.sent.filter((m) => m.to.includes(address) || (m.cc ?? []).includes(address));
  }
}

const DOMAIN = 'jobs-it.example';
function config(overrides: Record<string, unknown> = {}): Config {
  return testConfig({
    mailbox: `accounts@${DOMAIN}`,
    helpdesk: `helpdesk@${DOMAIN}`,
    alerts: { recipients: [], operators: [], language: 'en' },
    institutions: [
      { code: 'LIB-A', name: 'Bibliothèque A', language: 'fr', managers: [`manager@a.${DOMAIN}`] },
      {
        code: 'LIB-B',
        name: 'Bibliotheek B',
        language: 'nl',
        managers: [`manager@b.${DOMAIN}`, `deputy@b.${DOMAIN}`],
      },
    ],
    ...overrides,
  });
}

const d = (s: string) => s as CalendarDate;
/** An instant at a Brussels wall-clock time (CET or CEST). */
const at = (day: string, time = '07:00') => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(brusselsStartOfDay(d(day)).getTime() + (h * 60 + m) * 60_000);
};
const linksIn = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+\/decision\?t=[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';

let ctx: AppContext & { mailer: RecordingMailer };
let counter = 0;

async function account(overrides: Partial<Account>): Promise<Account> {
  const n = counter++;
  const a = anAccount({
    fullName: `Person ${n}`,
    email: `person${n}@a.${DOMAIN}`,
    supervisorEmail: `sup@a.${DOMAIN}`,
    ...overrides,
  });
  await ctx.accounts.create(a, createdEvent(a));
  return a;
}

beforeAll(async () => {
  const base = await testContext(config());
  ctx = { ...base, mailer: new RecordingMailer(base.mailer) };
});

describe('expiry notices', () => {
  it('notifies employee and supervisor with managers in copy, once, in the institution language', async () => {
    const a = await account({ endDate: d('2031-03-31') });
    const report = await runNoticeJob('expiry-notices', ctx, at('2031-03-01'));
    expect(report).toMatchObject({ sent: 1, itemsRead: 1, failed: 0 });
    const [mail] = ctx.mailer.to(a.email);
    expect(mail).toMatchObject({
      to: [a.email, `sup@a.${DOMAIN}`],
      cc: [`manager@a.${DOMAIN}`],
      // Automatic, scheduled, to several people: no out-of-office reply comes back to it.
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        Precedence: 'bulk',
        'X-Alma-Accounts-Reference': 'notice',
      },
    });
    expect(mail!.subject).toBe('Compte Alma – fin le 31/03/2031 : Person 0');
    expect(mail!.text).toContain('dans 30 jours');

    // A rerun and two overlapping runs send nothing more.
    await runNoticeJob('expiry-notices', ctx, at('2031-03-01', '09:00'));
    await Promise.all([
      runNoticeJob('expiry-notices', ctx, at('2031-03-01', '10:00')),
      runNoticeJob('expiry-notices', ctx, at('2031-03-01', '10:00')),
    ]);
    expect(ctx.mailer.to(a.email)).toHaveLength(1);
    // The local SES server got exactly that message.
    const ses = (await sesStore()).filter((m) => m.destination.to.some((t) => t.includes(a.email)));
    expect(ses).toHaveLength(1);
  });

  it('sends one digest to a supervisor of several employees, and expires accounts the day after their end', async () => {
    const sup = `boss@b.${DOMAIN}`;
    const team = await Promise.all(
      [1, 2, 3].map((i) =>
        account({
          institution: 'LIB-B',
          email: `team${i}@b.${DOMAIN}`,
          supervisorEmail: sup,
          endDate: d('2031-04-14'),
        }),
      ),
    );
    const report = await runNoticeJob('expiry-notices', ctx, at('2031-04-07'));
    expect(ctx.mailer.to(sup)).toHaveLength(1);
    expect(ctx.mailer.to(sup)[0]!.text).toContain('over 7 dagen');
    for (const member of team) expect(ctx.mailer.to(member.email)).toHaveLength(1);
    expect(ctx.mailer.to(`deputy@b.${DOMAIN}`)).toHaveLength(1);
    expect(report.sent).toBe(4);

    await runNoticeJob('expiry-notices', ctx, at('2031-04-15'));
    const expired = await ctx.accounts.get(team[0]!.id);
    expect(expired).toMatchObject({ status: 'expired', version: 2 });
    expect((await ctx.accounts.history(team[0]!.id)).at(-1)).toMatchObject({
      action: 'expired',
      actor: 'scheduler',
    });
  });

  it('gives no expiry notice to closure-requested accounts, and a changed end date is due again', async () => {
    const leaving = await account({ endDate: d('2031-05-31'), deactivationDate: d('2031-05-15') });
    const renewed = await account({ endDate: d('2031-05-31') });
    await runNoticeJob('expiry-notices', ctx, at('2031-05-01'));
    expect(ctx.mailer.to(leaving.email)).toHaveLength(0);
    expect(ctx.mailer.to(renewed.email)).toHaveLength(1);
    await ctx.accounts.update(
      { ...renewed, endDate: d('2031-05-31'), version: 2 },
      createdEvent(renewed, { action: 'renewed' }),
    );
    const next = { ...renewed, endDate: d('2031-06-07'), version: 3 };
    await ctx.accounts.update(next, createdEvent(renewed, { action: 'renewed' }));
    await runNoticeJob('expiry-notices', ctx, at('2031-05-08'));
    expect(ctx.mailer.to(renewed.email)).toHaveLength(2);
    expect(ctx.mailer.to(renewed.email)[1]!.subject).toContain('07/06/2031');
  });

  it('releases the claims of a failed send, reports failure, and the retry sends it once', async () => {
    const a = await account({ endDate: d('2031-07-31') });
    ctx.mailer.failures = 1;
    const failure = await runNoticeJob('expiry-notices', ctx, at('2031-07-01')).catch((e) => e);
    expect(failure).toBeInstanceOf(NoticeSendError);
    expect((failure as NoticeSendError).report.failed).toBe(1);
    expect(ctx.mailer.to(a.email)).toHaveLength(0);
    await runNoticeJob('expiry-notices', ctx, at('2031-07-01', '08:00'));
    await runNoticeJob('expiry-notices', ctx, at('2031-07-01', '09:00'));
    expect(ctx.mailer.to(a.email)).toHaveLength(1);
  });

  it('after a crash holding a claim, does not mark the day done and a later run sends it once', async () => {
    const a = await account({ endDate: d('2031-08-31') });
    const crashed = deliveryKey(noticeKey('expiry', a.id, a.endDate!, 30), a.email);
    await ctx.claims.claim(crashed, {}, { now: at('2031-08-01', '06:59') });
    const report = await runNoticeJob('expiry-notices', ctx, at('2031-08-01'));
    expect(report.inFlight).toBe(1);
    expect(await new DynamoDbNoticeStateStore(ctx.db, ctx.tableName).lastRun('expiry-notices')).toBe(
      '2031-07-01',
    );
    expect(ctx.mailer.to(a.email)).toHaveLength(0);
    // The next day re-examines 1 August: the lease ran out, the employee's notice goes out (late) once.
    await runNoticeJob('expiry-notices', ctx, at('2031-08-02'));
    await runNoticeJob('expiry-notices', ctx, at('2031-08-02', '08:00'));
    expect(ctx.mailer.to(a.email)).toHaveLength(1);
    expect(ctx.mailer.to(`sup@a.${DOMAIN}`).filter((m) => m.text.includes(a.email))).toHaveLength(1);
  });
});

describe('dry runs, preview and the Lambda handler', () => {
  it('previews without sending, claiming or changing anything', async () => {
    const a = await account({ endDate: d('2031-10-20') });
    const before = ctx.mailer.sent.length;
    const preview = await previewNotices(ctx, d('2031-09-15'), d('2031-10-25'));
    const mine = preview.filter((p) => p.accountIds.includes(a.id) && p.to.includes(a.email));
    expect(mine.map((p) => [p.date, p.kind])).toEqual([
      ['2031-09-20', 'expiry'],
      ['2031-10-13', 'expiry'],
    ]);
    expect(preview.some((p) => p.kind === 'deactivation' && p.accountIds.includes(a.id))).toBe(true);
    expect(ctx.mailer.sent.length).toBe(before);
    expect((await ctx.accounts.get(a.id))?.status).toBe('active');
    const dry = await runNoticeJob('expiry-notices', ctx, at('2031-09-20'), { dryRun: true });
    expect(dry.notices?.some((n) => n.accountIds.includes(a.id))).toBe(true);
    expect(ctx.mailer.sent.length).toBe(before);
  });

  it('runs the sample scheduler events', async () => {
    // The notices function's middy chain around this test's context.
    const handler = noticesHandler(async () => ctx);
    for (const job of ['expiry-notices', 'yearly-review', 'password-rotation', 'deactivation-list']) {
      const event = JSON.parse(readFileSync(`events/scheduler/${job}.json`, 'utf8'));
      const report = await handler(event, lambdaInvocation('notices'));
      expect(report).toMatchObject({ job, now: new Date(event.scheduledTime).toISOString() });
      expect(report).not.toHaveProperty('notices');
    }
    const statusCheck = JSON.parse('{"job":"status-check"}');
    await expect(handler(statusCheck, lambdaInvocation('notices'))).rejects.toThrow('not a notice job event');
  });
});

describe('yearly review', () => {
  let review: AppContext & { mailer: RecordingMailer };
  const manager = `manager@b.${DOMAIN}`;
  beforeAll(async () => {
    const base = await testContext(config());
    review = { ...base, mailer: new RecordingMailer(base.mailer) };
  });

  it('asks the managers, records decisions from the links, reminds only the undecided, closes on 31 December', async () => {
    const volunteers: Account[] = [];
    for (const name of ['Renew Me', 'Drop Me', 'Forget Me']) {
      const v = anAccount({
        institution: 'LIB-B',
        employeeType: 'volunteer',
        fullName: name,
        email: `${name.replace(' ', '.').toLowerCase()}@b.${DOMAIN}`,
        supervisorEmail: `sup@b.${DOMAIN}`,
        missionEndDate: null,
        endDate: d('2031-12-31'),
      });
      await review.accounts.create(v, createdEvent(v));
      volunteers.push(v);
    }
    const [renew, drop, forget] = volunteers as [Account, Account, Account];

    await runNoticeJob('yearly-review', review, at('2031-11-15', '07:15'));
    await runNoticeJob('yearly-review', review, at('2031-11-16', '07:15'));
    const [start] = review.mailer.to(manager);
    expect(review.mailer.to(manager)).toHaveLength(1);
    expect(start!.to).toEqual([`deputy@b.${DOMAIN}`, manager]);
    expect(start!.subject).toBe(
      'Jaarlijkse controle 2031 van de Alma-accounts – Bibliotheek B: 3 accounts te bevestigen',
    );
    const links = linksIn(start!.text);
    expect(links).toHaveLength(6);

    const post = (url: string, now: Date) =>
      handleDecisionRequest(review, {
        method: 'POST',
        path: '/decision',
        query: {},
        body: `t=${tokenOf(url)}`,
        now,
      });
    // Renew Me: renew; Drop Me: renew, then changes their mind.
    expect((await post(links[0]!, at('2031-11-20', '10:00'))).status).toBe(200);
    expect((await post(links[2]!, at('2031-11-20', '10:00'))).status).toBe(200);
    expect((await post(links[3]!, at('2031-12-02', '10:00'))).status).toBe(200);
    expect((await review.accounts.get(renew.id))?.endDate).toBe('2032-12-31');
    expect((await review.accounts.get(drop.id))?.endDate).toBe('2031-12-31');
    const decisions = (await review.accounts.history(drop.id)).filter((e) => e.action === 'review-decision');
    expect(decisions.map((e) => [e.actor, e.changes?.endDate?.to])).toEqual([
      ['decision-link', '2032-12-31'],
      ['decision-link', '2031-12-31'],
    ]);

    await runNoticeJob('yearly-review', review, at('2031-12-10', '07:15'));
    await runNoticeJob('yearly-review', review, at('2031-12-11', '07:15'));
    const reminders = review.mailer.to(manager).slice(1);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(forget.email);
    expect(reminders[0]!.text).not.toContain(drop.email);
    expect(reminders[0]!.text).not.toContain(renew.email);

    // Links stop working on 31 December.
    expect((await post(links[4]!, at('2031-12-31', '00:00'))).status).toBe(410);

    await runNoticeJob('yearly-review', review, at('2031-12-31', '07:15'));
    await runNoticeJob('yearly-review', review, at('2032-01-01', '07:15'));
    const finals = review.mailer.to(`helpdesk@${DOMAIN}`);
    expect(finals).toHaveLength(1);
    expect(finals[0]!.subject).toBe('Yearly review 2031: final list (1 renewed, 2 not renewed)');
    expect(finals[0]!.text).toMatch(/Forget Me .* \(no decision: default rule\)/);
    const policy = (await review.accounts.history(forget.id)).filter((e) => e.action === 'review-decision');
    expect(policy).toHaveLength(1);
    expect(policy[0]).toMatchObject({ actor: 'scheduler', reference: 'undecided-policy' });
    const records = await new DynamoDbReviewStore(review.db, review.tableName).decisions(2031);
    expect(records.items.map((r) => r.decision).sort()).toEqual(['not-renew', 'not-renew', 'renew']);
  });

  it('two overlapping final runs apply the undecided rule once and list each account once', async () => {
    const base = await testContext(config());
    const ctx = { ...base, mailer: new RecordingMailer(base.mailer) };
    const volunteers: Account[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const v = anAccount({
        institution: 'LIB-A',
        employeeType: 'volunteer',
        fullName: `Overlap ${'ABCDE'[n - 1]}`,
        email: `overlap${n}@a.${DOMAIN}`,
        supervisorEmail: null,
        missionEndDate: null,
        endDate: d('2031-12-31'),
      });
      await ctx.accounts.create(v, createdEvent(v));
      volunteers.push(v);
    }

    await Promise.all([
      runNoticeJob('yearly-review', ctx, at('2031-12-31', '07:15')),
      runNoticeJob('yearly-review', ctx, at('2031-12-31', '07:15')),
    ]);
    await runNoticeJob('yearly-review', ctx, at('2032-01-01', '07:15'));

    const finals = ctx.mailer.to(`helpdesk@${DOMAIN}`);
    for (const v of volunteers) {
      expect(finals.filter((m) => m.text.includes(v.email))).toHaveLength(1);
      const decided = (await ctx.accounts.history(v.id)).filter((e) => e.action === 'review-decision');
      expect(decided).toHaveLength(1);
      expect(decided[0]).toMatchObject({ actor: 'scheduler', reference: 'undecided-policy' });
    }
    const records = await new DynamoDbReviewStore(ctx.db, ctx.tableName).decisions(2031);
    expect(records.items.filter((r) => volunteers.some((v) => v.id === r.accountId))).toHaveLength(5);
  });
});

describe('password rotation and deactivation list', () => {
  it('announces the rotation to the managers, then gives the helpdesk its list', async () => {
    const sharedAccount = await account({
      institution: 'LIB-A',
      accountType: 'shared',
      employeeType: 'permanent',
      fullName: 'Prêt Accueil',
      email: `pret@a.${DOMAIN}`,
      supervisorEmail: null,
      endDate: null,
      missionEndDate: null,
    });
    const manager = `manager@a.${DOMAIN}`;
    const count = () => ctx.mailer.to(manager).filter((m) => m.text.includes(sharedAccount.email)).length;
    await runNoticeJob('password-rotation', ctx, at('2032-08-02', '07:30'));
    expect(count()).toBe(1);
    expect(ctx.mailer.to(manager).at(-1)!.text).toContain('01/09/2032 (dans 30 jours)');
    await runNoticeJob('password-rotation', ctx, at('2032-08-02', '08:30'));
    // Outage over the 7-day announcement and the day itself: only the day-of notice, late.
    await runNoticeJob('password-rotation', ctx, at('2032-09-03', '07:30'));
    expect(count()).toBe(2);
    const list = ctx.mailer.to(`helpdesk@${DOMAIN}`).filter((m) => m.text.includes(sharedAccount.email));
    expect(list).toHaveLength(1);
    expect(list[0]!.subject).toMatch(/^Shared-account passwords to change on 01\/09\/2032/);
  });

  it('lists accounts to deactivate once, and the confirmation link closes the account', async () => {
    const ended = await account({ endDate: d('2033-01-31') });
    const leaving = await account({
      endDate: null,
      employeeType: 'permanent',
      deactivationDate: d('2033-02-01'),
    });
    const helpdesk = `helpdesk@${DOMAIN}`;
    await runNoticeJob('deactivation-list', ctx, at('2033-02-01', '07:45'));
    const mail = ctx.mailer.to(helpdesk).at(-1)!;
    expect(mail.text).toContain(ended.email);
    expect(mail.text).toContain(leaving.email);
    const before = ctx.mailer.to(helpdesk).length;
    await runNoticeJob('deactivation-list', ctx, at('2033-02-02', '07:45'));
    expect(ctx.mailer.to(helpdesk)).toHaveLength(before);

    const link = linksIn(mail.text).find((l) => mail.text.split(l)[0]!.includes(ended.email))!;
    const get = await handleDecisionRequest(ctx, {
      method: 'GET',
      path: '/decision',
      query: { t: tokenOf(link) },
      body: '',
      now: at('2033-02-02', '09:00'),
    });
    expect(get.status).toBe(200);
    expect((await ctx.accounts.get(ended.id))?.status).toBe('active');
    const post = await handleDecisionRequest(ctx, {
      method: 'POST',
      path: '/decision',
      query: {},
      body: `t=${tokenOf(link)}`,
      now: at('2033-02-02', '09:00'),
    });
    expect(post.status).toBe(200);
    expect(await ctx.accounts.get(ended.id)).toMatchObject({ status: 'closed' });
    expect((await ctx.accounts.history(ended.id)).at(-1)).toMatchObject({
      action: 'closed',
      actor: 'decision-link',
    });
    expect(scheduledInstant('deactivation-list', d('2033-02-02')).toISOString()).toBe(
      '2033-02-02T06:45:00.000Z',
    );
    void addDays;
  });
});
