import type { AlmaRoleConfig, AlmaUserConfig, Institution, ProvisioningMode } from '../../config/schema';
import type { Account } from '../account';
import { addDays, type CalendarDate, compareDates } from '../calendar';
import { splitName } from '../person-name';
import { type PermissionArea, SHARED_ALLOWED } from '../rules';
import { readTaskAreas } from '../task-areas';
import {
  type AlmaRole,
  type AlmaUser,
  type AlmaUserView,
  almaDate,
  almaUserView,
  dateOfAlma,
  expiryOf,
  sameAlmaUserView,
} from './user-record';

/**
 * The functional core of Alma provisioning: from an account (and, once looked up, what Alma
 * holds under its primary id) to the one effect to carry out. Pure: no clock, no I/O.
 */

/** An institution that may provision: the API, its key and the user settings are all there. */
export interface ProvisioningInstitution extends Institution {
  almaApiBase: string;
  almaApiKeySecret: string;
  almaUser: AlmaUserConfig;
}

/** `off` unless the institution has the API, a key and user settings; then its mode (default `approve`). */
export function provisioningMode(institution: Institution | undefined): ProvisioningMode {
  if (!institution || !canProvision(institution)) return 'off';
  return institution.almaProvisioning ?? 'approve';
}

export function canProvision(institution: Institution): institution is ProvisioningInstitution {
  return Boolean(institution.almaApiBase && institution.almaApiKeySecret && institution.almaUser);
}

/** The Alma primary id the configured rule gives an account (Alma compares primary ids case-insensitively). */
export function primaryIdFor(
  account: Pick<Account, 'email'>,
  settings: Pick<AlmaUserConfig, 'primaryId'>,
): string {
  const email = account.email.trim().toLowerCase();
  return settings.primaryId === 'email-local-part' ? email.split('@')[0]! : email;
}

/**
 * First and last name of the Alma user: as the request gave them (its labels' order, separate
 * given/family lines, a comma), else from the one full name: "Last, First" with a comma,
 * otherwise the first word is the first name (so "Jan Van den Bossche" keeps his particle).
 * A shared account's name is all last name.
 */
export interface AlmaNames {
  first_name: string;
  last_name: string;
}

export function almaNames(
  account: Pick<Account, 'fullName' | 'accountType' | 'givenName' | 'familyName'>,
): AlmaNames {
  const name = account.fullName.replace(/\s+/g, ' ').trim();
  if (account.accountType === 'shared') return { first_name: '', last_name: name };
  if (account.familyName)
    return { first_name: account.givenName?.trim() ?? '', last_name: account.familyName.trim() };
  const split = splitName(name, 'given-first');
  return { first_name: split.givenName, last_name: split.familyName };
}

/** The date Alma must refuse log-in after: the deactivation date of a closure, else the end date (earlier wins). */
export function almaExpiry(account: Pick<Account, 'endDate' | 'deactivationDate'>): CalendarDate | null {
  const dates = [account.endDate, account.deactivationDate].filter((d): d is CalendarDate => Boolean(d));
  return dates.sort(compareDates)[0] ?? null;
}

/** Alma already refuses log-in from this date: the user it holds (last sync) expires on or before it. */
export function almaStopsBy(account: Pick<Account, 'alma'>, date: CalendarDate): boolean {
  const alma = account.alma;
  return Boolean(
    alma?.linkedAt && alma.state === 'synced' && alma.expiryDate && compareDates(alma.expiryDate, date) <= 0,
  );
}

export function almaPurge(expiry: CalendarDate | null, settings: Pick<AlmaUserConfig, 'purgeAfterDays'>) {
  return expiry ? addDays(expiry, settings.purgeAfterDays) : null;
}

export type RoleChoice =
  /** `unsure`: the tasks could not be mapped with confidence, so the default profile (the helpdesk is told). */
  | { ok: true; profiles: string[]; roles: AlmaRole[]; unsure: boolean }
  | { ok: false; problem: 'no-profile-for-shared'; areas: PermissionArea[] };

/**
 * The role profiles a request's tasks call for: every profile of an area the tasks ask for (an area
 * they exclude never), or the default profile when they name none or cannot be read with
 * confidence ("enkel uitleningen; geen catalografie" is loans only). Shared accounts only get profiles of the areas a shared
 * account may hold (fulfillment, inventory: the rule of docs/design.md).
 */
