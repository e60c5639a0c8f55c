import { describe, expect, it } from 'vitest';
import { ratingLines } from '../../../shared/domain/mail/request-answers';
import { type LinkClaims, signLink, verifyLink } from '../../../shared/domain/notices/token';
import {
  adjacentMonths,
  answerCarriesRating,
  isRatingMonth,
  MAX_RATING_COMMENT_CHARS,
  monthlyRatings,
  RATING_LINK_DAYS,
  type Rating,
  type RatingMonth,
  ratingLinkExpiry,
  ratingMonth,
  readRatingComment,
} from '../../../shared/domain/rating';

const month = (m: string) => m as RatingMonth;

describe('rating: which answers carry the links', () => {
  it('accepted and refused answers of a request under a reference do', () => {
    expect(answerCarriesRating({ outcome: 'accepted', reference: 'REQ-2027-ABCDEFGH' })).toBe(true);
    expect(
      answerCarriesRating({ outcome: 'rejected', reference: 'REQ-2027-ABCDEFGH', reason: 'already-exists' }),
    ).toBe(true);
  });

  it('questions, forwards, duplicates, answers without a reference and refused replies to a closed request do not', () => {
    expect(answerCarriesRating({ outcome: 'needs-info', reference: 'REQ-2027-ABCDEFGH' })).toBe(false);
    expect(answerCarriesRating({ outcome: 'forwarded', reference: 'REQ-2027-ABCDEFGH' })).toBe(false);
    expect(answerCarriesRating({ outcome: 'duplicate', reference: 'REQ-2027-ABCDEFGH' })).toBe(false);
    expect(answerCarriesRating({ outcome: 'rejected', reference: null, reason: 'too-large' })).toBe(false);
    expect(
      answerCarriesRating({
        outcome: 'rejected',
        reference: 'REQ-2027-ABCDEFGH',
        reason: 'request-abandoned',
      }),
    ).toBe(false);
  });
});

describe('rating: the comment', () => {
  it('is optional: empty or blank is no comment', () => {
    expect(readRatingComment(undefined)).toEqual({ ok: true, comment: null });
    expect(readRatingComment('  \r\n\t ')).toEqual({ ok: true, comment: null });
  });

  it('is trimmed plain text: line breaks as \\n, control characters removed', () => {
    expect(readRatingComment('  Très rapide,\r\nmerci !\u0007  ')).toEqual({
      ok: true,
      comment: 'Très rapide,\nmerci !',
    });
  });

  it('takes 1000 characters (counted as characters, not UTF-16 units) and refuses more', () => {
    expect(readRatingComment('🙂'.repeat(MAX_RATING_COMMENT_CHARS))).toMatchObject({ ok: true });
    expect(readRatingComment('a'.repeat(MAX_RATING_COMMENT_CHARS + 1))).toEqual({
      ok: false,
      problem: 'too-long',
    });
  });
});

describe('rating: the month', () => {
  it('is the Brussels month (a New Year night in UTC is already January in Brussels)', () => {
    expect(ratingMonth(new Date('2027-12-31T23:30:00Z'))).toBe('2028-01');
    expect(ratingMonth(new Date('2027-03-31T21:59:00Z'))).toBe('2027-03');
    expect(ratingMonth(new Date('2027-03-31T22:00:00Z'))).toBe('2027-04');
  });

  it('has a previous and a next month across years', () => {
    expect(adjacentMonths(month('2027-01'))).toEqual({ previous: '2026-12', next: '2027-02' });
    expect(adjacentMonths(month('2027-12'))).toEqual({ previous: '2027-11', next: '2028-01' });
  });

  it('is YYYY-MM only', () => {
    expect(isRatingMonth('2027-03')).toBe(true);
    for (const bad of ['2027-3', '2027-13', '2027-00', '27-03', '2027-03-01', 202703])
      expect(isRatingMonth(bad)).toBe(false);
  });
});

