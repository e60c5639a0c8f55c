import { DynamoDbNoticeStateStore, DynamoDbReviewStore } from '../../shared/adapters/dynamodb/review-store';
import type { AppContext, JobReport } from '../../shared/app/context';
import { DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import type { Config, Institution } from '../../shared/config/schema';
import type { Account } from '../../shared/domain/account';
import {
  addDays,
  brusselsDate,
  brusselsStartOfDay,
  type CalendarDate,
  compareDates,
  daysBetween,
  endOfYear,
} from '../../shared/domain/calendar';
import {
  dueRotationStages,
  type ReviewStage,
  ROTATION_CATCH_UP_DAYS,
  reviewStageOn,
} from '../../shared/domain/notices/campaign';
import {
  type AddressedNotice,
  type Digest,
  deliveriesOf,
  groupIntoDigests,
} from '../../shared/domain/notices/digest';
import {
  dueExpiryOffset,
  expiringEndDates,
  expiryQueryWindows,
  receivesExpiryNotices,
} from '../../shared/domain/notices/expiry';
import { deliveryKey, type NoticeKind, noticeKey } from '../../shared/domain/notices/keys';
import {
  type DeactivationLine,
  deactivationListMessage,
  expiryMessage,
  type NoticeLanguage,
  type RenderedMessage,
  reviewFinalMessage,
  reviewMessage,
  rotationListMessage,
  rotationMessage,
} from '../../shared/domain/notices/messages';
import { askedKey } from '../../shared/domain/notices/ports';
import { type ReviewDecisionRecord, reviewStateOf } from '../../shared/domain/notices/review';
import { type LinkClaims, signLink } from '../../shared/domain/notices/token';
import { AlmaAccountsError, ConcurrentUpdateError } from '../../shared/errors';
import { pseudonym } from '../../shared/logging';
import { SCHEDULES } from '../../shared/schedules';
import { applyReviewChoice } from '../decision-page/decisions';

export const NOTICE_JOBS = [
  'expiry-notices',
  'yearly-review',
  'password-rotation',
  'deactivation-list',
] as const;
export type NoticeJob = (typeof NOTICE_JOBS)[number];

/** One message a job sends (or, in a dry run or preview, would send). */
export interface PlannedNotice {
  /** The Brussels day the job sends it. */
  date: CalendarDate;
  job: NoticeJob;
  kind: NoticeKind;
  to: string[];
  cc: string[];
  subject: string;
  accountIds: string[];
  text: string;
  html: string;
}

export type NoticeJobReport = JobReport & { notices?: PlannedNotice[] };

/** Some messages could not be sent; their claims were released so the scheduler's retry sends them. */
export class NoticeSendError extends AlmaAccountsError {
  constructor(
    message: string,
    readonly report: NoticeJobReport,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Claims are kept about two years: far longer than any catch-up window looks back. */
const CLAIM_TTL_DAYS = 800;
/** Deactivation links stay valid a month; the daily list repeats pending accounts with fresh links. */
const CLOSE_LINK_DAYS = 30;
const SEND_CONCURRENCY = 4;
const CLAIM_CONCURRENCY = 8;

interface Spec extends AddressedNotice {
  kind: NoticeKind;
  account: Account;
}

interface ExpirySpec extends Spec {
  kind: 'expiry';
  daysLeft: number;
}
interface ReviewSpec extends Spec {
  kind: 'review' | 'review-reminder';
  campaign: number;
  renewUrl: string;
  notRenewUrl: string;
}
interface ReviewFinalSpec extends Spec {
  kind: 'review-final';
  campaign: number;
  decision: ReviewDecisionRecord['decision'];
  byPolicy: boolean;
}
interface RotationSpec extends Spec {
  kind: 'rotation' | 'rotation-list';
  rotationDate: CalendarDate;
  daysLeft: number;
}
interface DeactivationSpec extends Spec {
  kind: 'deactivation';
  line: DeactivationLine;
}

interface RunMode {
  dryRun: boolean;
  /** Preview: the day before (as if the job had run daily) instead of the stored mark. */
  lastRun?: CalendarDate;
  /** Preview: delivery keys already listed on an earlier day of the preview. */
  seen?: Set<string>;
}

interface Run {
  ctx: AppContext;
  job: NoticeJob;
  now: Date;
  today: CalendarDate;
  mode: RunMode;
  reviews: DynamoDbReviewStore;
  state: DynamoDbNoticeStateStore;
  report: NoticeJobReport;
  notices: PlannedNotice[];
  failures: unknown[];
  /** Claims held by another run (in flight or crashed): the day is not marked done. */
  inFlight: number;
  /** Nothing could be due (decided from dates alone): no need to move the mark. */
  nothingDue?: boolean;
}

interface InstitutionView {
  code: string;
  name: string;
  language: NoticeLanguage;
  managers: string[];
}

function institutionOf(config: Config, code: string): InstitutionView {
  const found: Institution | undefined = config.institutions.find((i) => i.code === code);
  return found
    ? { code, name: found.name, language: found.language, managers: found.managers }
    : { code, name: code, language: config.alerts.language, managers: [] };
}

/** The helpdesk reads its lists in the alert language (the config has no separate helpdesk language). */
function helpdeskLanguage(config: Config): NoticeLanguage {
  return config.alerts.language;
}

export function decisionUrl(config: Config, token: string): string {
  return `${config.decisionBaseUrl.replace(/\/+$/, '')}/decision?t=${token}`;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  });
  await Promise.all(workers);
  return results;
}

function uniqueAddresses(list: (string | null | undefined)[]): string[] {
  return [...new Set(list.filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()))];
}

