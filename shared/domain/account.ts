import type { AlmaUserView } from './alma/user-record';
import type { CalendarDate } from './calendar';

export const ACCOUNT_TYPES = ['personal', 'shared'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const EMPLOYEE_TYPES = ['permanent', 'temporary', 'student', 'intern', 'volunteer'] as const;
export type EmployeeType = (typeof EMPLOYEE_TYPES)[number];

/** Stored status; `expiring` is derived from the end date at read time (see accountStatusOn). */
export const STORED_STATUSES = ['active', 'expired', 'closed'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export type AccountStatus = StoredStatus | 'expiring';

/**
 * Where the account stands in Alma: `awaiting-approval` (the helpdesk has not clicked yet),
 * `creating` (a create was sent and its answer not yet recorded: a retry looks before it
 * creates), `synced` (Alma holds what we sent), `failed` (Alma refused or did not answer),
 * `missing` (Alma says no such user), `awaiting-link` (Alma already has a user under the primary id
 * that this service did not create: nothing is changed in Alma until the helpdesk links it),
 * `cancelled` (the account closed while its user waited for the helpdesk: nothing was created).
 */
export const ALMA_SYNC_STATES = [
  'awaiting-approval',
  'creating',
  'synced',
  'failed',
  'missing',
  'awaiting-link',
  'cancelled',
] as const;
export type AlmaSyncState = (typeof ALMA_SYNC_STATES)[number];

export interface AlmaState {
  /** The Alma user's primary id. */
  primaryId: string;
  state: AlmaSyncState;
  /** When the Alma user was created or linked to this account; null before. */
  linkedAt: string | null;
  /** When Alma last answered about this user. */
  lastSyncAt: string | null;
  /** Alma's last answer, one line ("created", "401861 User not found", …). */
  lastAnswer: string | null;
  /** The expiry date Alma holds since the last sync (null: none). */
  expiryDate: CalendarDate | null;
  /** `awaiting-link`: the user Alma holds, as the helpdesk is asked to link it. */
  held?: AlmaUserView | null;
  /**
   * `created`: this service created the user, so its names follow the account (a corrected split);
   * `linked`: a user Alma had before, of which only the dates are ever changed. Absent before 2026-12.
   */
  origin?: 'created' | 'linked';
}

export interface Account {
  /** Time-sortable id, `ACC-` + ULID-like. */
  id: string;
  institution: string;
  accountType: AccountType;
  employeeType: EmployeeType;
  fullName: string;
  /**
   * The given and family name as the request's wording gave them (labels, "Nom et prénom" order,
   * a comma); null when it did not say (the Alma record then takes the first word as given name).
   */
  givenName?: string | null;
  familyName?: string | null;
  email: string;
  /** A permanent employee who supports a non-permanent one. */
  supervisorEmail: string | null;
  tasks: string;
  missionEndDate: CalendarDate | null;
  /** Last day the account may be used; null = no end (permanent staff, shared accounts). */
  endDate: CalendarDate | null;
  /** From when the helpdesk may deactivate the account in Alma (closure request). */
  deactivationDate: CalendarDate | null;
  status: StoredStatus;
  trainingRecommended: boolean;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock version, incremented on every write. */
  version: number;
  /** When the personal fields of this closed account were erased (retention); history stays, anonymous. */
  purgedAt?: string | null;
  /** The account's Alma user, once provisioning looked at it. */
  alma?: AlmaState | null;
}

/** One line of an account's append-only history. */
export interface AccountEvent {
  accountId: string;
  at: string;
  /** Who asked: an e-mail address, `cli:<user>`, `scheduler`, `decision-link`. */
  actor: string;
  action:
    | 'created'
    | 'imported'
    | 'renewed'
    | 'closure-requested'
    | 'closed'
    | 'expired'
    | 'review-decision'
    | 'reply'
    | 'purged'
    | 'alma-sync'
    /** The given/family split corrected by the manager's reply to the request. */
    | 'name-corrected'
    /** SES said mail to the account's own address bounced / its owner complained (issue 31). */
    | 'mail-bounced'
    | 'mail-complaint'
    /** A manager answered "keep" to "mail to X bounces: has X left?". */
    | 'bounce-kept';
  reason: string;
  /** The mail's Message-ID or the request reference it came from, when there is one. */
  messageId?: string | undefined;
  reference?: string | undefined;
  changes?: Record<string, { from: unknown; to: unknown }> | undefined;
  /** An Alma sync: the calls made and what Alma answered (never the API key, never the record's personal fields). */
  alma?: AlmaCallSummary | undefined;
}

export interface AlmaCallSummary {
  /** `GET 200`, `POST 200`, `PUT 400 401861`… in call order. */
  calls: string[];
  /** What came of it: created, linked, updated, in-sync, missing, failed, awaiting-approval. */
  outcome: string;
  answer: string;
  trackingId?: string | undefined;
}

/** Non-personal fields of an account that identify it in a summary (history, lists). */
export type AccountSummary = Pick<
  Account,
  'id' | 'institution' | 'accountType' | 'employeeType' | 'fullName' | 'email' | 'endDate' | 'status'
>;
