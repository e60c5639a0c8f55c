/** Base of every error this suite raises on purpose; mapped to an answer at the edge (handler, CLI). */
export class AlmaAccountsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that cannot be used: a bad config file, CSV row, argument, or mail field. */
export class ValidationError extends AlmaAccountsError {
  constructor(
    message: string,
    readonly problems: string[] = [message],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ConfigError extends ValidationError {}

export class NotFoundError extends AlmaAccountsError {}

/** Someone else changed the item since it was read (optimistic version check failed). */
export class ConcurrentUpdateError extends AlmaAccountsError {}

/** A uniqueness or claim condition failed: the thing already exists / was already done. */
export class AlreadyExistsError extends AlmaAccountsError {}

export class MissingEnvironmentError extends AlmaAccountsError {}

/** A claim's lease ran out and someone else took it over: its former holder must not mark it done. */
export class ClaimLostError extends AlmaAccountsError {}

/** What went wrong in one call to Alma's API, as the error carries it. */
export interface AlmaFailure {
  /** HTTP status, or null when Alma did not answer (timeout, refused connection). */
  status: number | null;
  /** Alma's `errorCode` (401861, PER_SECOND_THRESHOLD…), or TIMEOUT / NETWORK / BAD_ANSWER. */
  code: string;
  /** Alma's `errorMessage` or what happened instead. */
  almaMessage: string;
  trackingId: string | null;
  /** `GET /almaws/v1/users/{id}`: the call, without its query or key. */
  call: string;
  /** Worth trying again later: throttled, a server error, no answer. */
  retryable: boolean;
  /** X-Exl-Api-Remaining of the answer, when there was one. */
  remaining: number | null;
}

/** Alma's Users API refused a call or did not answer; the message says which and why, in one line. */
export class AlmaApiError extends AlmaAccountsError {
  constructor(
    readonly failure: AlmaFailure,
    options?: { cause?: unknown },
  ) {
    const where = failure.status === null ? 'no answer' : `HTTP ${failure.status}`;
    super(
      `Alma ${failure.call}: ${where}, ${failure.code} ${failure.almaMessage}${failure.trackingId ? ` (tracking id ${failure.trackingId})` : ''}`,
      options,
    );
  }

  get code(): string {
    return this.failure.code;
  }
  get status(): number | null {
    return this.failure.status;
  }
  get trackingId(): string | null {
    return this.failure.trackingId;
  }
}
/** DynamoDB kept refusing part of a batch write (throttling) after every resend we allow. */
export class UnprocessedItemsError extends AlmaAccountsError {
  constructor(
    readonly tableName: string,
    /** Items left unwritten when we gave up (batches other writers had in flight not counted). */
    readonly unprocessed: number,
    readonly rounds: number,
  ) {
    super(
      `${unprocessed} item(s) of ${tableName} left unwritten: still unprocessed after ${rounds} BatchWriteItem rounds`,
    );
  }
}

/** The AWS SDK cannot call AWS at all: no region, or no credentials in the standard chain. */
export class AwsSetupError extends AlmaAccountsError {}

/** Another delivery of the same inbound message is still being processed: Lambda retries later. */
export class MessageInFlightError extends AlmaAccountsError {}

/**
 * What a recorded plan was decided on changed before any of it reached anyone (another mail
 * changed the account or the request first): the plan is dropped and the mail decided again.
 */
export class PlanOvertakenError extends AlmaAccountsError {}

/** An import's transaction was refused: the address of entry `index` got an open account since the file was checked. */
export class ImportConflictError extends AlmaAccountsError {
  constructor(
    readonly index: number,
    options?: ErrorOptions,
  ) {
    super('an account for this address was created while the import ran', options);
  }
}

/**
 * An import is writing this institution's accounts: a create waits for it (the inbound mail's
 * invocation fails and Lambda retries it; the CLI says to try again).
 */
export class ImportInProgressError extends AlmaAccountsError {
  constructor(institution: string, options?: ErrorOptions) {
    super(`an import is writing ${institution}'s accounts: try again in a minute`, options);
  }
}

/** The import lost its fence (its lease lapsed: the process stalled): it stops and rolls back. */
export class ImportFenceLostError extends AlmaAccountsError {
  constructor(institutions: string, options?: ErrorOptions) {
    super(`the import's hold on ${institutions} lapsed before it finished`, options);
  }
}

/** Another invocation is handling this SES feedback right now: the retry comes back after its lease. */
export class FeedbackInFlightError extends AlmaAccountsError {}
