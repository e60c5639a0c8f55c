import type { StatusSourceConfig } from '../config/schema';
import type { Account, AccountEvent } from './account';
import type { DriftRecord } from './alma/drift-record';
import type { PasswordRotation } from './alma/passwords';
import type { AlmaUser, AlmaUserBrief } from './alma/user-record';
import type { CalendarDate } from './calendar';
import type { AddressStanding } from './mail-feedback';
import type { CheckRecord } from './monitor/availability';
import type { AnnouncedWindow, SourceReading, StatusVerdict, TargetState } from './monitor/types';
import type { ReviewDecisionRecord } from './notices/review';
import type { ListPlan } from './portal/lists';
import type { Rating, RatingMonth } from './rating';
import type { AccountRequest, ForwardedMail, InboundPlan, RecordedPlan } from './requests';

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
  /** `onPage` hears the count read so far after every page (progress of a long listing). */
  listByInstitution(institution: string, onPage?: (read: number) => void): Promise<Page<Account>>;
  /** How many accounts an institution has (a count-only Query: nothing is transferred). */
  countByInstitution(institution: string): Promise<number>;
  /**
   * Open shared accounts without a deactivation date: one Query on the sparse index GSI4
   * (partition `SHARED`), so the password rotation never reads the personal accounts.
   */
  listShared(): Promise<Page<Account>>;
  /**
   * True once every account written before the `SHARED` partition existed carries its attributes
   * (the backfill finished): until then that partition may miss shared accounts.
   */
  sharedIndexComplete(): Promise<boolean>;
  /**
   * Puts the `SHARED` attributes on open shared accounts written before the partition existed,
   * institution by institution (GSI3), reading at most `maxItems` items; resumes where the last
   * call stopped and records completion. Idempotent: an account already indexed, or changed
   * since it was read (its new version carries the attributes), is left as it is.
   */
  backfillSharedIndex(institutions: readonly string[], maxItems: number): Promise<SharedIndexBackfill>;
  /** Open (not closed) accounts whose end date lies in [from, to], ordered by end date. */
  listEndingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Open accounts ending on `date` that were written at or after `since` (created, changed). */
  listEndingOnChangedSince(date: CalendarDate, since: Date): Promise<Page<Account>>;
  /** Open accounts whose deactivation date lies in [from, to]. */
  listDeactivatingBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Closed accounts not yet purged, closed in [from, to]. */
  listClosedBetween(from: CalendarDate | null, to: CalendarDate): Promise<Page<Account>>;
  /** Rewrites every history event of an account (anonymisation); returns how many. */
  rewriteHistory(id: string, rewrite: (event: AccountEvent) => AccountEvent): Promise<number>;
  history(id: string): Promise<AccountEvent[]>;
  /** Appends a history event without changing the account (e.g. a reply attached to a request). */
  /** `eventId` makes the line's key: writing the same line twice (a retry) leaves one. */
  appendHistory(event: AccountEvent, eventId?: string): Promise<void>;
  /** Writes many new accounts (import); all-or-nothing is the caller's validation job, this only batches. */
  createMany(accounts: { account: Account; event: AccountEvent }[]): Promise<void>;
}

/** An import being written: what a rollback needs to find what it wrote. */
export interface ImportRecord {
  id: string;
  file: string;
  actor: string;
  /** When it started (also the `at` of every history event it writes). */
  at: string;
  /** Institutions its rows belong to (where a rollback looks for its accounts). */
  institutions: string[];
  rows: number;
  /** The process writing it, so that a rollback never undoes a live import on the same host. */
  host: string;
  pid: number;
}

/** One account an import writes, with its line in the file (to name it when a write is refused). */
export interface ImportEntry {
  line: number;
  account: Account;
  event: AccountEvent;
}

/**
 * Bulk import: many accounts in DynamoDB transactions of up to 100 actions, every item tagged
 * with the import's id, under a marker that stays "writing" until the import is finished, so
 * that what an interrupted import wrote can be found and removed.
 */