/**
 * Exactly once per recipient: claim each (notice, recipient), group what this run won into
 * one digest per recipient, send, then complete (or release on failure so a retry sends it).
 */
async function deliver<N extends Spec>(
  run: Run,
  specs: N[],
  render: (digest: Digest<N>) => RenderedMessage,
): Promise<Set<string>> {
  const { ctx, mode } = run;
  const deliveries = specs.flatMap((spec) => deliveriesOf(spec));
  /** Delivery keys known to be sent (by this run or an earlier one). */
  const done = new Set<string>();
  run.report.planned = (run.report.planned as number) + deliveries.length;
  let won = deliveries;
  if (mode.dryRun) {
    const fresh = deliveries.filter((d) => !mode.seen?.has(deliveryKey(d.notice.key, d.recipient)));
    const done = await mapLimit(fresh, CLAIM_CONCURRENCY, (d) =>
      run.state.isDone(deliveryKey(d.notice.key, d.recipient)),
    );
    won = fresh.filter((_, i) => !done[i]);
    for (const d of won) mode.seen?.add(deliveryKey(d.notice.key, d.recipient));
  } else {
    // Leases follow the later of the job's time and the wall clock, so a retry of an old schedule can take over.
    const leaseNow = new Date(Math.max(run.now.getTime(), Date.now()));
    const claimed = await mapLimit(deliveries, CLAIM_CONCURRENCY, async (d) => {
      const key = deliveryKey(d.notice.key, d.recipient);
      const got = await ctx.claims.claim(
        key,
        { job: run.job, kind: d.notice.kind, accountId: d.notice.account.id, day: run.today },
        { now: leaseNow, ttlDays: CLAIM_TTL_DAYS },
      );
      if (!got) {
        if (await run.state.isDone(key)) done.add(key);
        else run.inFlight++;
      }
      return got;
    });
    won = deliveries.filter((_, i) => claimed[i]);
    run.report.alreadySent = (run.report.alreadySent as number) + (deliveries.length - won.length);
  }
  const digests = groupIntoDigests(won);
  await mapLimit(digests, SEND_CONCURRENCY, async (digest) => {
    const message = render(digest);
    const planned: PlannedNotice = {
      date: run.today,
      job: run.job,
      kind: digest.notices[0]!.kind,
      to: digest.to,
      cc: digest.cc,
      subject: message.subject,
      accountIds: digest.notices.map((n) => n.account.id),
      text: message.text,
      html: message.html,
    };
    if (mode.dryRun) {
      run.notices.push(planned);
      return;
    }
    const keys = digest.notices.flatMap((n) =>
      [...digest.to, ...digest.cc].map((r) => deliveryKey(n.key, r)),
    );
    try {
      const { messageId } = await ctx.mailer.send({
        to: digest.to,
        cc: digest.cc,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': 'notice' },
      });
      // A manager's digest may cover thousands of notices: complete them a few at a time.
      await mapLimit(keys, CLAIM_CONCURRENCY, (key) => ctx.claims.complete(key, { messageId }));
      for (const key of keys) done.add(key);
      run.notices.push(planned);
      run.report.sent++;
    } catch (error) {
      await mapLimit(keys, CLAIM_CONCURRENCY, (key) => ctx.claims.release(key).catch(() => undefined));
      run.failures.push(error);
      ctx.logger.error('notice not sent; claims released for a retry', {
        job: run.job,
        kind: planned.kind,
        recipients: [...digest.to, ...digest.cc].map((r) => pseudonym(r)),
        error: (error as Error).message,
      });
    }
  });
  // A notice is handled when every one of its recipients has it.
  return new Set(
    specs
      .filter((spec) => deliveriesOf(spec).every((d) => done.has(deliveryKey(spec.key, d.recipient))))
      .map((spec) => spec.key),
  );
}

