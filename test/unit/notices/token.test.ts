import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { decodeProtectedHeader } from 'jose';
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
const close: LinkClaims = {
  purpose: 'close',
  accountId: 'ACC-9',
  reasonDate: '2031-05-31' as CalendarDate,
  expiresAt,
};

/**
 * Links as the signer before JWS wrote them (`<payload>.<signature>`, HMAC-SHA256 of the payload),
 * signed with KEY by that code: mailed links live up to a year (the review's), so they must keep
 * working.
 */
const MAILED_BEFORE_JWS = {
  review:
    'eyJ2IjoxLCJwIjoiciIsImEiOiJBQ0MtMDFBQkMiLCJjIjoyMDMxLCJkIjoicmVuZXciLCJ4IjoxOTU2NDM4MDAwfQ.K5aCgQycO0tm1Y-a5bT7a6tBjT4hesHeeImy_Kwybt4',
  close:
    'eyJ2IjoxLCJwIjoiYyIsImEiOiJBQ0MtOSIsInIiOiIyMDMxLTA1LTMxIiwieCI6MTk1NjQzODAwMH0.uRujPA2K1tarA3ExMvVJWLas0NTP8hURKOIeoSY_Xag',
  status: 'eyJ2IjoxLCJwIjoicyIsIngiOjE5NTY0MzgwMDB9.9W09flzH5cd6S1eHQ-b9O0vEgBmzZX0MPq2RZqPKQh0',
};

