import { randomBytes } from 'node:crypto';
import type { Account, AccountEvent } from './account';
import type { MissingItem, RequestFields, RequestKind } from './mail';
import type { OutgoingMail } from './ports';

/**
 * The request mailbox's records: one per request reference (found again by the reference a
 * reply carries), and one decided plan per inbound message (what the mail leads to, recorded
 * before any of it is done, so a retry carries out the same plan instead of deciding again).
 */
export type RequestStatus = 'pending' | 'accepted' | 'rejected' | 'abandoned';

export interface AccountRequest {
  reference: string;
  status: RequestStatus;
  kind: RequestKind;
  institution: string;
  /** Who sent the request (the original requester; a manager of the institution may complete it). */
  sender: string;
  language: string;
  fields: RequestFields;
  accountId?: string;
  messageIds: string[];
  createdAt: string;
  updatedAt: string;
  /** What a pending request still waits for (as last asked), for the reminder. */
  missing?: MissingItem[];
  /** When the follow-up sweep closed it, nobody having answered (status `abandoned`). */
  abandonedAt?: string;
  /** When the requester and the helpdesk had both been told it was closed: it leaves the waiting index. */
  abandonmentToldAt?: string;
  /** Incremented by every write (0 before the first): two mails of one thread never overwrite each other. */
  version: number;
}

export type IngestOutcome = 'accepted' | 'needs-info' | 'rejected' | 'forwarded' | 'duplicate';

/** The result contract of docs/design.md (`alma-accounts ingest --json`). */
export interface IngestResult {
  messageId: string;
  outcome: IngestOutcome;
  kind: RequestKind;
  reference: string | null;
  missing: MissingItem[];
  reason: string | null;
  account: AccountView | null;
}

export interface AccountView {
  fullName: string;
  email: string;
  accountType: Account['accountType'];
  employeeType: Account['employeeType'];
  supervisorEmail: string | null;
  endDate: string | null;
  institution: string;
  trainingRecommended: boolean;
}

export function accountView(a: Account): AccountView {
  return {
    fullName: a.fullName,
    email: a.email,
    accountType: a.accountType,
    employeeType: a.employeeType,
    supervisorEmail: a.supervisorEmail,
    endDate: a.endDate,
    institution: a.institution,
    trainingRecommended: a.trainingRecommended,
  };
}

/** The change a mail makes to an account, as decided. */
export type AccountEffect =
  | { kind: 'create'; account: Account; event: AccountEvent }
  /** `next` replaces the version `next.version - 1`; a retry finds its own change by the event's messageId. */
  | { kind: 'update'; next: Account; event: AccountEvent }
  /** A history line only (a reply to an answered request); its id makes writing it twice harmless. */
  | { kind: 'history'; event: AccountEvent; eventId: string };

/** What Alma is asked as part of the plan (issue 13): after the account change, before the answers. */
export type AlmaStep = { kind: 'provision'; accountId: string } | { kind: 'sync-expiry'; accountId: string };

/** One answer of the plan, with the id that remembers it was sent. */
export interface PlannedAnswer {
  id: string;
  mail: OutgoingMail;
  /** The original mail goes attached (forwarded to the helpdesk); kept out of the plan, read again on a retry. */
  attachOriginal?: boolean;
}

/** A mail forwarded to the human helpdesk, as the portal lists it (README "Portal"). */
export interface ForwardedMail {
  messageId: string;
  /** The sender's address, null when the mail had no usable one. */
  sender: string | null;
  /** The institution the sender manages, null for anyone else. */
  institution: string | null;
  subject: string;
  /** ISO instant the mail was received (the plan's decision). */
  receivedAt: string;
  /** Why it was forwarded. */
  reason: string;
  /** The request it answers, when it carried a known reference. */
  reference: string | null;
  /** Who of the helpdesk marked it handled, and when (it then leaves the list). */
  handledBy?: string;
  handledAt?: string;
}

/** Everything one mail leads to, decided once. */
export interface InboundPlan {
  messageId: string;
  decidedAt: string;
  result: Omit<IngestResult, 'messageId'>;
  account?: AccountEffect;
  /** The request record as it is after this mail, written as the version after `version - 1`. */
  request?: AccountRequest;
  alma?: AlmaStep;
  answers: PlannedAnswer[];
  /** Set when the mail goes to the human helpdesk: it then waits for a person (portal "needing a person"). */
  forwarded?: ForwardedMail;
}

/** A plan as stored, with what of it was carried out. */
export interface RecordedPlan {
  plan: InboundPlan;
  /** Answer id → the provider's message id, once SES accepted it. */
  sent: Record<string, string>;
  /** Outcomes of steps whose result the answers depend on (Alma's answer). */
  outcomes: Record<string, unknown>;
}

/** Crockford's base32 without I, L, O, U: nothing to misread when a manager types it back. */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A request reference: the year for people, 40 random bits so the next one cannot be guessed. */
export function newRequestReference(year: number, random: Uint8Array = randomBytes(8)): string {
  let tail = '';
  for (let i = 0; i < 8; i++) tail += REFERENCE_ALPHABET[random[i]! % 32];
  return `REQ-${year}-${tail}`;
}