export interface AccountImportStore {
  /**
   * The open accounts (status and employee type) of the wanted addresses (keys `institution#email`,
   * email lowercased) of these institutions: the rows' own addresses, and their supervisors'.
   */
  openAccounts(
    institutions: Iterable<string>,
    wanted: (key: string) => boolean,
  ): Promise<Map<string, Pick<Account, 'status' | 'employeeType'>[]>>;
  /** Accounts a batch holds. */
  readonly batchSize: number;
  /**
   * Writes the marker and holds the file's institutions against creates (their fence) until
   * finish or rollback; ImportInProgressError when another import holds one of them.
   */
  begin(record: ImportRecord): Promise<void>;
  /**
   * Writes one batch: its accounts and history, then their open addresses (ImportConflictError
   * naming the entry whose address got an open account since validation; ImportFenceLostError
   * when the hold lapsed). A batch that fails part-way leaves what the import's rollback removes.
   */
  writeBatch(record: ImportRecord, entries: ImportEntry[]): Promise<void>;
  finish(record: ImportRecord): Promise<void>;
  /** Imports begun and neither finished nor rolled back (killed, or their rollback failed). */
  unfinished(): Promise<ImportRecord[]>;
  /** Removes every item the import wrote, then its marker; returns the accounts removed. */
  rollback(record: ImportRecord, onProgress?: (removed: number) => void): Promise<number>;
}

export interface ClaimOptions {
  /**
   * A claim not completed within this many seconds (its holder crashed) may be taken over.
   * Default CLAIM_LEASE_SECONDS: longer than any Lambda may run, so a live holder is never overtaken.
   */
  leaseSeconds?: number;
  /** DynamoDB forgets the claim this many days later (TTL). Default: kept. */
  ttlDays?: number;
  now?: Date;
  /** The token to hold the claim under (the claims of one holder may share one); default a new one. */
  owner?: ClaimToken;
  /**
   * The label of the message this claim goes out in: the claim is done once its holder marks
   * that label (`markDone`), one write for all the claims of a message.
   */
  doneBy?: string;
}

/** Lambda's longest timeout is 15 minutes; a claim's lease outlives any invocation that holds it. */
export const CLAIM_LEASE_SECONDS = 16 * 60;
/** The status-check function's timeout (infra/stack.ts uses it). */
export const STATUS_CHECK_TIMEOUT_SECONDS = 90;
/**
 * A status alert's claim outlives the status check that holds it, and no more: a check that died
 * holding it is taken over by the next check five minutes later, not 16 minutes later (by then an
 * outage's reminder or recovery would be late or lost).
 */
export const ALERT_CLAIM_LEASE_SECONDS = STATUS_CHECK_TIMEOUT_SECONDS + 30;

/** Who holds a claim: given by `claim`, required by `complete` and `release`. */
export type ClaimToken = string & { readonly __claimToken: unique symbol };

/** Exactly-once claims for things that must happen once ever (a notice, an alert, an answer). */
export interface ClaimStore {
  /**
   * Claims `key`: this caller's token when it got it; undefined when it is done or held by
   * someone whose lease is still running. `ttlDays` lets DynamoDB forget the claim later.
   */
  claim(
    key: string,
    details: Record<string, unknown>,
    options?: ClaimOptions,
  ): Promise<ClaimToken | undefined>;
  /**
   * Marks the claim done (sent) by its holder: it can never be taken again. Completing twice
   * with the same token is fine; ClaimLostError when someone else took the claim over.
   */
  complete(key: string, token: ClaimToken, details?: Record<string, unknown>): Promise<void>;
  /**
   * Completes many claims of one message together (a digest's): fewer round trips than one by
   * one. ClaimLostError names the keys someone else took over; the others are completed.
   */
  completeAll(
    held: readonly { key: string; token: ClaimToken }[],
    details?: Record<string, unknown>,
  ): Promise<void>;
  /** Gives a claim back after a failed send so a retry can take it; a no-op unless `token` still holds it. */
  release(key: string, token: ClaimToken): Promise<void>;
  /**
   * Completes, in one write per label, every claim `token` took with `doneBy` one of `labels`
   * (after their message was sent). Marking twice is fine; claims someone else took over are
   * not theirs to complete and stay as they are.
   */
  markDone(
    token: ClaimToken,
    labels: readonly string[],
    details?: Record<string, unknown>,
    options?: { ttlDays?: number },
  ): Promise<void>;
  /** True when the claim was completed (the thing was done). */
  isDone(key: string): Promise<boolean>;
}

/** Secrets (HMAC key, Alma API keys, status API credentials): Secrets Manager/SSM in AWS, a file locally. */
export interface SecretReader {
  /** The secret's value; throws NotFoundError when it does not exist. Implementations cache per container. */
  get(name: string): Promise<string>;
}

/**
 * Each inbound message handled once (Powertools idempotency in AWS and locally): a second
 * delivery gets the first one's result, marked `replayed`; a delivery while another is still
 * being processed throws MessageInFlightError (Lambda retries it later). A failed run leaves
 * nothing behind, so the retry runs again (and carries out the recorded plan).
 */