describe('rating: a month summary', () => {
  const rating = (
    reference: string,
    choice: Rating['choice'],
    at: string,
    institution = 'LIB-A',
    comment: string | null = null,
  ): Rating => ({
    reference,
    month: month('2027-03'),
    choice,
    comment,
    institution,
    language: 'fr',
    requester: 'anne@lib-a.example',
    at,
  });

  it('counts per choice and per institution, lists the comments newest first', () => {
    const summary = monthlyRatings(month('2027-03'), [
      rating('REQ-2027-AAAAAAAA', 'good', '2027-03-02T10:00:00Z', 'LIB-B', 'Rapide'),
      rating('REQ-2027-BBBBBBBB', 'bad', '2027-03-20T10:00:00Z', 'LIB-A', 'Trop lent'),
      rating('REQ-2027-CCCCCCCC', 'good', '2027-03-25T10:00:00Z'),
      rating('REQ-2027-DDDDDDDD', 'neutral', '2027-03-10T10:00:00Z', 'LIB-A', 'Bof'),
    ]);
    expect(summary.total).toBe(4);
    expect(summary.counts).toEqual({ good: 2, neutral: 1, bad: 1 });
    expect(summary.institutions).toEqual([
      { institution: 'LIB-A', counts: { good: 1, neutral: 1, bad: 1 } },
      { institution: 'LIB-B', counts: { good: 1, neutral: 0, bad: 0 } },
    ]);
    expect(summary.comments.map((c) => c.comment)).toEqual(['Trop lent', 'Bof', 'Rapide']);
  });

  it('of an empty month is zeros and no comments', () => {
    expect(monthlyRatings(month('2027-03'), [])).toEqual({
      month: '2027-03',
      total: 0,
      counts: { good: 0, neutral: 0, bad: 0 },
      institutions: [],
      comments: [],
    });
  });
});

describe('rating: the answer lines', () => {
  it('the question, then one line per choice with its icon, word and link, in the request language', () => {
    const links = {
      good: 'https://x.example/rate?t=g',
      neutral: 'https://x.example/rate?t=n',
      bad: 'https://x.example/rate?t=b',
    };
    expect(ratingLines('nl', links)).toBe(
      'Heeft dit antwoord u geholpen? Laat het ons weten (een opmerking kan ook):\n🙂 Goed: https://x.example/rate?t=g\n😐 Neutraal: https://x.example/rate?t=n\n🙁 Slecht: https://x.example/rate?t=b',
    );
    expect(ratingLines('en', undefined)).toBeUndefined();
  });
});

describe('rating links (purpose rating)', () => {
  const KEY = 'k'.repeat(43);
  const now = new Date('2027-03-10T09:00:00Z');
  const claims: LinkClaims = {
    purpose: 'rating',
    reference: 'REQ-2027-ABCDEFGH',
    requester: 'anne.dubois@lib-a.example',
    choice: 'good',
    month: month('2027-03'),
    expiresAt: ratingLinkExpiry(now),
  };

  it('round-trip: bound to the request, the requester, the choice and the month', async () => {
    const token = await signLink(claims, KEY);
    expect(await verifyLink(token, KEY, now)).toEqual({ ok: true, claims });
  });

  it(`is valid ${RATING_LINK_DAYS} days, then expired`, async () => {
    const token = await signLink(claims, KEY);
    const day = 86_400_000;
    expect((await verifyLink(token, KEY, new Date(now.getTime() + (RATING_LINK_DAYS - 1) * day))).ok).toBe(
      true,
    );
    expect(await verifyLink(token, KEY, new Date(now.getTime() + RATING_LINK_DAYS * day))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('another key, or another choice spliced in, is refused', async () => {
    const token = await signLink(claims, KEY);
    expect(await verifyLink(token, 'x'.repeat(43), now)).toEqual({ ok: false, reason: 'bad-signature' });
    const other = await signLink({ ...claims, choice: 'bad' }, KEY);
    const [, payload] = other.split('.');
    const [head, , signature] = token.split('.');
    expect((await verifyLink(`${head}.${payload}.${signature}`, KEY, now)).ok).toBe(false);
  });

  it('a signed payload that is no rating (bad reference, choice or month) is malformed', async () => {
    for (const bad of [
      { reference: 'ACC-1' },
      { choice: 'great' },
      { month: '2027-3' },
      { requester: 'not an address' },
    ]) {
      const token = await signLink({ ...claims, ...bad } as LinkClaims, KEY);
      expect(await verifyLink(token, KEY, now), JSON.stringify(bad)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });
});