// ---------------------------------------------------------------- expiry notices

async function expiryNotices(run: Run): Promise<void> {
  const { ctx, today, mode } = run;
  const offsets = ctx.config.notices.expiryOffsetsDays;
  const stored = mode.lastRun ?? (await run.state.lastRun(run.job));
  const lastRun = stored ?? addDays(today, -1);
  run.report.lastRun = stored ?? null;
  if (compareDates(lastRun, today) >= 0) return; // today was handled completely already

  const windows = expiryQueryWindows(offsets, lastRun, today);
  const ended = expiringEndDates(stored ?? null, today);
  // The notice windows and the just-ended window are read together.
  const [page, ...pages] = await Promise.all([
    ctx.accounts.listEndingBetween(ended.from, ended.to),
    ...windows.map((w) => ctx.accounts.listEndingBetween(w.from, w.to)),
  ]);
  run.report.itemsRead += page!.itemsRead;
  const byId = new Map<string, Account>();
  for (const page of pages) {
    run.report.itemsRead += page.itemsRead;
    for (const account of page.items) byId.set(account.id, account);
  }
  const specs: ExpirySpec[] = [];
  for (const account of byId.values()) {
    if (!receivesExpiryNotices(account) || !account.endDate) continue;
    const offset = dueExpiryOffset(account.endDate, offsets, lastRun, today);
    if (offset === null) continue;
    const institution = institutionOf(ctx.config, account.institution);
    specs.push({
      key: noticeKey('expiry', account.id, account.endDate, offset),
      kind: 'expiry',
      group: account.institution,
      to: uniqueAddresses([account.email, account.supervisorEmail]),
      cc: institution.managers,
      account,
      daysLeft: daysBetween(today, account.endDate),
    });
  }
  await deliver(run, specs, (digest) => {
    const institution = institutionOf(ctx.config, digest.group);
    return expiryMessage(institution.language, {
      institutionName: institution.name,
      mailbox: ctx.config.mailbox,
      lines: digest.notices.map((n) => ({
        fullName: n.account.fullName,
        email: n.account.email,
        endDate: n.account.endDate!,
        daysLeft: n.daysLeft,
      })),
    });
  });

  // The day after its end date an account becomes expired.
  const toExpire = page!.items.filter((a) => a.status === 'active');
  if (mode.dryRun) {
    run.report.expired = toExpire.length;
    return;
  }
  const at = run.now.toISOString();
  const results = await mapLimit(toExpire, CLAIM_CONCURRENCY, async (account) => {
    try {
      await ctx.accounts.update(
        { ...account, status: 'expired', updatedAt: at, version: account.version + 1 },
        {
          accountId: account.id,
          at,
          actor: 'scheduler',
          action: 'expired',
          reason: `end date ${account.endDate} passed`,
          changes: { status: { from: 'active', to: 'expired' } },
        },
      );
      return true;
    } catch (error) {
      // Another run (or a renewal) changed it meanwhile; the next run looks again if needed.
      if (error instanceof ConcurrentUpdateError) return false;
      throw error;
    }
  });
  run.report.expired = results.filter(Boolean).length;
}

