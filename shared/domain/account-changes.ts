import type { Account, AccountEvent, AlmaCallSummary } from './account';
import { brusselsDate, type CalendarDate, compareDates } from './calendar';
import { newAccountId } from './ids';
import {
  accountEndDate,
  type EndDateProblem,
  forbiddenForShared,
  type PermissionArea,
  renewedEndDate,
  trainingRecommended,
  yearEndRenewalDate,
} from './rules';

/*
 * The account changes every channel makes (a mail, a CSV row, a CLI call, a decision page), as
 * pure functions: the use cases in shared/app read, call these, then write what they return.
 */

/** The facts a new account is made from (a mail, a CSV row, a CLI call). */
export type NewAccountInput = Pick<
  Account,
  | 'institution'
  | 'accountType'
  | 'employeeType'
  | 'fullName'
  | 'email'
  | 'supervisorEmail'
  | 'tasks'
  | 'missionEndDate'
> &
  Partial<Pick<Account, 'givenName' | 'familyName'>> & {
    /** The account's own end where the request states it instead of the mission's (an import). */
    endDate?: CalendarDate | null;
  };

export type NewAccountDecision =
  | { ok: true; account: Account }
  | { ok: false; problem: EndDateProblem }
  | { ok: false; problem: 'shared-forbidden-permissions'; areas: PermissionArea[] };

/** Applies the rules to a request for a new account (pure: no store access). */
export function decideNewAccount(input: NewAccountInput, now: Date): NewAccountDecision {
  const today = brusselsDate(now);
  if (input.accountType === 'shared') {
    const areas = forbiddenForShared(input.tasks);
    if (areas.length) return { ok: false, problem: 'shared-forbidden-permissions', areas };
  }
  const end = accountEndDate({ ...input, today });
  if (!end.ok) return end;
  const at = now.toISOString();
  return {
    ok: true,
    account: {
      id: newAccountId(now.getTime()),
      ...input,
      email: input.email.toLowerCase(),
      supervisorEmail: input.supervisorEmail?.toLowerCase() ?? null,
      endDate: end.endDate,
      deactivationDate: null,
      status: 'active',
      trainingRecommended: input.accountType === 'personal' && trainingRecommended(input.tasks),
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
  };
}

export interface ActionSource {
  actor: string;
  reason: string;
  messageId?: string;
  reference?: string;
  /** An Alma sync's calls and answer, recorded with the event. */
  alma?: AlmaCallSummary;
}

export function eventFor(
  account: Account,
  action: AccountEvent['action'],
  source: ActionSource,
  now: Date,
  before?: Account,
) {
  const changes: NonNullable<AccountEvent['changes']> = {};
  if (before) {
    for (const key of ['endDate', 'deactivationDate', 'status', 'missionEndDate'] as const) {
      if (before[key] !== account[key]) changes[key] = { from: before[key], to: account[key] };
    }
  }
  return {
    accountId: account.id,
    at: now.toISOString(),
    action,
    ...source,
    ...(Object.keys(changes).length ? { changes } : {}),
  } satisfies AccountEvent;
}

/** Renewal with a new end of employment (+1 month), or the year-end renewal (+1 year to 31 Dec). */
export function renewed(
  account: Account,
  renewal: { newEmploymentEnd: CalendarDate } | { yearEnd: true },
  now: Date,
): { ok: true; account: Account } | { ok: false; problem: EndDateProblem | 'closed' } {
  if (account.status === 'closed') return { ok: false, problem: 'closed' };
  let endDate: CalendarDate;
  if ('yearEnd' in renewal) {
    endDate = yearEndRenewalDate(account.endDate ?? brusselsDate(now));
  } else {
    const result = renewedEndDate(renewal.newEmploymentEnd, brusselsDate(now));
    if (!result.ok) return result;
    endDate = result.endDate!;
  }
  return {
    ok: true,
    account: {
      ...account,
      endDate,
      missionEndDate: 'yearEnd' in renewal ? account.missionEndDate : renewal.newEmploymentEnd,
      status: 'active',
      deactivationDate: null,
    },
  };
}

/** A closure from a date: in the future → recorded as the deactivation date; today or past → closed now. */
export function closed(account: Account, from: CalendarDate | null, now: Date): Account {
  const today = brusselsDate(now);
  if (from && compareDates(from, today) > 0) return { ...account, deactivationDate: from };
  return { ...account, status: 'closed', deactivationDate: account.deactivationDate ?? today };
}
