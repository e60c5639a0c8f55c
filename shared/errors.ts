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

/** A CSV file whose quoting cannot be read; `line` is the physical line its bad record starts on. */
export class CsvSyntaxError extends ValidationError {
  constructor(
    readonly line: number,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}: ${problem}`, [problem], options);
  }
}

export class NotFoundError extends AlmaAccountsError {}

/** Someone else changed the item since it was read (optimistic version check failed). */
export class ConcurrentUpdateError extends AlmaAccountsError {}

/** A uniqueness or claim condition failed: the thing already exists / was already done. */
export class AlreadyExistsError extends AlmaAccountsError {}

export class MissingEnvironmentError extends AlmaAccountsError {}

/** A claim's lease ran out and someone else took it over: its former holder must not mark it done. */
export class ClaimLostError extends AlmaAccountsError {}