// ---------------------------------------------------------------- yearly review

async function yearlyReview(run: Run): Promise<void> {
  const { ctx, today } = run;
  const settings = ctx.config.notices.yearlyReview;
  const stage = reviewStageOn(today, settings);
  run.report.stage = stage ? `${stage.campaign}:${stage.stage}` : null;
  if (!stage) return;
  const { campaign } = stage;
  const deadline = endOfYear(campaign);
  const [page, state] = await Promise.all([
    ctx.accounts.listEndingBetween(deadline, deadline),
    run.reviews.campaign(campaign),
  ]);
  run.report.itemsRead += page.itemsRead + state.itemsRead;
  const records = new Map(state.decisions.map((r) => [r.accountId, r]));
  if (stage.stage === 'final') return reviewFinal(run, campaign, page.items, records, state.asked);
  await reviewAsk(run, stage.stage, campaign, page.items, records, state.asked);
}

/** Remembers the accounts whose notice of this stage went out to everyone, so later days skip them cheaply. */
async function rememberAsked(run: Run, campaign: number, stage: string, specs: Spec[], handled: Set<string>) {
  if (run.mode.dryRun) return;
  const entries = specs.filter((s) => handled.has(s.key)).map((s) => ({ stage, accountId: s.account.id }));
  if (entries.length) await run.reviews.markAsked(campaign, entries);
}

async function reviewAsk(
  run: Run,
  stage: Exclude<ReviewStage, 'final'>,
  campaign: number,
  accounts: Account[],
  records: Map<string, ReviewDecisionRecord>,
  asked: Set<string>,
): Promise<void> {
  const { ctx } = run;
  const undecided = accounts.filter(
    (a) => reviewStateOf(a, campaign, records.get(a.id)) === 'undecided' && !asked.has(askedKey(stage, a.id)),
  );
  if (!undecided.length) return;
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  // Links work until the start of 31 December in Brussels: the final stage runs that morning.
  const expiresAt = Math.floor(brusselsStartOfDay(endOfYear(campaign)).getTime() / 1000);
  const link = (claims: LinkClaims) => decisionUrl(ctx.config, signLink(claims, key));
  const kind = stage === 'start' ? 'review' : 'review-reminder';
  const specs: ReviewSpec[] = undecided.map((account) => ({
    key: noticeKey(kind, account.id, account.endDate!, stage),
    kind,
    group: account.institution,
    to: institutionOf(ctx.config, account.institution).managers,
    cc: [],
    account,
    campaign,
    renewUrl: link({ purpose: 'review', accountId: account.id, campaign, decision: 'renew', expiresAt }),
    notRenewUrl: link({
      purpose: 'review',
      accountId: account.id,
      campaign,
      decision: 'not-renew',
      expiresAt,
    }),
  }));
  const addressed = specs.filter((s) => s.to.length);
  const handled = await deliver(run, addressed, (digest) => {
    const institution = institutionOf(ctx.config, digest.group);
    return reviewMessage(institution.language, {
      stage,
      campaign,
      institutionName: institution.name,
      mailbox: ctx.config.mailbox,
      lastDecisionDay: addDays(endOfYear(campaign), -1),
      undecided: ctx.config.notices.yearlyReview.undecided,
      lines: digest.notices.map((n) => ({
        fullName: n.account.fullName,
        email: n.account.email,
        employeeType: n.account.employeeType,
        renewUrl: n.renewUrl,
        notRenewUrl: n.notRenewUrl,
      })),
    });
  });
  await rememberAsked(run, campaign, stage, addressed, handled);
}

