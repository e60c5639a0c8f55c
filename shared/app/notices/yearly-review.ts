import pMap from 'p-map';
import type { Account } from '../../domain/account';
import { addDays, brusselsStartOfDay, endOfYear } from '../../domain/calendar';
import { type ReviewStage, reviewStageOn } from '../../domain/notices/campaign';
import { noticeKey } from '../../domain/notices/keys';
import { reviewFinalMessage, reviewMessage } from '../../domain/notices/notice-mails';
import {
  type ReviewDecisionRecord,
  reviewStateOf,
  undecidedAtDeadline,
  undecidedChoice,
} from '../../domain/notices/review';
import { type LinkClaims, signLink } from '../../domain/notices/token';
import type { ReviewProgress } from '../../domain/ports';
import { DECISION_LINK_KEY_SECRET } from '../context';
import { applyReviewChoice, type ReviewChoiceResult } from '../review/review-decisions';
import { CLAIM_CONCURRENCY, deliverNotices, type ScheduledNotice } from './delivery';
import { type DeliveryOutcome, type JobOutcome, NO_DELIVERY, type NoticeRunScope } from './notice-job';
import { reachableNotices } from './reachable';
import { decisionUrl, helpdeskLanguage, institutionOf } from './recipients';

interface ReviewNotice extends ScheduledNotice {
  kind: 'review' | 'review-reminder';
  campaign: number;
  renewUrl: string;
  notRenewUrl: string;
}

interface ReviewFinalNotice extends ScheduledNotice {
  kind: 'review-final';
  campaign: number;
  decision: ReviewDecisionRecord['decision'];
  byPolicy: boolean;
}

/** The accounts of one campaign and what is known of them, read once per run. */
interface CampaignView {
  campaign: number;
  accounts: Account[];
  /** Decisions of these accounts (all of the campaign's on a full read). */
  records: Map<string, ReviewDecisionRecord>;
  /** Accounts already asked at this run's stage. */
  asked: Set<string>;
  /** True when only the accounts changed since the stage was last handled were read. */
  changesOnly: boolean;
}

/** Writes shortly before a read may not show in the index yet: the next run looks back this far. */
const INDEX_LAG_MS = 60_000;

/**
 * The yearly review of the accounts ending 31 December: on the start and reminder days the
 * managers get one-click links for each undecided account; on 31 December the undecided rule
 * is applied and the helpdesk gets the final list.
 *
 * Reads grow with what changed: the first run of a stage reads the whole campaign; once a stage
 * was handled completely, later runs read only the accounts written since (new or changed ones),
 * and a completed final stage reads nothing more.
 */
export async function yearlyReview(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today, mode } = scope;
  const stage = reviewStageOn(today, ctx.config.notices.yearlyReview);
  const details = { stage: stage ? `${stage.campaign}:${stage.stage}` : null };
  if (!stage) return { itemsRead: 0, deliveries: [], details };
  const { campaign } = stage;
  // The clock account writes are stamped with (simulations run ahead of the wall clock).
  const readAt = new Date(Math.max(scope.now.getTime(), Date.now()) - INDEX_LAG_MS);
  // The campaign's progress mark is bookkeeping, like every job's last-run mark: not counted as items read.
  const marks: { progress: ReviewProgress } = mode.dryRun
    ? { progress: {} }
    : await ctx.reviews.progress(campaign);
  const handledThrough = marks.progress[stage.stage];
  if (stage.stage === 'final' && handledThrough) return { itemsRead: 0, deliveries: [], details };
  const { view, itemsRead } = handledThrough
    ? await readChanges(scope, campaign, stage.stage, new Date(handledThrough))
    : await readCampaign(scope, campaign, stage.stage);
  const review =
    stage.stage === 'final' ? await reviewFinal(scope, view) : await reviewAsk(scope, stage.stage, view);
  const { delivery } = review;
  // The mark moves when there was something to handle (a quiet day leaves it: the next window is still small).
  const handledAll = review.complete && delivery.inFlight === 0 && delivery.failures.length === 0;
  if (!mode.dryRun && handledAll && (!view.changesOnly || view.accounts.length > 0))
    await ctx.reviews.markStageHandled(campaign, stage.stage, readAt.toISOString());
  return { itemsRead: itemsRead + review.itemsRead, deliveries: [delivery], details };
}

