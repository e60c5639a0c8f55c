import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noticesHandler } from '../../../functions/notices/handler';
import type { AppContext } from '../../../shared/app/context';
import { receiveInboundMail } from '../../../shared/app/inbound/receive-mail';
import { NoticeSendError } from '../../../shared/app/notices/notice-job';
import { previewNotices, runNoticeJob } from '../../../shared/app/notices/run-notice-job';
import { addDays, brusselsStartOfDay, type CalendarDate } from '../../../shared/domain/calendar';
import type { Mailer, OutgoingMail } from '../../../shared/domain/ports';
import { testConfig, testContext } from '../../support/context';
import { lambdaInvocation } from '../../support/lambda';
import { sesStore } from '../../support/services';

/** Records what went out through the real mailer; can fail the next N sends. */
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
  about(reference: string): OutgoingMail[] {
    return this.sent.filter((m) => m.subject.includes(reference));
  }
}

const corpusDir = new URL('../../fixtures/corpus/', import.meta.url);
const HELPDESK = 'helpdesk@helpdesk.example.org';
const KOEN = 'koen.maes@lib-b.example';
const ANNE = 'anne.dubois@lib-a.example';
/** The day the requests are sent (the corpus's day). */
const DAY0 = '2027-01-10' as CalendarDate;
const sentAt = new Date('2027-01-10T10:00:00+01:00');
/** The follow-up job's scheduled time on day `n` after DAY0 (Brussels 08:00), plus minutes. */
const onDay = (n: number, minutes = 0) =>
  new Date(brusselsStartOfDay(addDays(DAY0, n)).getTime() + (8 * 60 + minutes) * 60_000);

async function world(): Promise<AppContext & { mailer: RecordingMailer }> {
  const base = await testContext(testConfig());
  return { ...base, mailer: new RecordingMailer(base.mailer) };
}