async function reviewFinal(
  run: Run,
  campaign: number,
  accounts: Account[],
  records: Map<string, ReviewDecisionRecord>,
  asked: Set<string>,
): Promise<void> {
  const { ctx, mode } = run;
  const policy = ctx.config.notices.yearlyReview.undecided === 'renew' ? 'renew' : 'not-renew';
  const deadline = endOfYear(campaign);
  // After 1 January the expiry job has marked undecided accounts expired; they are still part of the campaign.
  const candidates = accounts.filter(
    (a) =>
      reviewStateOf(a.status === 'expired' ? { ...a, status: 'active' } : a, campaign, records.get(a.id)) ===
      'undecided',
  );
  const unlisted = [...records.keys()].filter((id) => !asked.has(askedKey('final', id)));
  // Catch-up days after 31 December: nothing left to decide or list, nothing to read.
  if (!candidates.length && !unlisted.length) return;
  const byPolicy = new Set<string>();
  const finalAccounts = new Map<string, Account>();
  for (const account of candidates) {
    if (mode.dryRun) {
      records.set(account.id, {
        campaign,
        accountId: account.id,
        institution: account.institution,
        decision: policy,
        decidedAt: run.now.toISOString(),
        actor: 'scheduler',
        via: 'undecided-policy',
      });
      byPolicy.add(account.id);
      finalAccounts.set(account.id, account);
      continue;
    }
    // Claimed so that two overlapping runs never record the policy twice.
    const claimKey = noticeKey('review-final', account.id, deadline, 'policy');
    if (!(await ctx.claims.claim(claimKey, { job: run.job }, { now: run.now, ttlDays: CLAIM_TTL_DAYS })))
      continue;
    try {
      const result = await applyReviewChoice(ctx, {
        accountId: account.id,
        campaign,
        decision: policy,
        now: run.now,
        actor: 'scheduler',
        via: 'undecided-policy',
        reason: `yearly review ${campaign}: no decision by the deadline, default rule "${ctx.config.notices.yearlyReview.undecided}"`,
        reviveExpired: true,
      });
      await ctx.claims.complete(claimKey, { outcome: result.outcome });
      byPolicy.add(account.id);
      if (result.account) finalAccounts.set(account.id, result.account);
    } catch (error) {
      await ctx.claims.release(claimKey);
      throw error;
    }
  }
  const latest = mode.dryRun ? [...records.values()] : (await run.reviews.list(campaign)).items;
  for (const record of latest) {
    if (record.actor === 'scheduler') byPolicy.add(record.accountId);
    if (asked.has(askedKey('final', record.accountId))) continue;
    if (!finalAccounts.has(record.accountId)) {
      const fromPage = accounts.find((a) => a.id === record.accountId);
      const account = fromPage ?? (await ctx.accounts.get(record.accountId));
      if (account) finalAccounts.set(record.accountId, account);
    }
  }
  const recordOf = new Map(latest.map((r) => [r.accountId, r]));
  const specs: ReviewFinalSpec[] = [];
  for (const [id, account] of finalAccounts) {
    const record = recordOf.get(id);
    if (!record || account.status === 'closed' || asked.has(askedKey('final', id))) continue;
    specs.push({
      key: noticeKey('review-final', id, deadline, 'final'),
      kind: 'review-final',
      group: `helpdesk:review:${campaign}`,
      to: [ctx.config.helpdesk],
      cc: [],
      account,
      campaign,
      decision: record.decision,
      byPolicy: byPolicy.has(id),
    });
  }
  const handled = await deliver(run, specs, (digest) =>
    reviewFinalMessage(helpdeskLanguage(ctx.config), {
      campaign,
      mailbox: ctx.config.mailbox,
      lines: digest.notices.map((n) => ({
        fullName: n.account.fullName,
        email: n.account.email,
        institutionName: institutionOf(ctx.config, n.account.institution).name,
        decision: n.decision,
        byPolicy: n.byPolicy,
      })),
    }),
  );
  await rememberAsked(run, campaign, 'final', specs, handled);
}

// ---------------------------------------------------------------- shared-password rotation