export interface InboundLedger {
  once<T>(
    messageId: string,
    remainingTimeMs: () => number,
    work: () => Promise<T>,
  ): Promise<{ value: T; replayed: boolean }>;
}

/** The request mailbox's bookkeeping: decided plans and requests. */
export interface RequestStore {
  getPlan(messageId: string): Promise<RecordedPlan | undefined>;
  /** Records a plan once; false when another attempt recorded one first (that one stands). */
  putPlan(plan: InboundPlan, now: Date): Promise<boolean>;
  /** SES accepted this answer of the plan: a retry does not send it again. */
  markAnswerSent(messageId: string, answerId: string, providerMessageId: string): Promise<void>;
  /** The outcome of a step the answers depend on; the first one recorded stays. */
  recordOutcome(messageId: string, step: string, outcome: unknown): Promise<void>;
  /** Drops a plan of which nothing was sent (its decision was overtaken); false when something was. */
  dropPlan(messageId: string): Promise<boolean>;
  getRequest(reference: string): Promise<AccountRequest | undefined>;
  /** Writes the request as `request.version`; ConcurrentUpdateError when the stored one is not the version before. */
  putRequest(request: AccountRequest): Promise<void>;
  /**
   * Requests that wait (pending, or abandoned and not everyone told), oldest wait first: one
   * Query on a sparse index, eventually consistent (the sweep re-reads before it writes).
   */
  listWaiting(): Promise<Page<AccountRequest>>;
}

/** How far each stage of a review campaign was handled completely (ISO instants). */
export type ReviewProgress = Partial<Record<'start' | 'reminder' | 'final', string>>;

/** Decisions of the yearly review, one per account per campaign (the latest wins), and the campaign's bookkeeping. */
export interface ReviewDecisionStore {
  put(record: ReviewDecisionRecord): Promise<void>;
  /**
   * Records a decision with its account change (`next` null: its history event alone) in one
   * transaction, once: ConcurrentUpdateError when the account moved since it was read or the
   * stored decision is no longer `previous` (another run decided first).
   */
  decide(
    record: ReviewDecisionRecord,
    previous: ReviewDecisionRecord | undefined,
    change: { next: Account | null; event: AccountEvent },
  ): Promise<void>;
  get(campaign: number, accountId: string): Promise<ReviewDecisionRecord | undefined>;
  /** Every decision of a campaign, with the items read. */
  decisions(campaign: number): Promise<{ items: ReviewDecisionRecord[]; itemsRead: number }>;
  /** The accounts already asked at a stage (their notice went to every manager). */
  asked(campaign: number, stage: string): Promise<{ accountIds: Set<string>; itemsRead: number }>;
  /** The decisions of these accounts, and which of them were already asked at a stage (batched reads). */
  entriesOf(
    campaign: number,
    stage: string,
    accountIds: readonly string[],
  ): Promise<{ decisions: ReviewDecisionRecord[]; asked: Set<string>; itemsRead: number }>;
  /** Remembers that these accounts' notices of a stage went out, so later days skip them without claiming again. */
  markAsked(campaign: number, entries: { stage: string; accountId: string }[]): Promise<void>;
  progress(campaign: number): Promise<{ progress: ReviewProgress; itemsRead: number }>;
  /** Every account written before `through` was handled at this stage (moves forward only). */
  markStageHandled(campaign: number, stage: keyof ReviewProgress, through: string): Promise<void>;
}

/** What SES told us of each address (bounces, complaints): the notice jobs leave out the unreachable. */
export interface MailFeedbackStore {
  get(email: string): Promise<AddressStanding | undefined>;
  /** The standings of many addresses (lower-cased), the unknown ones absent; batched reads. */
  getMany(emails: readonly string[]): Promise<Map<string, AddressStanding>>;
  /** Writes `standing` as the version after the one read; ConcurrentUpdateError when another write came first. */
  put(standing: AddressStanding): Promise<void>;
}

/** The requesters' ratings of finished requests (issue 29), one per request, counted per month. */
export interface RatingStore {
  /** Records the rating, replacing the request's earlier one (the latest answer counts). */
  put(rating: Rating): Promise<void>;
  /** The ratings counted in a month (one Query of its partition, paged by the SDK). */
  ofMonth(month: RatingMonth): Promise<Rating[]>;
}

