import pMap from 'p-map';
import pRetry, { AbortError } from 'p-retry';
import type { ClaimOptions, ClaimStore, ClaimToken, OutgoingMail } from '../domain/ports';
import { ClaimLostError } from '../errors';
import { pseudonym } from '../logging';
import { countCaughtFailure } from '../metrics';
import type { AppContext } from './context';

/** A claim this run holds. */
export interface HeldClaim {
  key: string;
  token: ClaimToken;
}

/**
 * What a send goes out under: one key to claim now, or the claims the caller already took (a
 * digest's notices, an alert mail's alerts), which it claimed with rules of its own.
 */
export type SendClaims =
  | { key: string; details: Record<string, unknown>; options?: ClaimOptions }
  | { held: readonly HeldClaim[] };

/**
 * How the claims are marked done once SES accepted the mail: completed together (the default), or
 * by one write per recipient label (claims taken with `doneBy` under one owner token, a notice
 * digest's).
 */
export type DoneMark = { labels: readonly string[]; ttlDays?: number };

export interface ExactlyOnceSend {
  /** Names the message in the log lines: "<what> not sent …", "<what> sent but not marked done …". */
  what: string;
  /** What the log lines say besides (never addresses: recipients are logged as pseudonyms). */
  log?: Record<string, unknown>;
  claims: SendClaims;
  mail: OutgoingMail;
  /** Default: the held claims completed together. */
  mark?: DoneMark;
  /**
   * A failed send: `'throw'` (default) gives the claims back and rethrows (the caller fails, its
   * retry sends); `'report'` gives them back, counts MailNotSent, logs it and says `not-sent`.
   */
  onSendFailure?: 'throw' | 'report';
}

export type ExactlyOnceOutcome =
  /** The key was not won: sent before (done)… */
  | { outcome: 'already-sent' }
  /** …or another run holds it (its lease is running). */
  | { outcome: 'held' }
  /** SES did not accept it; the claims were given back, so a retry sends it. */
  | { outcome: 'not-sent'; error: unknown }
  /** SES accepted it and its claims are done. */
  | { outcome: 'sent'; messageId: string; marked: true }
  /** SES accepted it but marking it done failed: the claims stay held until their lease ends. */
  | { outcome: 'sent'; messageId: string; marked: false; error: unknown };

const RELEASE_CONCURRENCY = 8;
const MARK_RETRIES = { retries: 4, minTimeout: 200, maxTimeout: 3_000 };

/**
 * Sends one message exactly once: claim, send, mark done. The claims are given back only when the
 * send itself failed (SES did not accept it), so a retry sends it. Once SES accepted it the
 * claims are only ever marked done, retried with backoff beyond the SDK's own retries; when that
 * fails they stay held until their lease ends (a retry sends nothing again), and the log says
 * "sent but not marked done", never "not sent".
 */
export async function sendExactlyOnce(
  ports: Pick<AppContext, 'claims' | 'mailer' | 'logger'>,
  send: ExactlyOnceSend,
): Promise<ExactlyOnceOutcome> {
  const { claims, logger } = ports;
  const claimed = await claimFor(claims, send.claims);
  if ('outcome' in claimed) return claimed;
  const { held } = claimed;
  let messageId: string;
  try {
    ({ messageId } = await ports.mailer.send(send.mail));
  } catch (error) {
    await releaseUnsentClaims(claims, held);
    if (send.onSendFailure !== 'report') throw error;
    countCaughtFailure('MailNotSent');
    logger.error(`${send.what} not sent; claims released for a retry`, {
      ...send.log,
      recipients: [...send.mail.to, ...(send.mail.cc ?? [])].map((r) => pseudonym(r)),
      error: (error as Error).message,
    });
    return { outcome: 'not-sent', error };
  }
  try {
    await markSent(claims, held, { messageId }, send.mark);
    return { outcome: 'sent', messageId, marked: true };
  } catch (error) {
    logger.error(`${send.what} sent but not marked done; its claims stay held until their lease ends`, {
      ...send.log,
      error: (error as Error).message,
    });
    return { outcome: 'sent', messageId, marked: false, error };
  }
}

async function claimFor(
  claims: ClaimStore,
  what: SendClaims,
): Promise<{ held: readonly HeldClaim[] } | { outcome: 'already-sent' } | { outcome: 'held' }> {
  if ('held' in what) return what;
  const token = await claims.claim(what.key, what.details, what.options);
  if (token) return { held: [{ key: what.key, token }] };
  return (await claims.isDone(what.key)) ? { outcome: 'already-sent' } : { outcome: 'held' };
}

/** Marks a sent message's claims done; throws the last error when some could not be marked. */
async function markSent(
  claims: ClaimStore,
  held: readonly HeldClaim[],
  details: Record<string, unknown>,
  mark: DoneMark | undefined,
): Promise<void> {
  await pRetry(async () => {
    try {
      if (mark) await claims.markDone(held[0]!.token, mark.labels, details, { ttlDays: mark.ttlDays });
      else await claims.completeAll(held, details);
    } catch (error) {
      // Overtaken: someone else holds it now; retrying cannot help (completing twice is fine).
      if (error instanceof ClaimLostError) throw new AbortError(error);
      throw error;
    }
  }, MARK_RETRIES);
}

/** Gives claims back after their message could not be sent, so a retry takes them; never throws. */
async function releaseUnsentClaims(claims: ClaimStore, held: readonly HeldClaim[]): Promise<void> {
  await pMap(held, ({ key, token }) => claims.release(key, token).catch(() => undefined), {
    concurrency: RELEASE_CONCURRENCY,
  });
}