/** The whole campaign: every account ending on its 31 December, every decision, who was asked at this stage. */
async function readCampaign(scope: NoticeRunScope, campaign: number, stage: ReviewStage) {
  const { ctx } = scope;
  const deadline = endOfYear(campaign);
  const [page, decisions, asked] = await Promise.all([
    ctx.accounts.listEndingBetween(deadline, deadline),
    ctx.reviews.decisions(campaign),
    ctx.reviews.asked(campaign, stage),
  ]);
  const view: CampaignView = {
    campaign,
    accounts: page.items,
    records: new Map(decisions.items.map((r) => [r.accountId, r])),
    asked: asked.accountIds,
    changesOnly: false,
  };
  return { view, itemsRead: page.itemsRead + decisions.itemsRead + asked.itemsRead };
}

/** Only the campaign's accounts written since the stage was last handled, with their decisions. */
async function readChanges(scope: NoticeRunScope, campaign: number, stage: ReviewStage, since: Date) {
  const { ctx } = scope;
  const page = await ctx.accounts.listEndingOnChangedSince(endOfYear(campaign), since);
  const entries = page.items.length
    ? await ctx.reviews.entriesOf(
        campaign,
        stage,
        page.items.map((a) => a.id),
      )
    : { decisions: [], asked: new Set<string>(), itemsRead: 0 };
  const view: CampaignView = {
    campaign,
    accounts: page.items,
    records: new Map(entries.decisions.map((r) => [r.accountId, r])),
    asked: entries.asked,
    changesOnly: true,
  };
  return { view, itemsRead: page.itemsRead + entries.itemsRead };
}

/** What one stage's run did: its delivery, any extra reads, and whether everything it saw is handled. */
interface StageRun {
  delivery: DeliveryOutcome;
  itemsRead: number;
  complete: boolean;
}

/** Remembers the accounts whose notice of this stage went out to everyone, so later days skip them cheaply. */
async function rememberAsked(
  scope: NoticeRunScope,
  campaign: number,
  stage: string,
  notices: ScheduledNotice[],
  handled: Set<string>,
) {
  if (scope.mode.dryRun) return;
  const entries = notices.filter((n) => handled.has(n.key)).map((n) => ({ stage, accountId: n.account.id }));
  if (entries.length) await scope.ctx.reviews.markAsked(campaign, entries);
}