export function chooseRoles(
  account: Pick<Account, 'tasks' | 'accountType'>,
  settings: Pick<AlmaUserConfig, 'roleProfiles' | 'defaultRoleProfile'>,
): RoleChoice {
  const shared = account.accountType === 'shared';
  const read = readTaskAreas(account.tasks);
  const areas = [...read.areas];
  const allowed = (area: PermissionArea) => !shared || SHARED_ALLOWED.has(area);
  let names = read.unsure
    ? []
    : Object.entries(settings.roleProfiles)
        .filter(([, profile]) => areas.includes(profile.area) && allowed(profile.area))
        .map(([name]) => name);
  if (!names.length) {
    const fallback = settings.roleProfiles[settings.defaultRoleProfile];
    if (!fallback || !allowed(fallback.area)) return { ok: false, problem: 'no-profile-for-shared', areas };
    names = [settings.defaultRoleProfile];
  }
  const seen = new Set<string>();
  const roles: AlmaRole[] = [];
  for (const name of names) {
    for (const role of settings.roleProfiles[name]!.roles) {
      const key = JSON.stringify([role.role_type, role.scope, role.parameters]);
      if (seen.has(key)) continue;
      seen.add(key);
      roles.push(almaRole(role));
    }
  }
  return { ok: true, profiles: names, roles, unsure: read.unsure };
}

function almaRole(role: AlmaRoleConfig): AlmaRole {
  return {
    status: { value: 'ACTIVE' },
    scope: { value: role.scope },
    role_type: { value: role.role_type },
    parameter: role.parameters.map((p) => ({
      type: { value: p.type },
      ...(p.scope ? { scope: { value: p.scope } } : {}),
      value: { value: p.value },
    })),
  };
}

/** The exact user record a create sends (POST /almaws/v1/users); no password, ever. */
export function newAlmaUser(
  account: Account,
  institution: ProvisioningInstitution,
  roles: AlmaRole[],
): AlmaUser {
  const settings = institution.almaUser;
  const expiry = almaExpiry(account);
  const purge = almaPurge(expiry, settings);
  return {
    record_type: { value: 'STAFF' },
    primary_id: primaryIdFor(account, settings),
    ...almaNames(account),
    user_group: { value: settings.userGroup },
    account_type: { value: settings.accountType },
    ...(settings.accountType === 'EXTERNAL' && settings.externalId
      ? { external_id: settings.externalId }
      : {}),
    status: { value: 'ACTIVE' },
    preferred_language: { value: institution.language },
    ...(expiry ? { expiry_date: almaDate(expiry) } : {}),
    ...(purge ? { purge_date: almaDate(purge) } : {}),
    contact_info: {
      email: [
        { email_address: account.email.toLowerCase(), preferred: true, email_type: [{ value: 'work' }] },
      ],
    },
    user_role: roles,
  };
}

/**
 * The user as Alma holds it, with the expiry and purge dates changed: what a PUT sends back. Without
 * `user_role`: Alma keeps the user's roles when a PUT carries none ("roles - if the incoming list
 * does not contain roles, existing roles will be kept", PUT /almaws/v1/users/{user_id} in Ex Libris'
 * OpenAPI `specs/users.json`), so a role changed in Alma since our GET is not reverted. No
 * `override`: the fields an EXTERNAL (SIS-managed) user keeps when changed by hand are sent back as
 * read, and naming them would overwrite a change made between our GET and our PUT.
 */
export function withDates(
  existing: AlmaUser,
  expiry: CalendarDate | null,
  purge: CalendarDate | null,
): AlmaUser {
  const { expiry_date: _expiry, purge_date: _purge, user_role: _roles, ...rest } = existing;
  return {
    ...rest,
    ...(expiry ? { expiry_date: almaDate(expiry) } : {}),
    ...(purge ? { purge_date: almaDate(purge) } : {}),
  };
}

/** What a sync is for: provisioning (create when missing) or an expiry change (renewal, review, closure). */
export type AlmaIntent = 'provision' | 'update-expiry';

export interface AlmaEffectInput {
  account: Account;
  institution: Institution | undefined;
  intent: AlmaIntent;
  /** Creating is allowed now: the institution is in `auto` mode or the helpdesk approved. */
  approved: boolean;
  /**
   * The helpdesk confirmed linking the user the account waits for (`awaiting-link`, the user
   * shown to it). Never implied by a mode: Alma's users that this service did not create are
   * only changed on this explicit decision.
   */
  linkApproved?: boolean;
  /** What Alma holds under the primary id: undefined = not looked up yet, null = no such user. */
  existing?: AlmaUser | null;
}

