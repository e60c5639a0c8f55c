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

export type EndDateProblem = 'missionEndDate-required' | 'missionEndDate-past';

export type EndDateResult =
  | { ok: true; endDate: CalendarDate | null }
  | { ok: false; problem: EndDateProblem };

/**
 * End date of a new account.
 * - permanent → none; shared accounts → none (their password rotates yearly instead)
 * - temporary / student / intern → mission end + 1 month (month-end clamped)
 * - volunteer without end → 31 December of the current year
 * - volunteer with an end (our choice, not in the seed) → mission end + 1 month
 * A mission end before today is a field to correct, never a guess.
 */
export function accountEndDate(input: {
  accountType: AccountType;
  employeeType: EmployeeType;
  missionEndDate: CalendarDate | null;
  today: CalendarDate;
}): EndDateResult {
  const { accountType, employeeType, missionEndDate, today } = input;
  if (missionEndDate && compareDates(missionEndDate, today) < 0)
    return { ok: false, problem: 'missionEndDate-past' };
  if (accountType === 'shared' || employeeType === 'permanent') return { ok: true, endDate: null };
  if (missionEndDate) return { ok: true, endDate: addMonths(missionEndDate, 1) };
  if (employeeType === 'volunteer') return { ok: true, endDate: endOfYear(dateParts(today).year) };
  return { ok: false, problem: 'missionEndDate-required' };
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
