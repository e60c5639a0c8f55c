import type { Account, AccountEvent } from './account';
import type { CalendarDate } from './calendar';

/**
 * The interfaces the handlers depend on; adapters (DynamoDB, SES, S3, files) implement them.
 * The domain never imports an adapter.
 */

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  replyTo?: string[];
  /** Extra headers, e.g. Auto-Submitted, In-Reply-To, References, X-Alma-Accounts-Reference. */
  headers?: Record<string, string>;
  attachments?: OutgoingAttachment[];
}

export interface Mailer {
  /** Sends one message; resolves with the provider's message id. Throws on failure (caller retries). */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** Where the raw inbound MIME lives (S3 in AWS, a folder locally), keyed by SES messageId. */
export interface RawMailStore {
  get(messageId: string): Promise<Uint8Array>;
  put(messageId: string, raw: Uint8Array): Promise<void>;
}

export interface Page<T> {
  items: T[];
  /** How many items DynamoDB read to produce this page (for the no-Scan benchmarks). */
  itemsRead: number;
}

export interface AccountStore {
  /** Creates an account with its first history event; AlreadyExistsError when the institution already has an open account for that e-mail. */
  create(account: Account, event: AccountEvent): Promise<void>;
  /**
   * Writes a new version of an account with one history event. ConcurrentUpdateError when the
   * stored version is not `next.version - 1` (someone changed it since it was read).
   */
  update(next: Account, event: AccountEvent): Promise<void>;
  get(id: string): Promise<Account | undefined>;
  /** Accounts of one e-mail address (all institutions, or one), newest first. */
  findByEmail(email: string, institution?: string): Promise<Account[]>;
  listByInstitution(institution: string): Promise<Page<Account>>;
  /** Open (not closed) accounts whose end date lies in [from, to], ordered by end date. */
  listEndingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Open accounts whose deactivation date lies in [from, to]. */
  listDeactivatingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Closed accounts not yet purged, closed in [from, to]. */
  listClosedBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Rewrites every history event of an account (anonymisation); returns how many. */
  rewriteHistory(id: string, rewrite: (event: AccountEvent) => AccountEvent): Promise<number>;
  history(id: string): Promise<AccountEvent[]>;
  /** Appends a history event without changing the account (e.g. a reply attached to a request). */
  appendHistory(event: AccountEvent): Promise<void>;
  /** Writes many new accounts (import); all-or-nothing is the caller's validation job, this only batches. */
  createMany(accounts: { account: Account; event: AccountEvent }[]): Promise<void>;
}

export interface ClaimOptions {
  /** A claim not completed within this many seconds (the claimer crashed) may be taken over. Default 300. */
  leaseSeconds?: number;
  /** DynamoDB forgets the claim this many days later (TTL). Default: kept. */
  ttlDays?: number;
  now?: Date;
}

/** Exactly-once claims for things that must happen once ever (a notice, an alert, an answer). */
export interface ClaimStore {
  /**
   * Claims `key`; true when this caller got it, false when it was already claimed (and not released).
   * `ttlDays` lets DynamoDB forget the claim later.
   */
  claim(key: string, details: Record<string, unknown>, options?: ClaimOptions): Promise<boolean>;
  /** Marks a claim done (sent): it can never be taken again. */
  complete(key: string, details?: Record<string, unknown>): Promise<void>;
  /** Gives a claim back after a failed send so a retry can take it. */
  release(key: string): Promise<void>;
  /** True when the claim was completed (the thing was done). */
  isDone(key: string): Promise<boolean>;
}

/** Secrets (HMAC key, Alma API keys, status API credentials): Secrets Manager/SSM in AWS, a file locally. */
export interface SecretReader {
  /** The secret's value; throws NotFoundError when it does not exist. Implementations cache per container. */
  get(name: string): Promise<string>;
}
