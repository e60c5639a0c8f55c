import type { CalendarDate } from './calendar';

export const ACCOUNT_TYPES = ['personal', 'shared'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const EMPLOYEE_TYPES = ['permanent', 'temporary', 'student', 'intern', 'volunteer'] as const;
export type EmployeeType = (typeof EMPLOYEE_TYPES)[number];

/** Stored status; `expiring` is derived from the end date at read time (see accountStatusOn). */
export const STORED_STATUSES = ['active', 'expired', 'closed'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];
export type AccountStatus = StoredStatus | 'expiring';

export interface Account {
  /** Time-sortable id, `ACC-` + ULID-like. */
  id: string;
  institution: string;
  accountType: AccountType;
  employeeType: EmployeeType;
  fullName: string;
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
    | 'purged';
  reason: string;
  /** The mail's Message-ID or the request reference it came from, when there is one. */
  messageId?: string | undefined;
  reference?: string | undefined;
  changes?: Record<string, { from: unknown; to: unknown }> | undefined;
}

/** Non-personal fields of an account that identify it in a summary (history, lists). */
export type AccountSummary = Pick<
  Account,
  'id' | 'institution' | 'accountType' | 'employeeType' | 'fullName' | 'email' | 'endDate' | 'status'
>;