/** A link in the format before JWS, signed here (for the refusals the mailed ones cannot show). */
function legacyLink(payload: Record<string, unknown>, key = KEY): string {
  const text = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${text}.${createHmac('sha256', key).update(text).digest('base64url')}`;
}

describe('decision link tokens', () => {
  it('verifies what it signed, for every purpose', async () => {
    expect(await verifyLink(await signLink(review, KEY), KEY, now)).toEqual({ ok: true, claims: review });
    expect(await verifyLink(await signLink(close, KEY), KEY, now)).toEqual({ ok: true, claims: close });
    const provision: LinkClaims = { purpose: 'provision', accountId: 'ACC-1', expiresAt };
    expect(await verifyLink(await signLink(provision, KEY), KEY, now)).toEqual({
      ok: true,
      claims: provision,
    });
    const status: LinkClaims = { purpose: 'status', expiresAt };
    expect(await verifyLink(await signLink(status, KEY), KEY, now)).toEqual({ ok: true, claims: status });
  });

  it('signs a compact JWS, HS256, with the expiry as exp, short enough for a mail (review link < 300 characters)', async () => {
    const token = await signLink(review, KEY);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload).toEqual({ p: 'r', a: 'ACC-01ABC', c: 2031, d: 'renew', exp: expiresAt });
    // A review link with the longest account id there is (64 characters) and decision.
    const longest = await signLink(
      { ...review, accountId: 'A'.repeat(64), decision: 'not-renew', campaign: 2099 },
      KEY,
    );
    expect(longest.length).toBeLessThan(300);
  });

  it('still verifies the links mailed before JWS, with the same claims', async () => {
    expect(await verifyLink(MAILED_BEFORE_JWS.review, KEY, now)).toEqual({ ok: true, claims: review });
    expect(await verifyLink(MAILED_BEFORE_JWS.close, KEY, now)).toEqual({ ok: true, claims: close });
    expect(await verifyLink(MAILED_BEFORE_JWS.status, KEY, now)).toEqual({
      ok: true,
      claims: { purpose: 'status', expiresAt },
    });
  });

  it('refuses links of the format before JWS that are foreign, forged, expired or unreadable', async () => {
    expect(await verifyLink(MAILED_BEFORE_JWS.review, 'other-key', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const [, signature] = MAILED_BEFORE_JWS.review.split('.');
    const forged = Buffer.from(
      JSON.stringify({ v: 1, p: 'r', a: 'ACC-01ABC', c: 2031, d: 'not-renew', x: expiresAt }),
    ).toString('base64url');
    expect(await verifyLink(`${forged}.${signature}`, KEY, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(await verifyLink(MAILED_BEFORE_JWS.review, KEY, new Date(expiresAt * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await verifyLink(legacyLink({ v: 2, p: 's', x: expiresAt }), KEY, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('keeps the id of a link: the same token names the same link, old format or new', async () => {
    expect(linkId(MAILED_BEFORE_JWS.review)).toBe(linkId(MAILED_BEFORE_JWS.review));
    expect(linkId(MAILED_BEFORE_JWS.review)).not.toBe(linkId(MAILED_BEFORE_JWS.close));
    const token = await signLink(review, KEY);
    expect(linkId(token)).toMatch(/^L-[A-Za-z0-9_-]{10}$/);
    expect(linkId(token)).not.toBe(linkId(MAILED_BEFORE_JWS.review));
  });

  it('refuses a link signed with another key (a foreign link)', async () => {
    expect(await verifyLink(await signLink(review, 'other-key'), KEY, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link whose payload was changed, even when re-encoded cleanly', async () => {
    const [header, , signature] = (await signLink(review, KEY)).split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: 'r', a: 'ACC-01ABC', c: 2031, d: 'not-renew', exp: expiresAt }),
    ).toString('base64url');
    expect(await verifyLink(`${header}.${forged}.${signature}`, KEY, now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link that says it is unsigned or signed another way', async () => {
    const [, payload, signature] = (await signLink(review, KEY)).split('.');
    for (const alg of ['none', 'HS512', 'RS256']) {
      const header = Buffer.from(JSON.stringify({ alg })).toString('base64url');
      expect((await verifyLink(`${header}.${payload}.${signature}`, KEY, now)).ok).toBe(false);
      expect((await verifyLink(`${header}.${payload}.`, KEY, now)).ok).toBe(false);
    }
  });

  it('refuses an expired link, from its expiry second on', async () => {
    const token = await signLink(review, KEY);
    expect((await verifyLink(token, KEY, new Date(expiresAt * 1000 - 1000))).ok).toBe(true);
    expect(await verifyLink(token, KEY, new Date(expiresAt * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses malformed tokens without throwing', async () => {
    for (const bad of [
      '',
      'abc',
      'a.b.c',
      'a.b.c.d',
      'a b.c',
      `${'x'.repeat(2000)}.y`,
      '.',
      '..',
      'é.é',
      'é.é.é',
    ])
      expect((await verifyLink(bad, KEY, now)).ok, bad).toBe(false);
    expect(await verifyLink('a.b.c', KEY, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a signed token whose claims are not a link', async () => {
    // Signed with the right key but not by signLink: an unknown purpose, or no expiry.
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode(KEY);
    const unknown = await new SignJWT({ p: 'x', a: 'ACC-1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(expiresAt)
      .sign(key);
    expect(await verifyLink(unknown, KEY, now)).toEqual({ ok: false, reason: 'malformed' });
    const noExpiry = await new SignJWT({ p: 's' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect(await verifyLink(noExpiry, KEY, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses any single-character change of a token, new or old format (property)', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (const token of [await signLink(review, KEY), MAILED_BEFORE_JWS.review])
      await fc.assert(
        fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom(...alphabet), async (index, char) => {
          fc.pre(token[index] !== char);
          const mutated = token.slice(0, index) + char + token.slice(index + 1);
          // Even a last character whose unused bits decode to the same bytes: only the canonical text counts.
          expect((await verifyLink(mutated, KEY, now)).ok).toBe(false);
        }),
        { numRuns: 300 },
      );
  });

  it('refuses a signature whose last base64url character is not the canonical one', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const token of [await signLink(review, KEY), MAILED_BEFORE_JWS.review]) {
      const parts = token.split('.');
      const signature = parts.pop()!;
      // 32 bytes in base64url: 43 characters, the last carrying 2 unused bits (4 spellings of the same bytes).
      const variants = [...alphabet]
        .map((c) => signature.slice(0, -1) + c)
        .filter(
          (s) => s !== signature && Buffer.from(s, 'base64url').equals(Buffer.from(signature, 'base64url')),
        );
      expect(variants.length).toBeGreaterThan(0);
      for (const variant of variants)
        expect(await verifyLink([...parts, variant].join('.'), KEY, now)).toEqual({
          ok: false,
          reason: 'bad-signature',
        });
    }
  });

  it('names a link by a short id that does not reveal the token', async () => {
    const token = await signLink(review, KEY);
    expect(linkId(token)).toMatch(/^L-[A-Za-z0-9_-]{10}$/);
    expect(token).not.toContain(linkId(token).slice(2));
  });
});
