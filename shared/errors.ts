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
