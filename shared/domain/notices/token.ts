import { createHash, createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { type CalendarDate, isCalendarDate } from '../calendar';
import { isRatingChoice, isRatingMonth, type RatingChoice, type RatingMonth } from '../rating';

/**
 * Signed decision links: compact JWS (HS256, jose) with the decision-link key. A link is bound to
 * one account and one campaign (or one deactivation reason date) and carries its own expiry
 * (`exp`), so nothing is stored per link.
 */
export type ReviewChoice = 'renew' | 'not-renew';

export type BounceChoice = 'close' | 'keep';

export type LinkClaims =
  | {
      purpose: 'review';
      accountId: string;
      /** The campaign: the year whose 31 December the account ends on. */
      campaign: number;
      decision: ReviewChoice;
      /** Epoch seconds after which the link is refused. */
      expiresAt: number;
    }
  | {
      purpose: 'close';
      accountId: string;
      /** The end or deactivation date that put the account on the list; a changed account refuses the link. */
      reasonDate: CalendarDate;
      expiresAt: number;
    }
  | {
      /** The helpdesk approves creating the account's Alma user (the page shows the exact record). */
      purpose: 'provision';
      accountId: string;
      expiresAt: number;
    }
  | {
      /** A portal sign-in link: the nonce names the server-side record it consumes (single use). */
      purpose: 'sign-in';
      nonce: string;
      expiresAt: number;
    }
  | {
      /** A manager answers "mail to the account's address bounces: has the person left?". */
      purpose: 'bounce';
      accountId: string;
      decision: BounceChoice;
      expiresAt: number;
    }
  | {
      /** The status page, when `monitor.statusPage.access` is `signed`: bound to nothing but its expiry. */
      purpose: 'status';
      expiresAt: number;
    }
  | {
      /**
       * The helpdesk confirms the password rotations of `approve` institutions (issue 30): bound to
       * the rotation date and the list it was shown (a digest of its accounts), so a list that
       * changed since is not confirmed by an older link.
       */
      purpose: 'rotation-approval';
      rotationDate: CalendarDate;
      list: string;
      expiresAt: number;
    }
  | {
      /** A manager reveals a shared account's new password once (issue 30): bound to the account, the year and the manager. */
      purpose: 'reveal';
      accountId: string;
      rotationDate: CalendarDate;
      manager: string;
      expiresAt: number;
    }
  | {
      /**
       * The requester rates a finished request (issue 29): bound to the request, the answer's
       * addressee and the icon clicked; the month is the one the request was answered in.
       */
      purpose: 'rating';
      reference: string;
      requester: string;
      choice: RatingChoice;
      month: RatingMonth;
      expiresAt: number;
    };

export type LinkVerdict =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const TOKEN_PART = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 1024;
const ALGORITHM = 'HS256';
const ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** The claims in short names (links must stay short enough for a mail's URL). */
function compactOf(claims: LinkClaims): Record<string, unknown> {
  switch (claims.purpose) {
    case 'review':
      return { p: 'r', a: claims.accountId, c: claims.campaign, d: claims.decision };
    case 'close':
      return { p: 'c', a: claims.accountId, r: claims.reasonDate };
    case 'provision':
      return { p: 'p', a: claims.accountId };
    case 'sign-in':
      return { p: 'i', n: claims.nonce };
    case 'bounce':
      return { p: 'b', a: claims.accountId, d: claims.decision };
    case 'status':
      return { p: 's' };
    case 'reveal':
      return { p: 'w', a: claims.accountId, r: claims.rotationDate, m: claims.manager };
    case 'rotation-approval':
      return { p: 'q', r: claims.rotationDate, l: claims.list };
    case 'rating':
      return { p: 'g', f: claims.reference, m: claims.requester, d: claims.choice, o: claims.month };
  }
}

function claimsOf(p: Record<string, unknown>, expiresAt: unknown): LinkClaims | undefined {
  if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt)) return undefined;
  if (p.p === 's' && p.a === undefined) return { purpose: 'status', expiresAt };
  if (p.p === 'i' && typeof p.n === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(p.n) && p.a === undefined)
    return { purpose: 'sign-in', nonce: p.n, expiresAt };
  if (
    p.p === 'q' &&
    p.a === undefined &&
    isCalendarDate(p.r) &&
    typeof p.l === 'string' &&
    /^[A-Za-z0-9_-]{1,32}$/.test(p.l)
  )
    return { purpose: 'rotation-approval', rotationDate: p.r, list: p.l, expiresAt };
  if (
    p.p === 'g' &&
    p.a === undefined &&
    typeof p.f === 'string' &&
    /^REQ-\d{4}-[0-9A-Z]{8}$/.test(p.f) &&
    typeof p.m === 'string' &&
    ADDRESS.test(p.m) &&
    isRatingChoice(p.d) &&
    isRatingMonth(p.o)
  )
    return { purpose: 'rating', reference: p.f, requester: p.m, choice: p.d, month: p.o, expiresAt };
  if (typeof p.a !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(p.a)) return undefined;
  if (
    p.p === 'r' &&
    typeof p.c === 'number' &&
    Number.isInteger(p.c) &&
    (p.d === 'renew' || p.d === 'not-renew')
  )
    return { purpose: 'review', accountId: p.a, campaign: p.c, decision: p.d, expiresAt };
  if (p.p === 'c' && isCalendarDate(p.r))
    return { purpose: 'close', accountId: p.a, reasonDate: p.r, expiresAt };
  if (p.p === 'p') return { purpose: 'provision', accountId: p.a, expiresAt };
  if (p.p === 'b' && (p.d === 'close' || p.d === 'keep'))
    return { purpose: 'bounce', accountId: p.a, decision: p.d, expiresAt };
  if (p.p === 'w' && isCalendarDate(p.r) && typeof p.m === 'string' && ADDRESS.test(p.m))
    return { purpose: 'reveal', accountId: p.a, rotationDate: p.r, manager: p.m, expiresAt };
  return undefined;
}

