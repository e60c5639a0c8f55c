import type { Account } from '../../domain/account';
import { addDays, brusselsStartOfDay, endOfYear } from '../../domain/calendar';
import { type ReviewStage, reviewStageOn } from '../../domain/notices/campaign';
import { askedKey, noticeKey } from '../../domain/notices/keys';
import { reviewFinalMessage, reviewMessage } from '../../domain/notices/messages';
import { type ReviewDecisionRecord, reviewStateOf } from '../../domain/notices/review';
import { type LinkClaims, signLink } from '../../domain/notices/token';
import { completeSentClaims } from '../claimed-sends';
import { DECISION_LINK_KEY_SECRET } from '../context';
import { applyReviewChoice } from '../review/review-decisions';
import { CLAIM_TTL_DAYS, deliverNotices, type ScheduledNotice } from './delivery';
import { type DeliveryOutcome, type JobOutcome, NO_DELIVERY, type NoticeRunScope } from './notice-job';
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
  records: Map<string, ReviewDecisionRecord>;
  asked: Set<string>;
}

/**
 * The yearly review of the accounts ending 31 December: on the start and reminder days the
 * managers get one-click links for each undecided account; on 31 December the undecided rule
 * is applied and the helpdesk gets the final list.
 */
export async function yearlyReview(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today } = scope;
  const stage = reviewStageOn(today, ctx.config.notices.yearlyReview);
  const details = { stage: stage ? `${stage.campaign}:${stage.stage}` : null };
  if (!stage) return { itemsRead: 0, deliveries: [], details };
  const { campaign } = stage;
  const deadline = endOfYear(campaign);
  const [page, state] = await Promise.all([
    ctx.accounts.listEndingBetween(deadline, deadline),
    ctx.reviews.campaign(campaign),
  ]);
  const view: CampaignView = {
    campaign,
    accounts: page.items,
    records: new Map(state.decisions.map((r) => [r.accountId, r])),
    asked: state.asked,
  };
  const delivery =
    stage.stage === 'final' ? await reviewFinal(scope, view) : await reviewAsk(scope, stage.stage, view);
  return { itemsRead: page.itemsRead + state.itemsRead, deliveries: [delivery], details };
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
): Promise<DeliveryOutcome> {
  const { ctx } = scope;
  const undecided = accounts.filter(
    (a) => reviewStateOf(a, campaign, records.get(a.id)) === 'undecided' && !asked.has(askedKey(stage, a.id)),
  );
  if (!undecided.length) return NO_DELIVERY;
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  // Links work until the start of 31 December in Brussels: the final stage runs that morning.
  const expiresAt = Math.floor(brusselsStartOfDay(endOfYear(campaign)).getTime() / 1000);
  const link = (claims: LinkClaims) => decisionUrl(ctx.config, signLink(claims, key));
  const kind = stage === 'start' ? ('review' as const) : ('review-reminder' as const);
  const notices: ReviewNotice[] = undecided
    .map((account) => ({
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
    }))
    .filter((n) => n.to.length);
  const delivery = await deliverNotices(scope, notices, (digest) => {
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
  await rememberAsked(scope, campaign, stage, notices, delivery.handled);
  return delivery;
}

/** 31 December: the undecided rule for every account nobody decided on, then the helpdesk's final list. */
async function reviewFinal(
  scope: NoticeRunScope,
  { campaign, accounts, records, asked }: CampaignView,
): Promise<DeliveryOutcome> {
  const { ctx, mode } = scope;
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
  if (!candidates.length && !unlisted.length) return NO_DELIVERY;
  const byPolicy = new Set<string>();
  const finalAccounts = new Map<string, Account>();
  const dryRecords = new Map(records);
  for (const account of candidates) {
    if (mode.dryRun) {
      dryRecords.set(account.id, {
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
      continue;
    }
    // Claimed so that two overlapping runs never record the policy twice.
    const claimKey = noticeKey('review-final', account.id, deadline, 'policy');
    const token = await ctx.claims.claim(
      claimKey,
      { job: scope.job },
      { now: scope.now, ttlDays: CLAIM_TTL_DAYS },
    );
    if (!token) continue;
    let result: Awaited<ReturnType<typeof applyReviewChoice>>;
    try {
      result = await applyReviewChoice(ctx, {
        accountId: account.id,
        campaign,
        decision: policy,
        now: scope.now,
        actor: 'scheduler',
        via: 'undecided-policy',
        reason: `yearly review ${campaign}: no decision by the deadline, default rule "${ctx.config.notices.yearlyReview.undecided}"`,
        reviveExpired: true,
      });
    } catch (error) {
      await ctx.claims.release(claimKey, token);
      throw error;
    }
    // Applied: from here on the claim is only completed (applying again would be harmless but noisy).
    await completeSentClaims(ctx.claims, [{ key: claimKey, token }], { outcome: result.outcome });
    byPolicy.add(account.id);
    if (result.account) finalAccounts.set(account.id, result.account);
  }
  const latest = mode.dryRun ? [...dryRecords.values()] : (await ctx.reviews.list(campaign)).items;
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
  const notices: ReviewFinalNotice[] = [];
  for (const [id, account] of finalAccounts) {
    const record = recordOf.get(id);
    if (!record || account.status === 'closed' || asked.has(askedKey('final', id))) continue;
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
  return delivery;
}
