import type { Account } from '../account';
import { type CalendarDate, compareDates } from '../calendar';
import type { AlmaUser } from './user-record';

/**
 * Shared-account passwords, set anew in Alma once a year (issue 30): the policy a new password
 * meets, which accounts rotate, and the life of one rotation (planned → set in Alma → managers
 * told → revealed once, or erased unrevealed). Pure: the random bytes come from the caller.
 */

/** `alma.passwordPolicy`: the defaults pass Alma's own rule (500038 below) with room to spare. */
export interface PasswordPolicy {
  length: number;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  length: 16,
  lower: true,
  upper: true,
  digits: true,
  symbols: true,
};

/**
 * Alma refuses a password under 8 characters, or one that includes the user name or is commonly
 * used: "500038 - 'New password must be at least 8 characters long and must not include the
 * user-name or any commonly used password.'" (PUT /almaws/v1/users/{user_id}, Ex Libris' OpenAPI
 * `specs/users.json`).
 */
export const ALMA_MIN_PASSWORD_LENGTH = 8;

/** Look-alikes (0/O, 1/l/I) left out: the managers read the password off a page and type it. */
export const PASSWORD_CLASSES = {
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digits: '23456789',
  // Symbols every keyboard layout of the network (AZERTY, QWERTY) types without dead keys.
  symbols: '-_.!@#%+=?',
} as const;

type PasswordClass = keyof typeof PASSWORD_CLASSES;
const CLASS_NAMES = Object.keys(PASSWORD_CLASSES) as PasswordClass[];

export function wantedClasses(policy: PasswordPolicy): PasswordClass[] {
  return CLASS_NAMES.filter((name) => policy[name]);
}

/** Why a password does not meet the policy (and Alma's own rule); empty when it does. */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  userNames: string[] = [],
): string[] {
  const problems: string[] = [];
  if (password.length < Math.max(policy.length, ALMA_MIN_PASSWORD_LENGTH))
    problems.push(`shorter than ${Math.max(policy.length, ALMA_MIN_PASSWORD_LENGTH)} characters`);
  for (const name of wantedClasses(policy))
    if (![...password].some((c) => PASSWORD_CLASSES[name].includes(c))) problems.push(`no ${name}`);
  const lower = password.toLowerCase();
  for (const userName of userNames) {
    const name = userName.toLowerCase();
    // The user name, or the local part of an e-mail primary id (Alma's "must not include the user-name").
    for (const part of [name, name.split('@')[0] ?? ''])
      if (part.length >= 3 && lower.includes(part)) problems.push('includes the user name');
  }
  return [...new Set(problems)];
}

/**
 * A password meeting the policy, drawn from `random` (node:crypto's randomBytes in the app) by
 * rejection sampling, so every character of the alphabet is equally likely; drawn again until
 * every wanted class is present and the user name is absent.
 */
export function generatePassword(
  policy: PasswordPolicy,
  random: (size: number) => Uint8Array,
  userNames: string[] = [],
): string {
  const classes = wantedClasses(policy);
  if (!classes.length) throw new RangeError('the password policy allows no character class');
  const alphabet = classes.map((name) => PASSWORD_CLASSES[name]).join('');
  const length = Math.max(policy.length, ALMA_MIN_PASSWORD_LENGTH);
  // The largest multiple of the alphabet's size under 256: bytes above it are dropped (no bias).
  const limit = 256 - (256 % alphabet.length);
  for (let attempt = 0; attempt < 100; attempt++) {
    let password = '';
    while (password.length < length) {
      for (const byte of random(length * 2)) {
        if (byte >= limit) continue;
        password += alphabet[byte % alphabet.length];
        if (password.length === length) break;
      }
    }
    if (!passwordProblems(password, policy, userNames).length) return password;
  }
  throw new RangeError('no password meeting the policy after 100 draws');
}

// ---------------------------------------------------------------- who rotates

/** The institution's side of a rotation decision. */
export interface RotationInstitution {
  code: string;
  almaProvisioning?: 'off' | 'approve' | 'auto' | undefined;
  almaUser?: unknown;
}

export interface RotationCandidate {
  accountId: string;
  institution: string;
  primaryId: string;
  /** `approve` institutions: the helpdesk confirms the list before anything is set. */
  needsApproval: boolean;
}

/**
 * Which accounts get a new password on the rotation date: open shared accounts (not closing) of
 * institutions that provision Alma, whose Alma user is linked (created or linked by provisioning).
 */
export function rotationCandidates(
  accounts: readonly Account[],
  institutions: readonly RotationInstitution[],
): RotationCandidate[] {
  const byCode = new Map(institutions.map((i) => [i.code, i]));
  const candidates: RotationCandidate[] = [];
  for (const account of accounts) {
    const institution = byCode.get(account.institution);
    const mode = institution?.almaProvisioning ?? 'approve';
    if (!institution?.almaUser || mode === 'off') continue;
    if (account.accountType !== 'shared' || account.status !== 'active' || account.deactivationDate !== null)
      continue;
    const alma = account.alma;
    if (alma?.state !== 'synced' || !alma.linkedAt) continue;
    candidates.push({
      accountId: account.id,
      institution: account.institution,
      primaryId: alma.primaryId,
      needsApproval: mode !== 'auto',
    });
  }
  return candidates.sort(
    (a, b) => a.institution.localeCompare(b.institution) || a.accountId.localeCompare(b.accountId),
  );
}

