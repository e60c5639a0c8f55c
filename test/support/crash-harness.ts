import { AsyncLocalStorage } from 'node:async_hooks';

/** Where an attempt dies: at its `call`-th SDK call, before it is sent or after it landed. */
export interface CrashPoint {
  call: number;
  landed: boolean;
}

/** A crash that happened: the SDK operation it hit and whether that call had landed. */
export interface Crash {
  operation: string;
  landed: boolean;
}

/** `sesAccepted`: messages SES accepted during the attempt. */
export type AttemptOutcome<T> = { calls: number; sesAccepted: number } & (
  | { status: 'done'; value: T }
  | { status: 'failed'; error: unknown }
  | { status: 'crashed'; crash: Crash }
);

interface Watchable {
  // biome-ignore lint/suspicious/noExplicitAny: every SDK client's stack; the middleware forwards any command
  middlewareStack: { add(middleware: any, options: any): void };
}

const frozen = () => new Promise<never>(() => undefined);

/**
 * The attempt a call belongs to, shared by every harness: each AsyncLocalStorage stays in Node's
 * list until disabled, and every new promise visits them all (thousands of worlds in the bench
 * made each run slower than the last).
 */
const ATTEMPTS = new AsyncLocalStorage<{ harness: CrashHarness; generation: number }>();

/**
 * A Lambda container that can die at any SDK call. Every client watched (the DynamoDB document
 * client, the SES client) counts its calls per attempt; at the chosen one the container
 * freezes: that call is never sent, or it reaches DynamoDB / SES and its answer never comes
 * back. Nothing of a dead attempt runs again (its later calls never return), and calls already
 * on the wire land before the next attempt starts, as they would during Lambda's retry delay.
 */
export class CrashHarness {
  private generation = 0;
  private alive = false;
  private calls = 0;
  private sesAccepted = 0;
  private crashAt: CrashPoint | undefined;
  private crashed: ((crash: Crash) => void) | undefined;
  private readonly onTheWire = new Set<Promise<unknown>>();

  /** Counts `client`'s calls and lets an attempt die at one; returns the client. */
  watch<C extends Watchable>(client: C): C {
    client.middlewareStack.add(
      // biome-ignore lint/suspicious/noExplicitAny: see Watchable
      (next: any, context: any) => async (args: any) => {
        const store = ATTEMPTS.getStore();
        // Outside any attempt (set-up, assertions): straight through.
        if (store?.harness !== this) return next(args);
        const mine = store.generation;
        if (mine !== this.generation || !this.alive) return frozen();
        const call = ++this.calls;
        const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        if (this.crashAt?.call === call && !this.crashAt.landed)
          return this.die({ operation, landed: false });
        const sent = next(args);
        this.onTheWire.add(sent);
        try {
          const result = await sent;
          if (operation === 'SendEmail' && mine === this.generation) this.sesAccepted++;
          if (mine !== this.generation || !this.alive) return frozen();
          if (this.crashAt?.call === call) return this.die({ operation, landed: true });
          return result;
        } finally {
          this.onTheWire.delete(sent);
        }
      },
      { step: 'initialize', priority: 'high', name: 'crashHarness', override: true },
    );
    return client;
  }

  private die(crash: Crash): Promise<never> {
    this.alive = false;
    this.crashed?.(crash);
    return frozen();
  }

  /** One invocation; it dies at `crashAt` if it gets that far. */
  async attempt<T>(work: () => Promise<T>, crashAt?: CrashPoint): Promise<AttemptOutcome<T>> {
    const generation = ++this.generation;
    this.alive = true;
    this.calls = 0;
    this.sesAccepted = 0;
    this.crashAt = crashAt;
    const died = new Promise<Crash>((resolve) => {
      this.crashed = resolve;
    });
    const outcome = await Promise.race([
      ATTEMPTS.run({ harness: this, generation }, work).then(
        (value) => ({ status: 'done' as const, value }),
        (error: unknown) => ({ status: 'failed' as const, error }),
      ),
      died.then((crash) => ({ status: 'crashed' as const, crash })),
    ]);
    // The container is frozen after its invocation: whatever of it is left never runs on.
    this.alive = false;
    while (this.onTheWire.size) await Promise.allSettled([...this.onTheWire]);
    return { ...outcome, calls: this.calls, sesAccepted: this.sesAccepted };
  }
}

/** How a run went over its attempts. */
export interface RunRecord<T> {
  value: T | undefined;
  attempts: number;
  crashes: Crash[];
  /**
   * Messages SES accepted in attempts that then died: the one window where a message may go
   * twice (accepted, the container died before it was marked sent; sends run side by side, so
   * one crash may leave several unmarked).
   */
  afterSesAccepted: number;
}

/**
 * Invokes `work(attempt)` as Lambda would: again after each failure or crash, each attempt
 * dying at the next of `crashes`, until one succeeds or `maxAttempts` ran (then: lost).
 */
export async function untilDone<T>(
  harness: CrashHarness,
  work: (attempt: number) => Promise<T>,
  crashes: readonly CrashPoint[],
  maxAttempts = 8,
): Promise<RunRecord<T>> {
  const record: RunRecord<T> = { value: undefined, attempts: 0, crashes: [], afterSesAccepted: 0 };
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    record.attempts++;
    const outcome = await harness.attempt(() => work(attempt), crashes[attempt]);
    if (outcome.status === 'done') {
      record.value = outcome.value;
      return record;
    }
    if (outcome.status === 'crashed') {
      record.crashes.push(outcome.crash);
      record.afterSesAccepted += outcome.sesAccepted;
    }
  }
  return record;
}
