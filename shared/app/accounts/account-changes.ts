import type { Account, AccountEvent, AlmaCallSummary } from '../../domain/account';
import { brusselsDate, type CalendarDate, compareDates } from '../../domain/calendar';
import { newAccountId } from '../../domain/ids';
import {
  accountEndDate,
  type EndDateProblem,
  forbiddenForShared,
  type PermissionArea,
  renewedEndDate,
  trainingRecommended,
  yearEndRenewalDate,
} from '../../domain/rules';
import { ConcurrentUpdateError, NotFoundError } from '../../errors';
import type { AppContext } from '../context';

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

/**
 * Writes `changed` as the version after `current` (with its history event); nothing when the
 * change is undefined. ConcurrentUpdateError when `current` is no longer the stored version.
 */
export async function applyAccountChange(
  ctx: Pick<AppContext, 'accounts'>,
  current: Account,
  changed: Account | undefined,
  action: AccountEvent['action'],
  source: ActionSource,
  now: Date,
): Promise<Account> {
  if (!changed) return current;
  const next: Account = { ...changed, updatedAt: now.toISOString(), version: current.version + 1 };
  await ctx.accounts.update(next, eventFor(next, action, source, now, current));
  return next;
}

/**
 * Read-modify-write with the optimistic version: read strongly consistent, change, write; on a
 * concurrent change, read again and re-apply (the change functions are pure), at most 3 times.
 */
export async function changeAccount(
  ctx: Pick<AppContext, 'accounts'>,
  id: string,
  change: (current: Account) => Account | undefined,
  action: AccountEvent['action'],
  source: ActionSource,
  now: Date,
): Promise<Account> {
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.accounts.get(id);
    if (!current) throw new NotFoundError(`no account ${id}`);
    try {
      return await applyAccountChange(ctx, current, change(current), action, source, now);
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 3) throw error;
    }
  }
}

export async function createAccount(
  ctx: Pick<AppContext, 'accounts'>,
  account: Account,
  source: ActionSource,
  now: Date,
  action: 'created' | 'imported' = 'created',
): Promise<Account> {
  await ctx.accounts.create(account, eventFor(account, action, source, now));
  return account;
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

/** Finds one account by id or e-mail (optionally within an institution); NotFoundError otherwise. */
export async function findAccount(
  ctx: Pick<AppContext, 'accounts'>,
  idOrEmail: string,
  institution?: string,
): Promise<Account> {
  if (idOrEmail.startsWith('ACC-')) {
    const account = await ctx.accounts.get(idOrEmail);
    if (account && (!institution || account.institution === institution)) return account;
    throw new NotFoundError(`no account ${idOrEmail}`);
  }
  const matches = await ctx.accounts.findByEmail(idOrEmail, institution);
  const open = matches.filter((a) => a.status !== 'closed');
  const pick = open[0] ?? matches[0];
  if (!pick) throw new NotFoundError(`no account for ${idOrEmail}${institution ? ` in ${institution}` : ''}`);
  if (open.length > 1) {
    throw new NotFoundError(
      `${idOrEmail} has open accounts in ${open.map((a) => a.institution).join(', ')}: give the id`,
    );
  }
  return pick;
}