export interface DatesChange {
  from: CalendarDate | null;
  to: CalendarDate | null;
  purge: CalendarDate | null;
}

export type AlmaEffect =
  | {
      kind: 'none';
      /**
       * `closing`: the account is closed or its closure asked for and Alma has no user for it, or
       * its user was never created: nothing to do in Alma. `awaiting-approval`: a date change of
       * an account whose creation still waits for the helpdesk (the create will carry the dates).
       */
      reason:
        | 'provisioning-off'
        | 'in-sync'
        | 'closed'
        | 'closing'
        | 'awaiting-approval'
        | 'no-profile-for-shared';
      primaryId?: string;
    }
  /** A new user: sent at once when approved, else it waits for the helpdesk's click. */
  | {
      kind: 'create';
      primaryId: string;
      user: AlmaUser;
      profiles: string[];
      /** The tasks could not be mapped with confidence: the default profile, and the helpdesk is told. */
      profilesUnsure: boolean;
      awaitsApproval: boolean;
    }
  /**
   * Link the user Alma has under this primary id (and move its dates when they differ): the
   * helpdesk approved it, or it is the one an earlier attempt of ours created. Without `user`
   * (no look-up yet) Alma is read first.
   */
  | { kind: 'link'; primaryId: string; dates?: DatesChange; user?: AlmaUser }
  /**
   * Alma already has a user under this primary id that this service did not create: nothing is
   * sent; the helpdesk is shown it and decides. `changed`: it was asked before and Alma's user
   * changed since. `emailDiffers`: the user's e-mails do not include the account's address.
   */
  | {
      kind: 'await-link';
      primaryId: string;
      held: AlmaUserView;
      dates: DatesChange;
      changed: boolean;
      emailDiffers: boolean;
    }
  /**
   * The user's expiry (and purge) date moves; `user` is the whole PUT body once Alma was read.
   * `names`: a user this service created also takes the account's corrected names.
   */
  | {
      kind: 'update-expiry';
      primaryId: string;
      dates: DatesChange;
      user?: AlmaUser;
      names?: { from: AlmaNames; to: AlmaNames };
    }
  /** The account should have an Alma user and Alma has none (401861 or 401890): the helpdesk is told. */
  | { kind: 'missing'; primaryId: string }
  /**
   * The account is closing while its Alma user still waits for the helpdesk (approval or link):
   * the pending decision is cancelled, nothing is sent to Alma.
   */
  | { kind: 'cancel'; primaryId: string };

/** The account is closed, or its closure was asked for (a deactivation date). */
export function closing(account: Pick<Account, 'status' | 'deactivationDate'>): boolean {
  return account.status === 'closed' || account.deactivationDate !== null;
}

/**
 * The one Alma effect of an account's current state. Without `existing` it says what will be
 * done (the preview the helpdesk copy and the answers are worded from); with it, exactly what
 * to send.
 */