function mail(lines: { from: string; messageId: string; subject: string; body: string[] }): Buffer {
  return Buffer.from(
    [
      'Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=pass',
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: PASS',
      `From: ${lines.from}`,
      'To: accounts@helpdesk.example.org',
      `Subject: ${lines.subject}`,
      `Message-ID: <${lines.messageId}@test.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      ...lines.body,
    ].join('\r\n'),
  );
}

/** The corpus's English request without an end date: needs-info, waiting for `missionEndDate`. */
async function incompleteRequest(ctx: AppContext, messageId = 'ses-incomplete'): Promise<string> {
  const result = await receiveInboundMail(ctx, {
    messageId,
    raw: readFileSync(new URL('a3-en-missing-end.eml', corpusDir)),
    receipt: null,
    now: sentAt,
  });
  expect(result, String(result.reason)).toMatchObject({ outcome: 'needs-info', missing: ['missionEndDate'] });
  return result.reference!;
}

const waitingReferences = async (ctx: AppContext) =>
  (await ctx.requests.listWaiting()).items.map((r) => r.reference);

// A cold DynamoDB Local can take longer than the client's 5 s timeout on its first conditional
// writes; the SDK's retry then finds its own in-progress ledger record. Warm it up once, untested.
beforeAll(async () => {
  const warm = await world();
  await receiveInboundMail(warm, {
    messageId: 'ses-warm-up',
    raw: readFileSync(new URL('a3-en-missing-end.eml', corpusDir)),
    receipt: null,
    now: sentAt,
  });
  await runNoticeJob('request-follow-up', warm, onDay(7));
}, 60_000);

describe('request-follow-up: a request left incomplete', () => {
  it('gets one reminder at +7 days and is closed at +30, each run twice sending nothing the second time', async () => {
    const ctx = await world();
    const reference = await incompleteRequest(ctx);
    expect(await waitingReferences(ctx)).toEqual([reference]);
    const afterAsk = ctx.mailer.sent.length;

    // Prepare / Act: nothing is due before the seventh day.
    expect(await runNoticeJob('request-follow-up', ctx, onDay(6))).toMatchObject({ sent: 0, itemsRead: 1 });

    // +7: one reminder to the requester, in the request's language, with what is missing.
    const day7 = await runNoticeJob('request-follow-up', ctx, onDay(7));
    expect(day7).toMatchObject({ sent: 1, reminded: 1, abandoned: 0, failed: 0 });
    const [reminder, ...others] = ctx.mailer.sent.slice(afterAsk);
    expect(others).toEqual([]);
    expect(reminder).toMatchObject({
      to: [KOEN],
      subject: `[${reference}] New Alma account: reminder, information needed`,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': reference },
    });
    expect(reminder!.text).toContain('since 10/01/2027');
    expect(reminder!.text).toContain('- Mission end date: missing');
    expect(reminder!.text).toContain('Full name: Sam Peters');
    expect(reminder!.text).toContain('Without an answer by 09/02/2027');

    // The same day again, twice at once, and later days before +30: nothing more.
    const again = await runNoticeJob('request-follow-up', ctx, onDay(7, 60));
    const [a, b] = await Promise.all([
      runNoticeJob('request-follow-up', ctx, onDay(7, 90)),
      runNoticeJob('request-follow-up', ctx, onDay(7, 90)),
    ]);
    expect([again.sent, a.sent, b.sent]).toEqual([0, 0, 0]);
    expect(again.alreadySent).toBe(1);
    expect((await runNoticeJob('request-follow-up', ctx, onDay(29))).sent).toBe(0);
    expect(ctx.mailer.about(reference)).toHaveLength(2); // the needs-info answer and the reminder

    // +30: closed as abandoned (recorded), the requester and the helpdesk told once each.
    const day30 = await runNoticeJob('request-follow-up', ctx, onDay(30));
    expect(day30).toMatchObject({ sent: 2, abandoned: 1, reminded: 0, failed: 0 });
    const told = ctx.mailer.sent.slice(afterAsk + 1);
    expect(told.map((m) => m.to)).toEqual(expect.arrayContaining([[KOEN], [HELPDESK]]));
    const toKoen = told.find((m) => m.to[0] === KOEN)!;
    expect(toKoen.subject).toBe(`[${reference}] New Alma account: request closed without an answer`);
    expect(toKoen.text).toContain('No account was created or changed.');
    const toHelpdesk = told.find((m) => m.to[0] === HELPDESK)!;
    expect(toHelpdesk.replyTo).toEqual([KOEN]);
    expect(toHelpdesk.text).toContain(`Requested by: ${KOEN}`);
    expect(toHelpdesk.text).toContain('Missing: Mission end date');
    const stored = await ctx.requests.getRequest(reference);
    expect(stored).toMatchObject({ status: 'abandoned', abandonedAt: onDay(30).toISOString() });
    expect(stored!.abandonmentToldAt).toBeDefined();
    expect(await waitingReferences(ctx)).toEqual([]);

    const rerun = await runNoticeJob('request-follow-up', ctx, onDay(30, 60));
    expect(rerun).toMatchObject({ sent: 0, itemsRead: 0 });
    expect((await runNoticeJob('request-follow-up', ctx, onDay(45))).sent).toBe(0);
    expect(ctx.mailer.about(reference)).toHaveLength(4);
    // The local SES server got exactly those four.
    expect((await sesStore()).filter((m) => m.subject.includes(reference))).toHaveLength(4);
    expect(await ctx.accounts.findByEmail('sam.peters@lib-b.example')).toEqual([]);
  });

  it('a request completed before +7 gets nothing and leaves the index', async () => {
    const ctx = await world();
    const reference = await incompleteRequest(ctx, 'ses-completed');
    const reply = await receiveInboundMail(ctx, {
      messageId: 'ses-completed-reply',
      raw: mail({
        from: `Koen Maes <${KOEN}>`,
        messageId: 'completed-reply',
        subject: `Re: [${reference}] New Alma account: information needed`,
        body: ['End date: 30/06/2027'],
      }),
      receipt: null,
      now: new Date(sentAt.getTime() + 3 * 86_400_000),
    });
    expect(reply.outcome).toBe('accepted');
    expect(await waitingReferences(ctx)).toEqual([]);
    const before = ctx.mailer.sent.length;
    for (const day of [7, 8, 30, 31]) await runNoticeJob('request-follow-up', ctx, onDay(day));
    expect(ctx.mailer.sent.length).toBe(before);
    expect((await ctx.requests.getRequest(reference))?.status).toBe('accepted');
  });

  it('a partial reply asks again and the wait starts again from that answer', async () => {
    const ctx = await world();
    const reference = await incompleteRequest(ctx, 'ses-partial');
    // On day 5 the reply gives an unreadable date: still waiting, asked again.
    const reply = await receiveInboundMail(ctx, {
      messageId: 'ses-partial-reply',
      raw: mail({
        from: `Koen Maes <${KOEN}>`,
        messageId: 'partial-reply',
        subject: `Re: [${reference}] New Alma account: information needed`,
        body: ['End date: soon'],
      }),
      receipt: null,
      now: new Date(sentAt.getTime() + 5 * 86_400_000),
    });
    expect(reply.outcome).toBe('needs-info');
    const before = ctx.mailer.sent.length;
    expect((await runNoticeJob('request-follow-up', ctx, onDay(7))).sent).toBe(0);
    expect((await runNoticeJob('request-follow-up', ctx, onDay(12))).sent).toBe(1);
    expect(ctx.mailer.sent.at(-1)!.text).toContain('since 15/01/2027');
    expect((await runNoticeJob('request-follow-up', ctx, onDay(30))).sent).toBe(0);
    expect((await runNoticeJob('request-follow-up', ctx, onDay(35))).sent).toBe(2);
    expect(ctx.mailer.sent.length - before).toBe(3);
  });

  it('tells the requester in French, and a failed send is retried without telling anyone twice', async () => {
    const ctx = await world();
    const ask = await receiveInboundMail(ctx, {
      messageId: 'ses-fr',
      raw: mail({
        from: `Anne Dubois <${ANNE}>`,
        messageId: 'fr-request',
        subject: 'Nouveau compte',
        body: [
          'Nom et prénom : Marie Claes',
          'Adresse e-mail : marie.claes@lib-a.example',
          'Statut : permanent',
        ],
      }),
      receipt: null,
      now: sentAt,
    });
    expect(ask).toMatchObject({ outcome: 'needs-info', missing: ['tasks'] });
    const reference = ask.reference!;
    // The sweep never ran in between: at +40 the request is closed at once, without a reminder.
    ctx.mailer.failures = 1;
    const failed = await runNoticeJob('request-follow-up', ctx, onDay(40)).catch((e) => e);
    expect(failed).toBeInstanceOf(NoticeSendError);
    expect((failed as NoticeSendError).report).toMatchObject({ sent: 1, failed: 1, abandoned: 1 });
    // Closed already, but still in the index until both are told.
    expect((await ctx.requests.getRequest(reference))?.status).toBe('abandoned');
    expect(await waitingReferences(ctx)).toEqual([reference]);

    // The scheduler's retry sends only the one that failed; then the request leaves the index.
    const retry = await runNoticeJob('request-follow-up', ctx, onDay(40, 5));
    expect(retry).toMatchObject({ sent: 1, alreadySent: 1, failed: 0, abandoned: 0 });
    expect(await waitingReferences(ctx)).toEqual([]);
    const told = ctx.mailer.about(reference).slice(1);
    expect(told.map((m) => m.to[0]).sort()).toEqual([ANNE, HELPDESK]);
    const toAnne = told.find((m) => m.to[0] === ANNE)!;
    expect(toAnne.subject).toBe(`[${reference}] Nouveau compte Alma : demande clôturée sans réponse`);
    expect(toAnne.text).toContain("Aucun compte n'a été créé ni modifié.");
    expect(told.some((m) => m.subject.includes('rappel'))).toBe(false);
    expect((await runNoticeJob('request-follow-up', ctx, onDay(41))).sent).toBe(0);
  });

  it('answers a late reply to an abandoned request that it was closed, and changes no account', async () => {
    const ctx = await world();
    const reference = await incompleteRequest(ctx, 'ses-late');
    await runNoticeJob('request-follow-up', ctx, onDay(30));
    const closed = await ctx.requests.getRequest(reference);
    expect(closed?.status).toBe('abandoned');
    const before = ctx.mailer.sent.length;

    const late = await receiveInboundMail(ctx, {
      messageId: 'ses-late-reply',
      raw: mail({
        from: `Koen Maes <${KOEN}>`,
        messageId: 'late-reply',
        subject: `Re: [${reference}] New Alma account: request closed without an answer`,
        body: ['End date: 30/06/2027'],
      }),
      receipt: null,
      now: onDay(33),
    });
    expect(late).toMatchObject({
      outcome: 'rejected',
      reason: 'request-abandoned',
      reference,
      account: null,
    });
    const [answer, ...more] = ctx.mailer.sent.slice(before);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({
      to: [KOEN],
      subject: `[${reference}] New Alma account: request declined`,
    });
    expect(answer!.text).toContain('This request was closed for want of an answer');
    expect(await ctx.accounts.findByEmail('sam.peters@lib-b.example')).toEqual([]);
    expect(await ctx.requests.getRequest(reference)).toEqual(closed);
    // The same mail delivered again: duplicate, nothing sent.
    const again = await receiveInboundMail(ctx, {
      messageId: 'ses-late-reply',
      raw: Buffer.from(''),
      receipt: null,
      now: onDay(33),
    });
    expect(again.outcome).toBe('duplicate');
    expect(ctx.mailer.sent.length).toBe(before + 1);
  });
});

describe('request-follow-up: preview and the notices function', () => {
  it('preview lists the reminder and the closing on their days, sending and changing nothing', async () => {
    const ctx = await world();
    const reference = await incompleteRequest(ctx, 'ses-preview');
    const before = ctx.mailer.sent.length;
    const planned = (await previewNotices(ctx, addDays(DAY0, 1), addDays(DAY0, 31))).filter(
      (n) => n.job === 'request-follow-up',
    );
    expect(planned.map((n) => [n.date, n.kind, n.to])).toEqual([
      ['2027-01-17', 'request-reminder', [KOEN]],
      ['2027-02-09', 'request-abandoned', [KOEN]],
      ['2027-02-09', 'request-abandoned-helpdesk', [HELPDESK]],
    ]);
    expect(planned.every((n) => n.references?.[0] === reference)).toBe(true);
    expect(ctx.mailer.sent.length).toBe(before);
    expect((await ctx.requests.getRequest(reference))?.status).toBe('pending');
    // After the reminder went out, the preview no longer lists it.
    await runNoticeJob('request-follow-up', ctx, onDay(7));
    const later = (await previewNotices(ctx, addDays(DAY0, 7), addDays(DAY0, 31))).filter(
      (n) => n.job === 'request-follow-up',
    );
    expect(later.map((n) => n.kind)).toEqual(['request-abandoned', 'request-abandoned-helpdesk']);
  });

  it('runs from its recorded Scheduler event through the notices handler', async () => {
    const ctx = await world();
    await incompleteRequest(ctx, 'ses-handler');
    const event = JSON.parse(readFileSync('events/scheduler/request-follow-up.json', 'utf8'));
    const handler = noticesHandler(async () => ctx);
    const result = await handler(
      { ...event, scheduledTime: onDay(7).toISOString() },
      lambdaInvocation('notices'),
    );
    expect(result).toMatchObject({ job: 'request-follow-up', sent: 1, reminded: 1 });
  });
});