/** Per-job bookkeeping of the notice jobs. */
export interface NoticeStateStore {
  /** The last Brussels day a job handled completely; undefined before its first run. */
  lastRun(job: string): Promise<CalendarDate | undefined>;
  /** Moves the mark forward only (an older, slower run never moves it back). */
  markRun(job: string, day: CalendarDate): Promise<void>;
  /**
   * The first Brussels day a job was ever run, recorded by its first attempt (`day`) and kept:
   * a first run that fails still leaves what it owed to the next day's catch-up.
   */
  firstRun(job: string, day: CalendarDate): Promise<CalendarDate>;
  /** True when the claim of this key is completed (sent), false when free or still held by a run. */
  isDone(claimKey: string): Promise<boolean>;
  /** The accounts the deactivation list still waits for (as of its last run), and when it was last rebuilt. */
  deactivationBacklog(): Promise<DeactivationBacklog | undefined>;
  saveDeactivationBacklog(backlog: DeactivationBacklog): Promise<void>;
}

/** One account the helpdesk still has to deactivate in Alma. */
export interface PendingDeactivation {
  accountId: string;
  fullName: string;
  email: string;
  institutionName: string;
  reason: 'expired' | 'closure';
  date: CalendarDate;
  /** Alma already refuses log-in from that date (as of when it was listed). */
  doneInAlma?: boolean;
}

export interface DeactivationBacklog {
  entries: PendingDeactivation[];
  /** The Brussels day it was last rebuilt from the accounts themselves. */
  rebuiltOn: CalendarDate;
}

/** One target's checks of one Brussels day, added up as the status check writes them. */
export interface DayRecord {
  day: CalendarDate;
  checks: number;
  operational: number;
  degraded: number;
  down: number;
  maintenance: number;
  unknown: number;
}

/** The monitor's memory: one state per target (version-checked), its check history and daily roll-up, announced windows. */
export interface MonitorStore {
  getState(target: string): Promise<TargetState | undefined>;
  /**
   * Writes `state` as the version after `state.version`; returns the stored state (version + 1).
   * ConcurrentUpdateError when another run wrote the target since it was read.
   */
  putState(state: TargetState): Promise<TargetState>;
  appendCheck(
    target: string,
    at: Date,
    verdict: StatusVerdict,
    readings: SourceReading[],
    retentionDays: number,
  ): Promise<void>;
  /** Checks of one target in [from, to], oldest first, and how many items were read. */
  checks(target: string, from: Date, to: Date): Promise<{ items: CheckRecord[]; itemsRead: number }>;
  /** The daily roll-up of one target for the days [from, to], oldest first (days without checks are absent). */
  days(
    target: string,
    from: CalendarDate,
    to: CalendarDate,
  ): Promise<{ items: DayRecord[]; itemsRead: number }>;
  /** Maintenance windows Ex Libris announced by mail for an environment, by start. */
  windows(environment: string): Promise<{ items: AnnouncedWindow[]; itemsRead: number }>;
  /**
   * Writes a window as the version after `version` (0: new). ConcurrentUpdateError when another
   * mail wrote it since it was read.
   */
  putWindow(window: AnnouncedWindow, version: number, retentionDays: number): Promise<void>;
}

/** What the monitor asks of the outside world: Ex Libris' status and our own probes of Alma. Never throws. */
export interface StatusProbes {
  /** One reading per environment name from one Ex Libris source (one request serves them all). */
  readExlibris(
    source: StatusSourceConfig,
    environments: readonly string[],
    now: Date,
  ): Promise<Map<string, SourceReading>>;
  /** `GET /almaws/v1/users/operation/test` (the Users area's key test) with the institution's API key. */
  probeAlmaApi(target: { apiBase: string; apiKey: string }): Promise<SourceReading>;
  /** The institution's Alma address answers. */
  probeAlmaUrl(target: { url: string }): Promise<SourceReading>;
}

/** An answer of Alma's API with the institution's remaining daily quota (X-Exl-Api-Remaining). */
export interface AlmaReply<T> {
  value: T;
  remaining: number | null;
}

/**
 * Alma's Users API, per institution (each Institution Zone has its own gateway and API key).
 * Calls are throttled to the institution's per-second threshold and retried when throttled, on
 * 5xx and without an answer; every other refusal is an AlmaApiError with Alma's code and message.
 */
