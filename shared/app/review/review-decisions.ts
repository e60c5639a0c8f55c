import type { Account } from '../../domain/account';
import type { CalendarDate } from '../../domain/calendar';
import {
  asInCampaign,
  decideReview,
  type ReviewDecisionRecord,
  type ReviewState,
} from '../../domain/notices/review';
import type { ReviewChoice } from '../../domain/notices/token';
import { ConcurrentUpdateError } from '../../errors';
import { moveAlmaExpiryAfter } from '../alma/provision';
import type { AppContext } from '../context';

/**
 * The effects of a decision: shared by the decision page (a manager's or the helpdesk's
 * confirmed POST) and the yearly-review job (the undecided policy on 31 December).
 */
export type ReviewChoiceResult =
  | { outcome: 'decided'; account: Account; state: ReviewState; record: ReviewDecisionRecord }
  | { outcome: 'unchanged'; account: Account; state: ReviewState }
  | { outcome: 'not-in-review'; account: Account | undefined }
  | { outcome: 'conflict'; account: Account };

export async function applyReviewChoice(
  ctx: AppContext,
  input: {
    accountId: string;
    campaign: number;
    decision: ReviewChoice;
    now: Date;
    actor: string;
    via: string;
    reason: string;
    /** On a late final stage the account may already be expired; the policy still applies to it. */
    reviveExpired?: boolean;
    /**
     * The account and its decision as the caller just read them (the final stage reads the whole
     * campaign at once); the version check on the write catches a stale copy.
     */
    known?: { account: Account; record: ReviewDecisionRecord | undefined };
    /**
     * The decision and its account change in one transaction, conditional on the decision read:
     * of two runs applying it at once, one records it and the other gets `conflict` (read again,
     * it finds the decision made). For the undecided rule, which several runs may apply.
     */
    once?: boolean;
  },
): Promise<ReviewChoiceResult> {
  const stored = input.known ? input.known.account : await ctx.accounts.get(input.accountId);
  if (!stored) return { outcome: 'not-in-review', account: undefined };
  const account = input.reviveExpired ? asInCampaign(stored) : stored;
  const record = input.known ? input.known.record : await ctx.reviews.get(input.campaign, input.accountId);
  const result = decideReview({
    account,
    campaign: input.campaign,
    record,
    decision: input.decision,
    at: input.now,
    actor: input.actor,
    via: input.via,
    reason: input.reason,
  });
  if (result.kind === 'refused') return { outcome: 'not-in-review', account: stored };
  if (result.kind === 'unchanged') return { outcome: 'unchanged', account: stored, state: result.state };
  // A "do not renew" on an expired account leaves it expired: only the history records it.
  const next = result.next ?? null;
  try {
    if (input.once) await ctx.reviews.decide(result.record, record, { next, event: result.event });
    else if (next) await ctx.accounts.update(next, result.event);
    else await ctx.accounts.appendHistory(result.event);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return { outcome: 'conflict', account: stored };
    throw error;
  }
  // The account change comes first: a lost record only makes a reminder list the account again.
  if (!input.once) await ctx.reviews.put(result.record);
  // Renewed one year: the Alma user's expiry moves too (a failure is recorded on the account and told).
  const renewedAccount =
    next && input.decision === 'renew'
      ? await moveAlmaExpiryAfter(ctx, next, 'a review renewal', {
          actor: input.actor,
          via: input.via,
          now: input.now,
          // The 31 December policy renews many at once: the final list says which are done in Alma.
          notify: input.actor !== 'scheduler',
        })
      : undefined;
  return {
    outcome: 'decided',
    account: renewedAccount ?? next ?? stored,
    state: input.decision === 'renew' ? 'renewed' : 'not-renewed',
    record: result.record,
  };
}

export type CloseResult =
  | { outcome: 'closed'; account: Account }
  | { outcome: 'already-closed'; account: Account }
  | { outcome: 'changed'; account: Account | undefined }
  | { outcome: 'conflict'; account: Account };

/** Whether the account is still the one the deactivation link was issued for (same end or deactivation date, still open). */
export function closeLinkStillApplies(account: Account, reasonDate: CalendarDate): boolean {
  return (
    account.status !== 'closed' && (account.endDate === reasonDate || account.deactivationDate === reasonDate)
  );
}

/** The helpdesk confirmed the deactivation in Alma: the account is closed. */
export async function closeFromLink(
  ctx: Pick<AppContext, 'accounts'>,
  input: { accountId: string; reasonDate: CalendarDate; now: Date; via: string },
): Promise<CloseResult> {
  const account = await ctx.accounts.get(input.accountId);
  if (!account) return { outcome: 'changed', account: undefined };
  if (account.status === 'closed') return { outcome: 'already-closed', account };
  if (!closeLinkStillApplies(account, input.reasonDate)) return { outcome: 'changed', account };
  const at = input.now.toISOString();
  const next: Account = { ...account, status: 'closed', updatedAt: at, version: account.version + 1 };
  try {
    await ctx.accounts.update(next, {
      accountId: account.id,
      at,
      actor: 'decision-link',
      action: 'closed',
      reason: 'deactivation in Alma confirmed by the helpdesk (deactivation list link)',
      reference: input.via,
      changes: { status: { from: account.status, to: 'closed' } },
    });
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) return { outcome: 'conflict', account };
    throw error;
  }
  return { outcome: 'closed', account: next };
}
