import type { Account, AccountEvent } from '../account';
import { type CalendarDate, endOfYear } from '../calendar';
import { yearEndRenewalDate } from '../rules';
import type { ReviewChoice } from './token';

/** A decision of the yearly review, as stored next to the account's history event. */
export interface ReviewDecisionRecord {
  campaign: number;
  accountId: string;
  institution: string;
  decision: ReviewChoice;
  decidedAt: string;
  /** `decision-link` or `scheduler` (the undecided policy on 31 December). */
  actor: string;
  /** Which link (its id) or `undecided-policy`. */
  via: string;
}

export type ReviewState = 'undecided' | 'renewed' | 'not-renewed' | 'not-in-review';

/** Accounts in a campaign: open, active, no closure requested, ending on its 31 December (or renewed by it). */
export function reviewStateOf(
  account: Account,
  campaign: number,
  record: ReviewDecisionRecord | undefined,
): ReviewState {
  if (account.status !== 'active' || account.deactivationDate !== null) return 'not-in-review';
  const deadline = endOfYear(campaign);
  if (account.endDate === deadline) return record?.decision === 'not-renew' ? 'not-renewed' : 'undecided';
  if (account.endDate === yearEndRenewalDate(deadline) && record?.decision === 'renew') return 'renewed';
  return 'not-in-review';
}

export type DecisionOutcome =
  | { kind: 'unchanged'; state: ReviewState }
  | { kind: 'refused'; state: 'not-in-review' }
  | {
      kind: 'decided';
      /** The new version of the account, or null when only the history records the decision. */
      next: Account | null;
      event: AccountEvent;
      record: ReviewDecisionRecord;
    };

/**
 * Applies a review choice. Renew moves the end to 31 December next year; "do not renew"
 * after a renewal by the same campaign moves it back (people may change their mind until
 * the deadline). Repeating the current choice changes nothing.
 */
export function decideReview(input: {
  account: Account;
  campaign: number;
  record: ReviewDecisionRecord | undefined;
  decision: ReviewChoice;
  at: Date;
  actor: string;
  via: string;
  reason: string;
}): DecisionOutcome {
  const { account, campaign, record, decision, at, actor, via } = input;
  const state = reviewStateOf(account, campaign, record);
  if (state === 'not-in-review') return { kind: 'refused', state };
  if ((state === 'renewed' && decision === 'renew') || (state === 'not-renewed' && decision === 'not-renew'))
    return { kind: 'unchanged', state };
  const deadline = endOfYear(campaign);
  const newEnd: CalendarDate | null =
    decision === 'renew' ? yearEndRenewalDate(deadline) : state === 'renewed' ? deadline : null;
  const iso = at.toISOString();
  const next = newEnd ? { ...account, endDate: newEnd, updatedAt: iso, version: account.version + 1 } : null;
  return {
    kind: 'decided',
    next,
    event: {
      accountId: account.id,
      at: iso,
      actor,
      action: 'review-decision',
      reason: input.reason,
      reference: via,
      ...(newEnd ? { changes: { endDate: { from: account.endDate, to: newEnd } } } : {}),
    },
    record: {
      campaign,
      accountId: account.id,
      institution: account.institution,
      decision,
      decidedAt: iso,
      actor,
      via,
    },
  };
}

/** The undecided rule's setting (`notices.yearlyReview.undecided`) as the choice it makes on 31 December. */
export function undecidedChoice(setting: 'expire' | 'renew'): ReviewChoice {
  // "expire": nobody renewed it, so it is not renewed — the account ends on its 31 December.
  return setting === 'renew' ? 'renew' : 'not-renew';
}

/**
 * The account as the campaign judges it: after 1 January the expiry job has marked an undecided
 * account expired, yet it still belongs to the campaign (the rule and the final list apply to it).
 */
export function asInCampaign(account: Account): Account {
  return account.status === 'expired' ? { ...account, status: 'active' } : account;
}

/** The campaign's accounts nobody decided on: the undecided rule applies to each on 31 December. */
export function undecidedAtDeadline(
  accounts: readonly Account[],
  campaign: number,
  records: ReadonlyMap<string, ReviewDecisionRecord>,
): Account[] {
  return accounts.filter((a) => reviewStateOf(asInCampaign(a), campaign, records.get(a.id)) === 'undecided');
}
