import type { Institution } from '../config/schema';
import type { Account, AccountEvent } from './account';
import { type ActionSource, closed, decideNewAccount, eventFor, renewed } from './account-changes';
import { compareDates } from './calendar';
import {
  type FieldName,
  type FieldProblem,
  type MissingItem,
  missingFields,
  type RejectionReason,
  type RequestReading,
} from './mail';
import type { AccountEffect } from './requests';
import { supervisorProblem, supervisorToLookUp } from './rules';

/*
 * What a request mail leads to, decided from facts read before: the use case
 * (shared/app/inbound/request-plan.ts) asks `requestLookups` what to read, reads it, then calls
 * `decideRequest`, which touches no store. The answers are worded from the decision afterwards.
 */

/** "Confirmer : oui", "Bevestigen: ja", "Confirm: yes": a shortened renewal is applied only so. */
const CONFIRMED = /^\s*(?:confirmer|confirmez|bevestigen|bevestig|confirm)\s*[:-]\s*(?:oui|ja|yes)\b/im;

/** Whether the mail's own text confirms a renewal that shortens the account (first 20,000 characters). */
export function confirmsShortening(text: string): boolean {
  return CONFIRMED.test(text.slice(0, 20_000));
}

/** The request as read, with who sent it and for which institution. */
export interface RequestInput {
  reading: RequestReading;
  institution: Institution;
  /** The authenticated From address. */
  sender: string;
  /** The account a pending request this mail completes was about (a renewal or closure). */
  previousAccountId?: string;
}

/** What the decision needs from the store: nothing when fields are missing. */
export interface RequestLookups {
  /** A new account's address: its accounts in the institution (one open → already exists). */
  accountsAt?: string;
  /** A new account's supervisor: their accounts in the institution (the supervisor rule). */
  supervisorAccountsAt?: string;
  /** A renewal or closure: the account, by id (a completed request) or by address. */
  target?: { id: string } | { email: string };
}

export function requestLookups({
  reading,
  institution,
  sender,
  previousAccountId,
}: RequestInput): RequestLookups {
  const kind = reading.kind;
  if (missingFields(kind, reading).length) return {};
  const f = reading.fields;
  if (kind === 'new-personal' || kind === 'new-shared') {
    const supervisor = supervisorToLookUp(
      {
        accountType: kind === 'new-shared' ? 'shared' : 'personal',
        employeeType: f.employeeType ?? 'permanent',
        email: f.email!,
        supervisorEmail: f.supervisorEmail ?? null,
      },
      institution,
      sender,
    );
    return { accountsAt: f.email!, ...(supervisor ? { supervisorAccountsAt: supervisor } : {}) };
  }
  return { target: previousAccountId ? { id: previousAccountId } : { email: f.email ?? '' } };
}

/** What the store held for the lookups (each list within the request's institution). */
export interface RequestFacts extends RequestInput {
  now: Date;
  /** Who and what the history records (actor, reason, message id, reference). */
  source: ActionSource;
  accountsAtAddress: readonly Account[];
  supervisorAccounts: readonly Account[];
  target?: Account | undefined;
  /** The mail says "Confirm: yes" (a renewal that shortens the account). */
  shorteningConfirmed: boolean;
}

type Invalid = Partial<Record<FieldName, FieldProblem>>;

export type RequestDecision =
  | { outcome: 'needs-info'; missing: MissingItem[]; invalid: Invalid }
  | { outcome: 'rejected'; reason: RejectionReason }
  | { outcome: 'accepted'; account: Account; effect: AccountEffect };

/** The account rules applied to one request (docs/design.md "The rules"): ask, refuse, or change. */
export function decideRequest(facts: RequestFacts): RequestDecision {
  const { reading, institution, sender, now, source } = facts;
  const kind = reading.kind;
  const needsInfo = (missing: MissingItem[], invalid: Invalid = reading.invalid): RequestDecision => ({
    outcome: 'needs-info',
    missing,
    invalid,
  });
  const missing = missingFields(kind, reading);
  if (missing.length) return needsInfo(missing);
  const f = reading.fields;

  if (kind === 'new-personal' || kind === 'new-shared') {
    const decision = decideNewAccount(
      {
        institution: institution.code,
        accountType: kind === 'new-shared' ? 'shared' : 'personal',
        employeeType: f.employeeType ?? 'permanent',
        fullName: f.fullName!,
        // The given/family split the wording gave, for the full name this mail gave.
        ...(reading.names && kind === 'new-personal' ? reading.names : {}),
        email: f.email!,
        supervisorEmail: f.supervisorEmail ?? null,
        tasks: f.tasks!,
        missionEndDate: f.missionEndDate ?? null,
      },
      now,
    );
    if (!decision.ok) {
      if (decision.problem === 'shared-forbidden-permissions')
        return { outcome: 'rejected', reason: 'shared-forbidden-permissions' };
      if (decision.problem === 'endDate-not-allowed')
        return needsInfo(['missionEndDate'], { ...reading.invalid, missionEndDate: 'no-end-for-permanent' });
      return needsInfo(['missionEndDate']);
    }
    const account = decision.account;
    const problem = supervisorProblem(account, {
      institution,
      sender,
      supervisorAccounts: facts.supervisorAccounts,
    });
    if (problem) return needsInfo(['supervisorEmail'], { ...reading.invalid, supervisorEmail: problem });
    if (facts.accountsAtAddress.some((a) => a.status !== 'closed'))
      return { outcome: 'rejected', reason: 'already-exists' };
    return {
      outcome: 'accepted',
      account,
      effect: { kind: 'create', account, event: eventFor(account, 'created', source, now) },
    };
  }

  const target = facts.target;
  // Whether the address has an account in another institution is none of this sender's business.
  if (!target || target.institution !== institution.code || target.status === 'closed')
    return needsInfo(['account']);
  let changed: Account;
  let action: AccountEvent['action'];
  if (kind === 'renewal') {
    const result = renewed(target, { newEmploymentEnd: f.newEndDate! }, now);
    if (!result.ok) return needsInfo(['newEndDate']);
    const shortens =
      target.endDate !== null &&
      result.account.endDate !== null &&
      compareDates(result.account.endDate, target.endDate) < 0;
    if (shortens && !facts.shorteningConfirmed)
      return needsInfo(['newEndDate'], { ...reading.invalid, newEndDate: 'shortens' });
    changed = result.account;
    action = 'renewed';
  } else {
    changed = closed(target, f.deactivationDate!, now);
    action = changed.status === 'closed' ? 'closed' : 'closure-requested';
  }
  const account = { ...changed, updatedAt: now.toISOString(), version: target.version + 1 };
  return {
    outcome: 'accepted',
    account,
    effect: { kind: 'update', next: account, event: eventFor(account, action, source, now, target) },
  };
}
