import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type CalendarDate, isCalendarDate } from '../calendar';

/**
 * Signed decision links: `<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA256 of the payload text. A link is bound to one account and one campaign (or one
 * deactivation reason date) and carries its own expiry, so nothing is stored per link.
 */
export type ReviewChoice = 'renew' | 'not-renew';

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
      /** The status page, when `monitor.statusPage.access` is `signed`: bound to nothing but its expiry. */
      purpose: 'status';
      expiresAt: number;
    }
  | {
      /** A manager reveals a shared account's new password once (issue 30): bound to the account, the year and the manager. */
      purpose: 'reveal';
      accountId: string;
      rotationDate: CalendarDate;
      manager: string;
      expiresAt: number;
    };

export type LinkVerdict =
  | { ok: true; claims: LinkClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const TOKEN_PART = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 1024;

function signature(payload: string, key: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signLink(claims: LinkClaims, key: string): string {
  const compact =
    claims.purpose === 'review'
      ? { v: 1, p: 'r', a: claims.accountId, c: claims.campaign, d: claims.decision, x: claims.expiresAt }
      : claims.purpose === 'close'
        ? { v: 1, p: 'c', a: claims.accountId, r: claims.reasonDate, x: claims.expiresAt }
        : claims.purpose === 'provision'
          ? { v: 1, p: 'p', a: claims.accountId, x: claims.expiresAt }
          : claims.purpose === 'reveal'
            ? {
                v: 1,
                p: 'w',
                a: claims.accountId,
                r: claims.rotationDate,
                m: claims.manager,
                x: claims.expiresAt,
              }
            : { v: 1, p: 's', x: claims.expiresAt };
  const payload = Buffer.from(JSON.stringify(compact)).toString('base64url');
  return `${payload}.${signature(payload, key).toString('base64url')}`;
}

function claimsOf(raw: unknown): LinkClaims | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  if (p.v !== 1 || typeof p.x !== 'number' || !Number.isInteger(p.x)) return undefined;
  if (p.p === 's' && p.a === undefined) return { purpose: 'status', expiresAt: p.x };
  if (typeof p.a !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(p.a)) return undefined;
  if (
    p.p === 'r' &&
    typeof p.c === 'number' &&
    Number.isInteger(p.c) &&
    (p.d === 'renew' || p.d === 'not-renew')
  )
    return { purpose: 'review', accountId: p.a, campaign: p.c, decision: p.d, expiresAt: p.x };
  if (p.p === 'c' && isCalendarDate(p.r))
    return { purpose: 'close', accountId: p.a, reasonDate: p.r, expiresAt: p.x };
  if (p.p === 'p') return { purpose: 'provision', accountId: p.a, expiresAt: p.x };
  if (
    p.p === 'w' &&
    isCalendarDate(p.r) &&
    typeof p.m === 'string' &&
    /^[^\s@]{1,64}@[^\s@]{1,190}$/.test(p.m)
  )
    return { purpose: 'reveal', accountId: p.a, rotationDate: p.r, manager: p.m, expiresAt: p.x };
  return undefined;
}

/** Checks the signature in constant time before reading anything, then the expiry. */
export function verifyLink(token: string, key: string, now: Date): LinkVerdict {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((part) => TOKEN_PART.test(part)))
    return { ok: false, reason: 'malformed' };
  const [payload, given] = parts as [string, string];
  // Compared as the canonical text: a different last base64url character that decodes to the
  // same bytes is another link, not this one.
  const expected = Buffer.from(signature(payload, key).toString('base64url'));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { ok: false, reason: 'bad-signature' };
  let claims: LinkClaims | undefined;
  try {
    claims = claimsOf(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
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
