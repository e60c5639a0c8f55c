import type { Account, AccountStatus, AccountType, EmployeeType } from './account';
import { addMonths, type CalendarDate, compareDates, dateParts, daysBetween, endOfYear } from './calendar';
import { readTaskAreas } from './task-areas';

/**
 * The account rules of the helpdesk guide (docs/design.md "The rules"). Pure: every
 * function takes "today" (a Brussels calendar date) instead of reading a clock.
 */

/** Fixed-term missions: account ends one month after the mission (seed: "1 mois après la fin de la mission"). */
export const FIXED_TERM: ReadonlySet<EmployeeType> = new Set(['temporary', 'student', 'intern']);

/** Anyone who is not permanent needs a permanent employee who supports them. */
export function needsSupervisor(employeeType: EmployeeType): boolean {
  return employeeType !== 'permanent';
}

/** Fixed-term staff must give their (planned) mission end; volunteers may. */
export function needsMissionEnd(employeeType: EmployeeType): boolean {
  return FIXED_TERM.has(employeeType);
}

export type EndDateProblem =
  | 'missionEndDate-required'
  /** The end given (a mission's, or an account's own) is before today. */
  | 'missionEndDate-past'
  /** A permanent employee's or a shared account has no end: an end given for one is a mistake to correct. */
  | 'endDate-not-allowed';

export type EndDateResult =
  | { ok: true; endDate: CalendarDate | null }
  | { ok: false; problem: EndDateProblem };

/**
 * End date of a new account.
 * - permanent → none; shared accounts → none (their password rotates yearly instead); an end
 *   given for either is refused, not dropped: the type or the date is wrong
 * - temporary / student / intern → mission end + 1 month (month-end clamped)
 * - volunteer without end → 31 December of the current year
 * - volunteer with an end (our choice, not in the seed) → mission end + 1 month
 * A mission end before today is a field to correct, never a guess. `endDate` is the account's
 * own end where a request states it instead of the mission's (an import, an export read back).
 */
export function accountEndDate(input: {
  accountType: AccountType;
  employeeType: EmployeeType;
  missionEndDate: CalendarDate | null;
  endDate?: CalendarDate | null;
  today: CalendarDate;
}): EndDateResult {
  const { accountType, employeeType, missionEndDate, endDate = null, today } = input;
  const stated = missionEndDate ?? endDate;
  if (stated && compareDates(stated, today) < 0) return { ok: false, problem: 'missionEndDate-past' };
  if (accountType === 'shared' || employeeType === 'permanent')
    return stated ? { ok: false, problem: 'endDate-not-allowed' } : { ok: true, endDate: null };
  if (missionEndDate) return { ok: true, endDate: addMonths(missionEndDate, 1) };
  if (endDate) return { ok: true, endDate };
  if (employeeType === 'volunteer') return { ok: true, endDate: endOfYear(dateParts(today).year) };
  return { ok: false, problem: 'missionEndDate-required' };
}

/** A date further ahead than the horizon is a typing mistake or an HR system's "no end" (31/12/9999). */
export function beyondHorizon(date: CalendarDate, today: CalendarDate, horizonYears: number): boolean {
  return compareDates(date, addMonths(today, horizonYears * 12)) > 0;
}

/** An institution as the supervisor rule sees it: who manages it, which mail domains are its own. */
export interface SupervisorInstitution {
  managers: readonly string[];
  senderDomains: readonly string[];
}

/** What the supervisor rule decides on, loaded before it runs. */
export interface SupervisorFacts {
  institution: SupervisorInstitution;
  /** The authenticated sender of the request (a mail); an import has none. */
  sender?: string;
  /** The supervisor's accounts in the institution (the store's, and an import file's own rows). */
  supervisorAccounts: readonly Pick<Account, 'status' | 'employeeType'>[];
}

/** Why an address cannot be a supervisor: the same reason for every way in (mail, CSV). */
export type SupervisorProblem = 'not-a-supervisor';

type Supervised = Pick<Account, 'accountType' | 'employeeType' | 'email' | 'supervisorEmail'>;

/**
 * The supervisor of a non-permanent employee's personal account: an address of the same
 * institution (a manager, the sender, or of one of its sender domains), not the employee. Its
 * mails (expiry notices, reviews) go there, so an outside address would learn about the staff.
 * Decided from the request alone; `supervisorStandingProblem` adds what the store knows.
 */