async function passwordRotation(run: Run): Promise<void> {
  const { ctx, today, mode } = run;
  const settings = ctx.config.notices.passwordRotation;
  // Most days nothing can be due: decided from the dates alone, without reading anything.
  if (!dueRotationStages(addDays(today, -ROTATION_CATCH_UP_DAYS), today, settings).length) {
    run.nothingDue = true;
    return;
  }
  const stored = mode.lastRun ?? (await run.state.lastRun(run.job));
  const lastRun = stored ?? addDays(today, -1);
  run.report.lastRun = stored ?? null;
  const stages = dueRotationStages(lastRun, today, settings);
  if (!stages.length) return;
  const shared: Account[] = [];
  for (const institution of ctx.config.institutions) {
    // Runs only on announcement days; an institution's accounts are one Query on GSI3.
    const page = await ctx.accounts.listByInstitution(institution.code);
    run.report.itemsRead += page.itemsRead;
    shared.push(
      ...page.items.filter(
        (a) => a.accountType === 'shared' && a.status === 'active' && a.deactivationDate === null,
      ),
    );
  }
  const specs: RotationSpec[] = [];
  for (const { rotationDate, offset } of stages) {
    const daysLeft = Math.max(0, daysBetween(today, rotationDate));
    for (const account of shared) {
      const managers = institutionOf(ctx.config, account.institution).managers;
      if (managers.length)
        specs.push({
          key: noticeKey('rotation', account.id, rotationDate, offset),
          kind: 'rotation',
          group: `${account.institution}:${rotationDate}`,
          to: managers,
          cc: [],
          account,
          rotationDate,
          daysLeft,
        });
      if (offset === 0)
        specs.push({
          key: noticeKey('rotation-list', account.id, rotationDate, 0),
          kind: 'rotation-list',
          group: `helpdesk:rotation:${rotationDate}`,
          to: [ctx.config.helpdesk],
          cc: [],
          account,
          rotationDate,
          daysLeft,
        });
    }
  }
  await deliver(run, specs, (digest) => {
    const first = digest.notices[0]!;
    if (first.kind === 'rotation-list')
      return rotationListMessage(helpdeskLanguage(ctx.config), {
        mailbox: ctx.config.mailbox,
        rotationDate: first.rotationDate,
        lines: digest.notices.map((n) => ({
          fullName: n.account.fullName,
          email: n.account.email,
          institutionName: institutionOf(ctx.config, n.account.institution).name,
        })),
      });
    const institution = institutionOf(ctx.config, first.account.institution);
    return rotationMessage(institution.language, {
      institutionName: institution.name,
      mailbox: ctx.config.mailbox,
      rotationDate: first.rotationDate,
      daysLeft: first.daysLeft,
      lines: digest.notices.map((n) => ({ fullName: n.account.fullName, email: n.account.email })),
    });
  });
}

// ---------------------------------------------------------------- deactivation list

async function deactivationList(run: Run): Promise<void> {
  const { ctx, today, now, mode } = run;
  const [ended, leaving, stored] = await Promise.all([
    ctx.accounts.listEndingBetween(null, addDays(today, -1)),
    ctx.accounts.listDeactivatingBetween(null, today),
    mode.lastRun ? Promise.resolve(mode.lastRun) : run.state.lastRun(run.job),
  ]);
  run.report.lastRun = stored ?? null;
  // New since the last complete run: those are claimed and listed; older ones are only recalled as pending.
  const isNew = (reason: 'expired' | 'closure', date: CalendarDate) =>
    !stored || compareDates(reason === 'expired' ? addDays(date, 1) : date, stored) > 0;
  run.report.itemsRead += ended.itemsRead + leaving.itemsRead;
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + CLOSE_LINK_DAYS * 86_400;
  const specs = new Map<string, DeactivationSpec>();
  const add = (account: Account, reason: 'expired' | 'closure', date: CalendarDate) => {
    if (account.status === 'closed' || specs.has(account.id)) return;
    const token = signLink({ purpose: 'close', accountId: account.id, reasonDate: date, expiresAt }, key);
    specs.set(account.id, {
      key: noticeKey('deactivation', account.id, date, 0),
      kind: 'deactivation',
      group: 'helpdesk:deactivation',
      to: [ctx.config.helpdesk],
      cc: [],
      account,
      line: {
        accountId: account.id,
        fullName: account.fullName,
        email: account.email,
        institutionName: institutionOf(ctx.config, account.institution).name,
        reason,
        date,
        closeUrl: decisionUrl(ctx.config, token),
      },
    });
  };
  // A closure request names the date the library asked for; it wins over a later end date.
  for (const account of leaving.items) add(account, 'closure', account.deactivationDate!);
  for (const account of ended.items) add(account, 'expired', account.endDate!);
  const all = [...specs.values()];
  const fresh = all.filter((s) => isNew(s.line.reason, s.line.date));
  await deliver(run, fresh, (digest) => {
    const listed = new Set(digest.notices.map((n) => n.account.id));
    return deactivationListMessage(helpdeskLanguage(ctx.config), {
      mailbox: ctx.config.mailbox,
      today,
      lines: digest.notices.map((n) => n.line),
      pending: all.filter((s) => !listed.has(s.account.id)).map((s) => s.line),
    });
  });
  run.report.pendingDeactivations = all.length;
}