export function decideAlmaEffect(input: AlmaEffectInput): AlmaEffect {
  const { account, institution, intent, existing } = input;
  if (!institution || provisioningMode(institution) === 'off' || !canProvision(institution))
    return { kind: 'none', reason: 'provisioning-off' };
  const settings = institution.almaUser;
  const primaryId = account.alma?.primaryId ?? primaryIdFor(account, settings);
  const linked = Boolean(account.alma?.linkedAt);
  const expiry = almaExpiry(account);
  const target: DatesChange = { from: null, to: expiry, purge: almaPurge(expiry, settings) };

  const creation = (): AlmaEffect => {
    if (account.status === 'closed' || account.alma?.state === 'cancelled')
      return { kind: 'none', reason: 'closed', primaryId };
    const choice = chooseRoles(account, settings);
    if (!choice.ok) return { kind: 'none', reason: choice.problem, primaryId };
    return {
      kind: 'create',
      primaryId,
      user: newAlmaUser(account, institution, choice.roles),
      profiles: choice.profiles,
      profilesUnsure: choice.unsure,
      awaitsApproval: !input.approved,
    };
  };

  const waitingLink = !linked && account.alma?.state === 'awaiting-link';
  const waitingApproval = !linked && account.alma?.state === 'awaiting-approval';
  if ((waitingLink || waitingApproval) && closing(account)) return { kind: 'cancel', primaryId };
  if (waitingApproval && intent === 'update-expiry')
    return { kind: 'none', reason: 'awaiting-approval', primaryId };
  if (existing === undefined) {
    // Waiting for the helpdesk: say so from what was recorded; only its approval reads Alma again.
    if (waitingLink && account.alma?.held && !input.linkApproved)
      return awaitLink(account, account.alma.held, target, false);
    if (waitingLink) return { kind: 'link', primaryId };
    if (linked || intent === 'update-expiry')
      return {
        kind: 'update-expiry',
        primaryId,
        dates: { ...target, from: account.alma?.expiryDate ?? null },
      };
    return creation();
  }
  if (existing === null) {
    // A leaving person without an Alma user: nothing to deactivate, nothing to create.
    if (closing(account)) return { kind: 'none', reason: 'closing', primaryId };
    if (linked || intent === 'update-expiry') return { kind: 'missing', primaryId };
    return creation();
  }
  const held = expiryOf(existing);
  const heldPurge = dateOfAlma(existing.purge_date) ?? null;
  const differs = held !== target.to || heldPurge !== target.purge;
  const dates = { ...target, from: held };
  const user = withDates(existing, target.to, target.purge);
  if (!linked) {
    const view = almaUserView(existing);
    const approvedLink =
      input.linkApproved === true && waitingLink && sameAlmaUserView(account.alma?.held, view);
    if (!approvedLink && !ourLostCreate(account, institution, existing))
      return awaitLink(account, view, target, waitingLink);
    return differs ? { kind: 'link', primaryId, dates, user } : { kind: 'link', primaryId };
  }
  // A user this service created carries the account's names (a split corrected by the manager).
  const names = account.alma?.origin === 'created' ? namesChange(existing, account) : undefined;
  if (!differs && !names) return { kind: 'none', reason: 'in-sync', primaryId };
  return {
    kind: 'update-expiry',
    primaryId,
    dates,
    user: names ? { ...user, ...names.to } : user,
    ...(names ? { names } : {}),
  };
}

/** The names Alma holds against the account's, when they differ. */
function namesChange(existing: AlmaUser, account: Account): { from: AlmaNames; to: AlmaNames } | undefined {
  const to = almaNames(account);
  const from = { first_name: existing.first_name ?? '', last_name: existing.last_name };
  return from.first_name === to.first_name && from.last_name === to.last_name ? undefined : { from, to };
}

function awaitLink(account: Account, held: AlmaUserView, target: DatesChange, changed: boolean): AlmaEffect {
  return {
    kind: 'await-link',
    primaryId: held.primaryId,
    held,
    dates: { ...target, from: held.expiryDate },
    changed,
    emailDiffers: !held.emails.includes(account.email.trim().toLowerCase()),
  };
}

/**
 * The user is the one an earlier attempt of ours created and whose answer was lost: a create may
 * have reached Alma (the account says `creating` or `failed`) and Alma holds exactly the person,
 * group, e-mail and roles that create sent. Anything else is somebody's user, never ours to link.
 */
export function ourLostCreate(
  account: Account,
  institution: ProvisioningInstitution,
  existing: AlmaUser,
): boolean {
  const state = account.alma?.state;
  if (account.alma?.linkedAt || (state !== 'creating' && state !== 'failed')) return false;
  const choice = chooseRoles(account, institution.almaUser);
  if (!choice.ok) return false;
  const sent = almaUserView(newAlmaUser(account, institution, choice.roles));
  const held = almaUserView(existing);
  const same = (k: keyof AlmaUserView) => JSON.stringify(sent[k]) === JSON.stringify(held[k]);
  return (
    sent.primaryId.toLowerCase() === held.primaryId.toLowerCase() &&
    (['name', 'userGroup', 'accountType', 'emails', 'roles'] as const).every(same)
  );
}

/**
 * How long a create recorded as `creating` counts as under way: longer than one run with all its
 * Alma retries. Within it a second approval click leaves the create to the first; after it, the
 * state means an attempt that died, which a retry looks up and finishes.
 */
export const CREATE_UNDER_WAY_MS = 5 * 60_000;

/** Another attempt is creating this account's user right now (see CREATE_UNDER_WAY_MS). */
export function createUnderWay(account: Pick<Account, 'alma' | 'updatedAt'>, now: Date): boolean {
  if (account.alma?.state !== 'creating' || account.alma.linkedAt) return false;
  // A record a little ahead of this click's clock (another click, another container) is under way
  // too: two clicks in the same moment carry times a few milliseconds apart, in either order.
  const since = now.getTime() - Date.parse(account.updatedAt);
  return Math.abs(since) < CREATE_UNDER_WAY_MS;
}