// ---------------------------------------------------------------- one rotation's life

export const ROTATION_STATES = [
  /** `approve` institution: listed for the helpdesk, no password yet. */
  'awaiting-approval',
  /** Confirmed by the helpdesk; the password is drawn when the rotation runs. */
  'approved',
  /** The password is drawn and recorded (sealed); Alma not yet told. */
  'planned',
  /** Alma holds the password. */
  'set',
  /** Every manager was mailed the reveal link. */
  'told',
  'revealed',
  /** Not revealed within `revealDays`: the sealed password is erased. */
  'expired',
] as const;
export type RotationState = (typeof ROTATION_STATES)[number];

/** One account's rotation of one year. The password itself is only ever here sealed (`sealed`). */
export interface PasswordRotation {
  rotationDate: CalendarDate;
  accountId: string;
  institution: string;
  primaryId: string;
  /** The account's name and address, for the managers' mail and the helpdesk's lists. */
  accountName: string;
  accountEmail: string;
  state: RotationState;
  /** The password, encrypted (KMS in AWS, AES-256-GCM locally); null before it is drawn and once erased. */
  sealed: string | null;
  plannedAt: string;
  approvedBy: string | null;
  setAt: string | null;
  toldAt: string | null;
  /** The reveal links stop working at this instant (ISO); the sealed password is erased then. */
  revealUntil: string | null;
  revealedAt: string | null;
  /** The manager whose link revealed it. */
  revealedBy: string | null;
  erasedAt: string | null;
  /** When the helpdesk's daily list named it as erased unrevealed. */
  expiryReportedAt: string | null;
  /** Alma's last refusal, one line (never the password). */
  lastError: string | null;
  version: number;
}

/** The claims of a reveal link (shared/domain/notices/token.ts, purpose `reveal`). */
export interface RevealClaims {
  accountId: string;
  rotationDate: CalendarDate;
  manager: string;
}

export type RevealVerdict =
  | { kind: 'reveal' }
  | { kind: 'revealed'; at: string; by: string }
  | { kind: 'expired' }
  | { kind: 'not-yet' }
  | { kind: 'refused' }
  /** Revealable, but nobody is signed in to the portal: the link's manager signs in first. */
  | { kind: 'sign-in' }
  /** Revealable, but the portal session is another person's (manager, helpdesk): nothing shown. */
  | { kind: 'other-person' };

/**
 * What a reveal link may do with a rotation: reveal only the link's own account and year, only to
 * a manager of the account's institution (still one today) signed in to the portal as the link's
 * manager (`viewer`: the session's address, undefined without one), only once, and only before
 * expiry. What became of a password (revealed, expired, not yet set) holds no secret and is told
 * without a session.
 */
export function revealVerdict(
  rotation: PasswordRotation | undefined,
  claims: RevealClaims,
  managers: readonly string[],
  now: Date,
  viewer: string | undefined,
): RevealVerdict {
  if (!rotation || rotation.accountId !== claims.accountId || rotation.rotationDate !== claims.rotationDate)
    return { kind: 'refused' };
  if (!managers.map((m) => m.toLowerCase()).includes(claims.manager.toLowerCase()))
    return { kind: 'refused' };
  if (rotation.state === 'revealed')
    return { kind: 'revealed', at: rotation.revealedAt ?? '', by: rotation.revealedBy ?? '' };
  if (rotation.state === 'expired' || !rotation.sealed) return { kind: 'expired' };
  if (rotation.state !== 'set' && rotation.state !== 'told') return { kind: 'not-yet' };
  if (rotation.revealUntil && now.getTime() >= Date.parse(rotation.revealUntil)) return { kind: 'expired' };
  if (viewer === undefined) return { kind: 'sign-in' };
  if (viewer.toLowerCase() !== claims.manager.toLowerCase()) return { kind: 'other-person' };
  return { kind: 'reveal' };
}

/** A password still sealed after its reveal window: to erase (and list for the helpdesk). */
export function expiredUnrevealed(rotation: PasswordRotation, now: Date): boolean {
  return (
    (rotation.state === 'set' || rotation.state === 'told') &&
    rotation.revealUntil !== null &&
    now.getTime() >= Date.parse(rotation.revealUntil)
  );
}

/** The rotation dates a day's run looks at: this year's once it has come, and last year's. */
export function rotationDatesToWatch(today: CalendarDate, monthDay: string): CalendarDate[] {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${monthDay}` as CalendarDate;
  const lastYear = `${year - 1}-${monthDay}` as CalendarDate;
  return compareDates(thisYear, today) <= 0 ? [lastYear, thisYear] : [lastYear];
}

/**
 * The user as Alma holds it with the new password: what the rotation's PUT sends. Like
 * `withDates` (provisioning.ts), without `user_role`, so Alma keeps the roles it has ("roles - if
 * the incoming list does not contain roles, existing roles will be kept", PUT
 * /almaws/v1/users/{user_id}, Ex Libris' OpenAPI `specs/users.json`); every other field as read.
 * `password` and `force_password_change` are fields of the user object (rest_user.xsd, which
 * `specs/users.json` names as the PUT body); Alma never returns the password.
 */
export function withPassword(existing: AlmaUser, password: string, forcePasswordChange: boolean): AlmaUser {
  const { user_role: _roles, password: _old, force_password_change: _force, ...rest } = existing;
  return { ...rest, password, force_password_change: forcePasswordChange };
}