// ---------------------------------------------------------------- entry points

const RUNNERS: Record<NoticeJob, (run: Run) => Promise<void>> = {
  'expiry-notices': expiryNotices,
  'yearly-review': yearlyReview,
  'password-rotation': passwordRotation,
  'deactivation-list': deactivationList,
};

/** Jobs whose catch-up follows a "last day handled" mark. */
const MARKED: ReadonlySet<NoticeJob> = new Set(['expiry-notices', 'password-rotation', 'deactivation-list']);

async function execute(ctx: AppContext, job: NoticeJob, now: Date, mode: RunMode): Promise<NoticeJobReport> {
  const run: Run = {
    ctx,
    job,
    now,
    today: brusselsDate(now),
    mode,
    reviews: new DynamoDbReviewStore(ctx.db, ctx.tableName),
    state: new DynamoDbNoticeStateStore(ctx.db, ctx.tableName),
    report: {
      job,
      now: now.toISOString(),
      sent: 0,
      itemsRead: 0,
      planned: 0,
      alreadySent: 0,
      dryRun: mode.dryRun,
    },
    notices: [],
    failures: [],
    inFlight: 0,
  };
  await RUNNERS[job](run);
  run.report.inFlight = run.inFlight;
  run.report.failed = run.failures.length;
  run.report.notices = run.notices;
  if (run.failures.length) {
    throw new NoticeSendError(
      `${job}: ${run.failures.length} message(s) not sent; their claims were released for a retry`,
      run.report,
      { cause: run.failures[0] },
    );
  }
  // The day counts as handled only when nothing is left in another run's hands.
  const mark = run.report.lastRun as CalendarDate | null | undefined;
  const behind = mark === undefined || mark === null || compareDates(mark, run.today) < 0;
  if (!mode.dryRun && MARKED.has(job) && run.inFlight === 0 && behind && !run.nothingDue)
    await run.state.markRun(job, run.today);
  return run.report;
}

/**
 * Runs one notice job as its Lambda would at `now` (Brussels day of `now`). A dry run plans
 * without claiming, sending or changing accounts. Throws NoticeSendError (with the report)
 * when a message could not be sent, so the scheduler retries.
 */
export function runNoticeJob(
  job: NoticeJob,
  ctx: AppContext,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<NoticeJobReport> {
  return execute(ctx, job, now, { dryRun: options.dryRun ?? false });
}

/** When a job runs on a given Brussels day (its schedule's wall-clock time). */
export function scheduledInstant(job: NoticeJob, day: CalendarDate): Date {
  const timing = SCHEDULES.find((s) => s.job === job)?.timing;
  const minutes = timing?.kind === 'daily' ? timing.hour * 60 + timing.minute : 7 * 60;
  return new Date(brusselsStartOfDay(day).getTime() + minutes * 60_000);
}

/**
 * Every notice the jobs would send from `from` to `to` (inclusive), as if they ran daily,
 * without claiming, sending or changing anything. Notices already sent are left out; the
 * store's current state is assumed (no renewals or decisions between now and then).
 */
export async function previewNotices(
  ctx: AppContext,
  from: CalendarDate,
  to: CalendarDate,
): Promise<PlannedNotice[]> {
  const planned: PlannedNotice[] = [];
  const seen = new Set<string>();
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    for (const job of NOTICE_JOBS) {
      const report = await execute(ctx, job, scheduledInstant(job, day), {
        dryRun: true,
        lastRun: addDays(day, -1),
        seen,
      });
      planned.push(...(report.notices ?? []));
    }
  }
  return planned;
}