async function reviewAsk(
  scope: NoticeRunScope,
  stage: Exclude<ReviewStage, 'final'>,
  { campaign, accounts, records, asked }: CampaignView,
): Promise<StageRun> {
  const { ctx } = scope;
  const undecided = accounts.filter(
    (a) => reviewStateOf(a, campaign, records.get(a.id)) === 'undecided' && !asked.has(a.id),
  );
  if (!undecided.length) return { delivery: NO_DELIVERY, itemsRead: 0, complete: true };
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  // Links work until the start of 31 December in Brussels: the final stage runs that morning.
  const expiresAt = Math.floor(brusselsStartOfDay(endOfYear(campaign)).getTime() / 1000);
  const link = async (claims: LinkClaims) => decisionUrl(ctx.config, await signLink(claims, key));
  const kind = stage === 'start' ? ('review' as const) : ('review-reminder' as const);
  const notices: ReviewNotice[] = (
    await pMap(undecided, async (account) => ({
      key: noticeKey(kind, account.id, account.endDate!, stage),
      kind,
      group: account.institution,
      to: institutionOf(ctx.config, account.institution).managers,
      cc: [],
      account,
      campaign,
      renewUrl: await link({
        purpose: 'review',
        accountId: account.id,
        campaign,
        decision: 'renew',
        expiresAt,
      }),
      notRenewUrl: await link({
        purpose: 'review',
        accountId: account.id,
        campaign,
        decision: 'not-renew',
        expiresAt,
      }),
    }))
  ).filter((n) => n.to.length);
  // Managers whose address bounces for good or complained are left out when planning (issue 31).
  const planned = await reachableNotices(ctx, notices);
  const delivery = await deliverNotices(scope, planned, (digest) => {
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
  await rememberAsked(scope, campaign, stage, planned, delivery.handled);
  return { delivery, itemsRead: 0, complete: planned.every((n) => delivery.handled.has(n.key)) };
}

/** 31 December: the undecided rule for every account nobody decided on, then the helpdesk's final list. */
async function reviewFinal(
  scope: NoticeRunScope,
  { campaign, accounts, records, asked, changesOnly }: CampaignView,
): Promise<StageRun> {
  const { ctx, mode } = scope;
  const policy = undecidedChoice(ctx.config.notices.yearlyReview.undecided);
  const deadline = endOfYear(campaign);
  const candidates = undecidedAtDeadline(accounts, campaign, records);
  const unlisted = [...records.keys()].filter((id) => !asked.has(id));
  // Catch-up days after 31 December: nothing left to decide or list, nothing to read.
  if (!candidates.length && !unlisted.length) return { delivery: NO_DELIVERY, itemsRead: 0, complete: true };
  const byPolicy = new Set<string>();
  const finalAccounts = new Map<string, Account>();
  const latest = new Map(records);
  const applied = await pMap(
    candidates,
    async (account) => {
      if (mode.dryRun) {
        latest.set(account.id, {
          campaign,
          accountId: account.id,
          institution: account.institution,
          decision: policy,
          decidedAt: scope.now.toISOString(),
          actor: 'scheduler',
          via: 'undecided-policy',
        });
        byPolicy.add(account.id);
        finalAccounts.set(account.id, account);
        return true;
      }
      return applyPolicy(scope, campaign, policy, account, records.get(account.id), (result) => {
        byPolicy.add(account.id);
        if (result.outcome === 'decided') latest.set(account.id, result.record);
        if (result.account) finalAccounts.set(account.id, result.account);
      });
    },
    { concurrency: CLAIM_CONCURRENCY },
  );
  let itemsRead = 0;
  for (const record of latest.values()) {
    if (record.actor === 'scheduler') byPolicy.add(record.accountId);
    if (asked.has(record.accountId) || finalAccounts.has(record.accountId)) continue;
    const fromPage = accounts.find((a) => a.id === record.accountId);
    // Renewed accounts left the 31 December list: read them one by one (few).
    const account = fromPage ?? (await ctx.accounts.get(record.accountId));
    if (!fromPage && account) itemsRead++;
    if (account) finalAccounts.set(record.accountId, account);
  }
  const notices: ReviewFinalNotice[] = [];
  for (const [id, account] of finalAccounts) {
    const record = latest.get(id);
    if (!record || account.status === 'closed' || asked.has(id)) continue;
    notices.push({
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
  const delivery = await deliverNotices(scope, notices, (digest) =>
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
  await rememberAsked(scope, campaign, 'final', notices, delivery.handled);
  return {
    delivery,
    itemsRead,
    // A full read that applied the rule to every account and listed everyone ends the campaign.
    complete: !changesOnly && applied.every(Boolean) && notices.every((n) => delivery.handled.has(n.key)),
  };
}

/**
 * The undecided rule for one account, once: the decision and its account change are one
 * conditional transaction, so of two overlapping runs only one records it. Returns false when
 * another run recorded a decision first (this run then does not mark the stage).
 */
async function applyPolicy(
  scope: NoticeRunScope,
  campaign: number,
  policy: 'renew' | 'not-renew',
  account: Account,
  record: ReviewDecisionRecord | undefined,
  onApplied: (result: ReviewChoiceResult) => void,
): Promise<boolean> {
  const { ctx } = scope;
  const choice = {
    accountId: account.id,
    campaign,
    decision: policy,
    now: scope.now,
    actor: 'scheduler',
    via: 'undecided-policy',
    reason: `yearly review ${campaign}: no decision by the deadline, default rule "${ctx.config.notices.yearlyReview.undecided}"`,
    reviveExpired: true,
    once: true,
  };
  // The account as the campaign read found it; a stale copy conflicts and is read again.
  let result = await applyReviewChoice(ctx, { ...choice, known: { account, record } });
  if (result.outcome === 'conflict') result = await applyReviewChoice(ctx, choice);
  // Decided meanwhile by someone else (a manager's late click, another run): theirs stands.
  if (result.outcome !== 'decided') return false;
  onApplied(result);
  return true;
}