/**
 * The HMAC key: the key text's UTF-8 bytes, as the links signed before JWS used it. Imported once
 * per key text: a review signs two links per account, and importing costs more than signing.
 */
let imported: { text: string; key: Promise<webcrypto.CryptoKey> } | undefined;
function hmacKey(text: string): Promise<webcrypto.CryptoKey> {
  if (imported?.text !== text) {
    const bytes = new TextEncoder().encode(text);
    const algorithm = { name: 'HMAC', hash: 'SHA-256' };
    imported = { text, key: webcrypto.subtle.importKey('raw', bytes, algorithm, false, ['sign', 'verify']) };
  }
  return imported.key;
}

/** A compact JWS (HS256) whose payload is the claims in short names and `exp`, the link's expiry. */
export async function signLink(claims: LinkClaims, key: string): Promise<string> {
  return new SignJWT(compactOf(claims))
    .setProtectedHeader({ alg: ALGORITHM })
    .setExpirationTime(claims.expiresAt)
    .sign(await hmacKey(key));
}

/**
 * Checks the signature before reading anything, then the expiry. Links are compact JWS (three
 * parts); links mailed before (two parts, `<payload>.<signature>`, valid up to a year) are still
 * checked with the HMAC they were signed with.
 */
export async function verifyLink(token: string, key: string, now: Date): Promise<LinkVerdict> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (!parts.every((part) => TOKEN_PART.test(part))) return { ok: false, reason: 'malformed' };
  if (parts.length === 2) return verifyLegacyLink(parts as [string, string], key, now);
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await hmacKey(key), {
      algorithms: [ALGORITHM],
      currentDate: now,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'bad-signature' };
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (error instanceof errors.JOSEError) return { ok: false, reason: 'malformed' };
    throw error;
  }
  // Only the canonical text of a signature is this link: another spelling of the same bytes is another link.
  if (!isCanonical(parts[2]!)) return { ok: false, reason: 'bad-signature' };
  const claims = claimsOf(payload, payload.exp);
  return claims ? { ok: true, claims } : { ok: false, reason: 'malformed' };
}

function isCanonical(part: string): boolean {
  return Buffer.from(part, 'base64url').toString('base64url') === part;
}

/**
 * Links signed before the move to JWS: `<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA256 of the payload text, the payload `{ v: 1, p, a, …, x }` (`x` the expiry).
 */
function verifyLegacyLink([payload, given]: [string, string], key: string, now: Date): LinkVerdict {
  // Compared as the canonical text: a different last base64url character that decodes to the
  // same bytes is another link, not this one.
  const expected = Buffer.from(createHmac('sha256', key).update(payload).digest('base64url'));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { ok: false, reason: 'bad-signature' };
  let claims: LinkClaims | undefined;
  try {
    const raw: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof raw === 'object' && raw !== null && (raw as { v?: unknown }).v === 1)
      claims = claimsOf(raw as Record<string, unknown>, (raw as { x?: unknown }).x);
  } catch {
    claims = undefined;
  }
  if (!claims) return { ok: false, reason: 'malformed' };
  if (Math.floor(now.getTime() / 1000) >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** A short, stable name for one link, recorded in history as "from which link" (never the token itself). */
export function linkId(token: string): string {
  return `L-${createHash('sha256').update(token).digest('base64url').slice(0, 10)}`;
}