export function supervisorAddressProblem(
  account: Supervised,
  institution: SupervisorInstitution,
  sender?: string,
): SupervisorProblem | undefined {
  const supervisor = account.supervisorEmail?.toLowerCase();
  if (!supervisor || account.accountType !== 'personal' || !needsSupervisor(account.employeeType))
    return undefined;
  if (supervisor === account.email.toLowerCase()) return 'not-a-supervisor';
  const domain = supervisor.slice(supervisor.lastIndexOf('@') + 1);
  const ofInstitution =
    supervisor === sender?.toLowerCase() ||
    institution.managers.some((m) => m.toLowerCase() === supervisor) ||
    institution.senderDomains.some((d) => d.toLowerCase() === domain);
  return ofInstitution ? undefined : 'not-a-supervisor';
}

/** A supervisor must be permanent staff: one with an open non-permanent account is not. */
export function supervisorStandingProblem(
  supervisorAccounts: SupervisorFacts['supervisorAccounts'],
): SupervisorProblem | undefined {
  return supervisorAccounts.some((a) => a.status !== 'closed' && a.employeeType !== 'permanent')
    ? 'not-a-supervisor'
    : undefined;
}

/** The supervisor whose accounts the rule needs (none when it decides without them). */
export function supervisorToLookUp(
  account: Supervised,
  institution: SupervisorInstitution,
  sender?: string,
): string | undefined {
  if (
    !account.supervisorEmail ||
    account.accountType !== 'personal' ||
    !needsSupervisor(account.employeeType)
  )
    return undefined;
  return supervisorAddressProblem(account, institution, sender) ? undefined : account.supervisorEmail;
}

/** The whole supervisor rule, from facts loaded first (no store call while deciding). */
export function supervisorProblem(
  account: Supervised,
  facts: SupervisorFacts,
): SupervisorProblem | undefined {
  if (
    !account.supervisorEmail ||
    account.accountType !== 'personal' ||
    !needsSupervisor(account.employeeType)
  )
    return undefined;
  return (
    supervisorAddressProblem(account, facts.institution, facts.sender) ??
    supervisorStandingProblem(facts.supervisorAccounts)
  );
}

/** Renewal with a new end of employment: the account ends one month later. */
export function renewedEndDate(newEmploymentEnd: CalendarDate, today: CalendarDate): EndDateResult {
  if (compareDates(newEmploymentEnd, today) < 0) return { ok: false, problem: 'missionEndDate-past' };
  return { ok: true, endDate: addMonths(newEmploymentEnd, 1) };
}

/** Year-end review renewal: one more year, to 31 December of the following year. */
export function yearEndRenewalDate(currentEndDate: CalendarDate): CalendarDate {
  return endOfYear(dateParts(currentEndDate).year + 1);
}

/** Closure: the date from which the account may be deactivated; never before today. */
export function closureDate(requested: CalendarDate | null, today: CalendarDate): CalendarDate {
  if (!requested || compareDates(requested, today) < 0) return today;
  return requested;
}

/** Alma permission areas that tasks may need. */
export type PermissionArea = 'acquisitions' | 'cataloguing' | 'fulfillment' | 'inventory';

/** Which permission areas a task description asks for (negations, "only …" and near-misses understood). */
export function permissionAreas(tasks: string): Set<PermissionArea> {
  return readTaskAreas(tasks).areas;
}

/** Only personal accounts may hold acquisition or resource-management (cataloguing) permissions. */
export const SHARED_ALLOWED: ReadonlySet<PermissionArea> = new Set(['fulfillment', 'inventory']);

export function forbiddenForShared(tasks: string): PermissionArea[] {
  return [...permissionAreas(tasks)].filter((area) => !SHARED_ALLOWED.has(area));
}

/** Acquisition or cataloguing tasks → the basic training course is strongly recommended. */
export function trainingRecommended(tasks: string): boolean {
  const areas = permissionAreas(tasks);
  return areas.has('acquisitions') || areas.has('cataloguing');
}

/** Status as people see it today: `expiring` within the window before the end date. */
export function accountStatusOn(
  account: Pick<Account, 'status' | 'endDate'>,
  today: CalendarDate,
  expiringWindowDays = 30,
): AccountStatus {
  if (account.status !== 'active') return account.status;
  if (!account.endDate) return 'active';
  if (isExpiredOn(account, today)) return 'expired';
  return daysBetween(today, account.endDate) <= expiringWindowDays ? 'expiring' : 'active';
}

/** An account becomes expired on the day after its end date. */
export function isExpiredOn(account: Pick<Account, 'endDate'>, today: CalendarDate): boolean {
  return account.endDate !== null && compareDates(account.endDate, today) < 0;
}
