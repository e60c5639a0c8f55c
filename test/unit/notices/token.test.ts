import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { type LinkClaims, linkId, signLink, verifyLink } from '../../../shared/domain/notices/token';

const KEY = 'k'.repeat(43);
const now = new Date('2031-11-20T10:00:00Z');
const expiresAt = Math.floor(new Date('2031-12-30T23:00:00Z').getTime() / 1000);
const review: LinkClaims = {
  purpose: 'review',
  accountId: 'ACC-01ABC',
  campaign: 2031,
  decision: 'renew',
  expiresAt,
};

describe('decision link tokens', () => {
  it('verifies what it signed, for both purposes', () => {
    expect(verifyLink(signLink(review, KEY), KEY, now)).toEqual({ ok: true, claims: review });
    const close: LinkClaims = {
      purpose: 'close',
      accountId: 'ACC-9',
      reasonDate: '2031-05-31' as CalendarDate,
      expiresAt,
    };
    expect(verifyLink(signLink(close, KEY), KEY, now)).toEqual({ ok: true, claims: close });
  });

  it('refuses a link signed with another key (a foreign link)', () => {
    expect(verifyLink(signLink(review, 'other-key'), KEY, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link whose payload was changed, even when re-encoded cleanly', () => {
    const [, signature] = signLink(review, KEY).split('.');
    const forged = Buffer.from(
      JSON.stringify({ v: 1, p: 'r', a: 'ACC-01ABC', c: 2031, d: 'not-renew', x: expiresAt }),
    ).toString('base64url');
    expect(verifyLink(`${forged}.${signature}`, KEY, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses an expired link, from its expiry second on', () => {
    const token = signLink(review, KEY);
    expect(verifyLink(token, KEY, new Date(expiresAt * 1000 - 1000)).ok).toBe(true);
    expect(verifyLink(token, KEY, new Date(expiresAt * 1000))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses malformed tokens without throwing', () => {
    for (const bad of ['', 'abc', 'a.b.c', 'a b.c', `${'x'.repeat(2000)}.y`, '.', 'é.é'])
      expect(verifyLink(bad, KEY, now).ok).toBe(false);
  });

  it('refuses any single-character change of a token (property)', () => {
    const token = signLink(review, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (index, char) => {
        fc.pre(token[index] !== char);
        const mutated = token.slice(0, index) + char + token.slice(index + 1);
        // Even a last character whose unused bits decode to the same bytes: only the canonical text counts.
        expect(verifyLink(mutated, KEY, now).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a signature whose last base64url character is not the canonical one', () => {
    const token = signLink(review, KEY);
    const [payload, signature] = token.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes in base64url: 43 characters, the last carrying 2 unused bits (4 spellings of the same bytes).
    const variants = [...alphabet]
      .map((c) => signature.slice(0, -1) + c)
      .filter(
        (s) => s !== signature && Buffer.from(s, 'base64url').equals(Buffer.from(signature, 'base64url')),
      );
    expect(variants.length).toBeGreaterThan(0);
    for (const variant of variants)
      expect(verifyLink(`${payload}.${variant}`, KEY, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('names a link by a short id that does not reveal the token', () => {
    const token = signLink(review, KEY);
    expect(linkId(token)).toMatch(/^L-[A-Za-z0-9_-]{10}$/);
    expect(token).not.toContain(linkId(token).slice(2));
  });
});
