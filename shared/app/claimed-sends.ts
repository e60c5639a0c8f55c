import pMap from 'p-map';
import pRetry, { AbortError } from 'p-retry';
import type { ClaimStore, ClaimToken } from '../domain/ports';
import { ClaimLostError } from '../errors';

/** A claim this run holds. */
export interface HeldClaim {
  key: string;
  token: ClaimToken;
}

const RELEASE_CONCURRENCY = 8;

/**
 * Marks claims done after their message was sent. The message is out, so a failure here must
 * never give the claims back (a retry would send again): they are completed together, retried
 * with backoff beyond the SDK's own retries, and a claim that cannot be completed stays held until
 * its lease runs out. Throws the last error when some could not be completed.
 */
export async function completeSentClaims(
  claims: ClaimStore,
  held: readonly HeldClaim[],
  details: Record<string, unknown>,
): Promise<void> {
  await pRetry(
    async () => {
      try {
        await claims.completeAll(held, details);
      } catch (error) {
        // Overtaken: someone else holds it now; retrying cannot help (completing twice is fine).
        if (error instanceof ClaimLostError) throw new AbortError(error);
        throw error;
      }
    },
    { retries: 4, minTimeout: 200, maxTimeout: 3_000 },
  );
}

/**
 * Marks a sent message's claims done in one write per recipient label (`ClaimStore.markDone`):
 * like `completeSentClaims`, retried with backoff and never turned into a release. Throws the last
 * error when the mark could not be written; the claims then stay held until their lease ends.
 */
export async function markSentMessage(
  claims: ClaimStore,
  token: ClaimToken,
  labels: readonly string[],
  details: Record<string, unknown>,
  options: { ttlDays?: number } = {},
): Promise<void> {
  await pRetry(() => claims.markDone(token, labels, details, options), {
    retries: 4,
    minTimeout: 200,
    maxTimeout: 3_000,
  });
}

/** Gives claims back after their message could not be sent, so a retry takes them; never throws. */
export async function releaseUnsentClaims(claims: ClaimStore, held: readonly HeldClaim[]): Promise<void> {
  await pMap(held, ({ key, token }) => claims.release(key, token).catch(() => undefined), {
    concurrency: RELEASE_CONCURRENCY,
  });
}
