import { type CalendarDate, isCalendarDate } from '../calendar';

/**
 * The Alma user object as the Users API reads and writes it (JSON; Ex Libris' rest_user.xsd).
 * Only the fields we set or compare are named; everything else Alma holds is kept as it came,
 * because a PUT replaces the whole user and its repeatable lists (roles, e-mails, notes…).
 */
export interface AlmaCode {
  value: string;
  desc?: string;
}

export interface AlmaRoleParameter {
  type: AlmaCode;
  scope?: AlmaCode;
  value: AlmaCode;
}

export interface AlmaRole {
  status: AlmaCode;
  scope: AlmaCode;
  role_type: AlmaCode;
  parameter: AlmaRoleParameter[];
}

export interface AlmaEmail {
  email_address: string;
  preferred: boolean;
  email_type: AlmaCode[];
}

export interface AlmaUser {
  primary_id: string;
  record_type: AlmaCode;
  account_type: AlmaCode;
  external_id?: string;
  first_name?: string;
  last_name: string;
  user_group?: AlmaCode;
  status?: AlmaCode;
  preferred_language?: AlmaCode;
  /** `2027-07-30Z`: a date with a zone designator, as Alma writes it. */
  expiry_date?: string;
  purge_date?: string;
  contact_info?: { email?: AlmaEmail[]; [list: string]: unknown };
  user_role?: AlmaRole[];
  [field: string]: unknown;
}

/** One line of `GET /almaws/v1/users`: a brief user (no user group: `expand=full` would be needed). */
export interface AlmaUserBrief {
  primary_id: string;
  first_name?: string;
  last_name?: string;
  full_name?: string;
  status?: AlmaCode;
}

/** A calendar date as Alma writes dates: `2027-07-30Z`. */
export function almaDate(date: CalendarDate): string {
  return `${date}Z`;
}

/** The calendar date of an Alma date (`2027-07-30Z`, `2027-07-30`, `2027-07-30+01:00`); undefined for anything else. */
export function dateOfAlma(text: unknown): CalendarDate | undefined {
  if (typeof text !== 'string') return undefined;
  const day = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim())?.[1];
  return isCalendarDate(day) ? day : undefined;
}

/** The user's expiry as a calendar date; null when Alma holds none. */
export function expiryOf(user: Pick<AlmaUser, 'expiry_date'>): CalendarDate | null {
  return dateOfAlma(user.expiry_date) ?? null;
}

/**
 * Alma's "no such user" codes. Ex Libris' users API (OpenAPI `specs/users.json`, as published in
 * ugent-library/exlibris-alma-sdk) lists 401890 "User with identifier X of type Y was not found."
 * for GET and PUT /almaws/v1/users/{user_id} (the answer to a `user_id_type=all_unique` look-up)
 * and 401861 "User with identifier X was not found." for GET: both mean the user is not there.
 */
export const ALMA_USER_NOT_FOUND_CODES = ['401861', '401890'] as const;

export function isAlmaUserNotFound(code: string): boolean {
  return (ALMA_USER_NOT_FOUND_CODES as readonly string[]).includes(code);
}

/** One role as a person reads it: `32 @ MAIN (CirculationDesk=DEFAULT_CIRC_DESK)`. */
export function almaRoleLine(role: AlmaRole): string {
  const parameters = (role.parameter ?? [])
    .map((p) => `${p.type?.value}=${p.value?.value}${p.scope ? `@${p.scope.value}` : ''}`)
    .join(', ');
  return `${role.role_type?.value} @ ${role.scope?.value}${parameters ? ` (${parameters})` : ''}${
    role.status?.value && role.status.value !== 'ACTIVE' ? ` [${role.status.value}]` : ''
  }`;
}

/**
 * An Alma user as the helpdesk is shown it before deciding to link it: who it is, what it may
 * do and when it ends. Kept with the account while it waits, so the page shows what was asked
 * and a changed user is asked about again.
 */
export interface AlmaUserView {
  primaryId: string;
  name: string;
  userGroup: string;
  status: string;
  accountType: string;
  emails: string[];
  roles: string[];
  expiryDate: CalendarDate | null;
  purgeDate: CalendarDate | null;
}

export function almaUserView(user: AlmaUser): AlmaUserView {
  return {
    primaryId: user.primary_id,
    name: `${user.first_name ?? ''} ${user.last_name ?? ''}`.replace(/\s+/g, ' ').trim(),
    userGroup: user.user_group?.value ?? '',
    status: user.status?.value ?? 'ACTIVE',
    accountType: user.account_type?.value ?? '',
    emails: (user.contact_info?.email ?? []).map((e) => e.email_address.toLowerCase()).sort(),
    roles: (user.user_role ?? []).map(almaRoleLine).sort(),
    expiryDate: expiryOf(user),
    purgeDate: dateOfAlma(user.purge_date) ?? null,
  };
}

const VIEW_FIELDS = [
  'primaryId',
  'name',
  'userGroup',
  'status',
  'accountType',
  'emails',
  'roles',
  'expiryDate',
  'purgeDate',
] as const satisfies readonly (keyof AlmaUserView)[];

/** The same user, field by field (what the helpdesk saw is what Alma still holds); stored key order ignored. */
export function sameAlmaUserView(a: AlmaUserView | null | undefined, b: AlmaUserView): boolean {
  if (!a) return false;
  return VIEW_FIELDS.every((field) => JSON.stringify(a[field] ?? null) === JSON.stringify(b[field] ?? null));
}