export interface AlmaUsers {
  /** The whole user; null when Alma has no user with this primary id (401861 or 401890). */
  get(institution: string, primaryId: string): Promise<AlmaReply<AlmaUser | null>>;
  /** POST /almaws/v1/users; 401851 (AlmaApiError) when the primary id is taken. */
  create(institution: string, user: AlmaUser): Promise<AlmaReply<AlmaUser>>;
  /**
   * PUT the whole user back: Alma replaces repeatable lists whole, so send what GET gave, changed.
   * Null when Alma has no such user (401890: it went since it was read).
   */
  replace(institution: string, primaryId: string, user: AlmaUser): Promise<AlmaReply<AlmaUser | null>>;
  /** One page of GET /almaws/v1/users (limit ≤ 100). */
  list(
    institution: string,
    page: { q?: string; limit: number; offset: number },
  ): Promise<AlmaReply<{ users: AlmaUserBrief[]; total: number }>>;
}

/** A portal session as recorded: the cookie holds a random id, the table its hash. */
export interface PortalSessionRecord {
  email: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** One page of a portal list: the items, the key to read the next page from, the items read. */
export interface ListPage<T> {
  items: T[];
  /** Opaque: where the next page starts; absent on the last page. */
  next?: string;
  itemsRead: number;
}

/**
 * The portal's records: sign-in links (single use), the one-a-minute limit per address, sessions
 * (revocable: deleting the record ends it), and the lists, one Query a page.
 */
export interface PortalStore {
  /** Takes the address's slot of this minute (a conditional write); false when a link went out less than a minute ago. */
  claimSignInSlot(email: string, now: Date, intervalSeconds: number): Promise<boolean>;
  putSignInLink(nonce: string, email: string, expiresAt: number): Promise<void>;
  /** Whether the link is recorded, unused and unexpired (read only: the GET that shows the button). */
  signInLinkUsable(nonce: string, now: Date): Promise<boolean>;
  /** Uses the link once (a conditional write): its address, or undefined when unknown, used or expired. */
  consumeSignInLink(nonce: string, now: Date): Promise<string | undefined>;
  putSession(id: string, session: PortalSessionRecord): Promise<void>;
  getSession(id: string, now: Date): Promise<PortalSessionRecord | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Ends every session of an address (the helpdesk revokes a manager); returns how many. */
  revokeSessionsOf(email: string): Promise<number>;
  /** Writes the list keys onto accounts and requests written before the portal (a one-off after deploying it). */
  addListKeys(
    institutions: readonly string[],
  ): Promise<{ accounts: number; requests: number; forwarded: number }>;
  /** Mail forwarded to the human helpdesk (waiting for a person), newest first. */
  forwardedPage(pageSize: number, after?: string): Promise<ListPage<ForwardedMail>>;
  /** A person handled the forwarded mail: it leaves the list (kept on its plan); false when it was not listed. */
  markForwardedHandled(messageId: string, by: string, at: Date): Promise<boolean>;
  accountPage(plan: ListPlan, pageSize: number, after?: string): Promise<ListPage<Account>>;
  requestPage(plan: ListPlan, pageSize: number, after?: string): Promise<ListPage<AccountRequest>>;
}

/** The latest weekly reports the helpdesk reads in the portal (one item each). */
export interface ReportStore {
  /** Records the week's drift report; false (nothing written) when a later week is recorded already. */
  putDriftReport(record: DriftRecord): Promise<boolean>;
  latestDriftReport(): Promise<DriftRecord | undefined>;
}

/** One step of the shared-index backfill. */
export interface SharedIndexBackfill {
  complete: boolean;
  itemsRead: number;
  /** Accounts given the `SHARED` attributes by this step. */
  indexed: number;
}

/**
 * Seals small secrets (the shared-account passwords) for storage: KMS in AWS (a key of the stack),
 * AES-256-GCM with a key of the data dir's secrets.json locally. `context` is bound to the
 * ciphertext (KMS encryption context, GCM associated data): a sealed value copied onto another
 * account's record does not open.
 */
export interface SecretBox {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  /** Throws when the sealed value was changed or belongs to another context. */
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

/** The yearly shared-account password rotations (issue 30), one record per account per rotation date. */
export interface PasswordRotationStore {
  get(rotationDate: CalendarDate, accountId: string): Promise<PasswordRotation | undefined>;
  /** Records a new rotation once; false when one is already recorded (that one stands). */
  create(rotation: PasswordRotation): Promise<boolean>;
  /** Writes `next` as the version after `next.version - 1`; ConcurrentUpdateError otherwise. */
  update(next: PasswordRotation): Promise<void>;
  /** Every rotation of one rotation date, with the items read. */
  list(rotationDate: CalendarDate): Promise<Page<PasswordRotation>>;
}
