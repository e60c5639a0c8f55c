import { addMonths, brusselsDate, type CalendarDate } from './calendar';
import type { Language } from './language';
import type { RejectionReason } from './mail/request-answers';

/**
 * The requester's rating of a finished request (issue 29, "Feedback, as the source document
 * describes"): three one-click choices in the answer, an optional comment on the page the link
 * opens, counted per month in the helpdesk's portal. Called "rating" because "feedback" already
 * names what SES tells of bounces and complaints.
 */
export const RATING_CHOICES = ['good', 'neutral', 'bad'] as const;
export type RatingChoice = (typeof RATING_CHOICES)[number];

export const isRatingChoice = (value: unknown): value is RatingChoice =>
  typeof value === 'string' && (RATING_CHOICES as readonly string[]).includes(value);

/** The link of each choice, as the answer mail lists them. */
export type RatingLinks = Record<RatingChoice, string>;

/** A link is valid 60 days: long enough for someone back from leave, short enough to be about this answer. */
export const RATING_LINK_DAYS = 60;

export const MAX_RATING_COMMENT_CHARS = 1000;
/** A rating (the requester's address, a comment) is kept two years from when it was given, then expires (DynamoDB TTL). */
export const RATING_KEEP_DAYS = 730;

/** `YYYY-MM`: the month a rating is counted in. */
export type RatingMonth = string & { readonly __ratingMonth: true };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isRatingMonth(value: unknown): value is RatingMonth {
  return typeof value === 'string' && MONTH.test(value);
}

/** The Brussels month of an instant (`YYYY-MM` of its calendar date). */
export function ratingMonth(at: Date): RatingMonth {
  return brusselsDate(at).slice(0, 7) as RatingMonth;
}

/** The month before and after (the portal's previous/next links), by the calendar's month step. */
export function adjacentMonths(month: RatingMonth): { previous: RatingMonth; next: RatingMonth } {
  const first = `${month}-01` as CalendarDate;
  const at = (months: number) => addMonths(first, months).slice(0, 7) as RatingMonth;
  return { previous: at(-1), next: at(1) };
}

/**
 * Which answers carry the rating links: those that tell the requester their request is done,
 * accepted or refused, under a reference. Not a question for missing fields (not done yet), not
 * a forward or a duplicate (a person answers later), not the helpdesk's copies or notices (not
 * the requester's), not the refusal of a reply to a request closed for want of an answer (that
 * request was rated, or not, when it closed; the refusal asks for a new request).
 */
export function answerCarriesRating(answer: {
  outcome: 'accepted' | 'rejected' | 'needs-info' | 'forwarded' | 'duplicate';
  reference: string | null;
  reason?: RejectionReason | string | null;
}): boolean {
  if (!answer.reference) return false;
  if (answer.outcome === 'accepted') return true;
  return answer.outcome === 'rejected' && answer.reason !== 'request-abandoned';
}

export type CommentVerdict = { ok: true; comment: string | null } | { ok: false; problem: 'too-long' };

/**
 * The optional comment as kept: plain text, line breaks as `\n`, control characters removed,
 * trimmed; empty is no comment; more than 1000 characters is refused (said on the page, not cut).
 */
export function readRatingComment(raw: string | null | undefined): CommentVerdict {
  const text = (raw ?? '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .trim();
  if (!text) return { ok: true, comment: null };
  if ([...text].length > MAX_RATING_COMMENT_CHARS) return { ok: false, problem: 'too-long' };
  return { ok: true, comment: text };
}

/** One request's rating as recorded: the latest answer of the requester counts. */
export interface Rating {
  reference: string;
  /** The month it is counted in: the month its request was answered (the link says which). */
  month: RatingMonth;
  choice: RatingChoice;
  comment: string | null;
  institution: string;
  language: Language;
  /** Who rated (the answer's addressee, bound in the link). */
  requester: string;
  /** When the rating was last given or changed (ISO). */
  at: string;
}

export type RatingCounts = Record<RatingChoice, number>;

export interface MonthlyRatings {
  month: RatingMonth;
  total: number;
  counts: RatingCounts;
  /** Per institution code, sorted by code. */
  institutions: { institution: string; counts: RatingCounts }[];
  /** The ratings with a comment, newest first. */
  comments: Pick<Rating, 'reference' | 'choice' | 'comment' | 'institution' | 'at'>[];
}

const noCounts = (): RatingCounts => ({ good: 0, neutral: 0, bad: 0 });

/** The helpdesk's view of a month: counts per choice and per institution, the comments newest first. */
export function monthlyRatings(month: RatingMonth, ratings: readonly Rating[]): MonthlyRatings {
  const counts = noCounts();
  const perInstitution = new Map<string, RatingCounts>();
  for (const r of ratings) {
    counts[r.choice]++;
    const of = perInstitution.get(r.institution) ?? noCounts();
    of[r.choice]++;
    perInstitution.set(r.institution, of);
  }
  return {
    month,
    total: ratings.length,
    counts,
    institutions: [...perInstitution]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([institution, c]) => ({ institution, counts: c })),
    comments: ratings
      .filter((r) => r.comment !== null)
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.reference < b.reference ? -1 : 1))
      .map(({ reference, choice, comment, institution, at }) => ({
        reference,
        choice,
        comment,
        institution,
        at,
      })),
  };
}

/** The expiry of links signed at `now` (epoch seconds). */
export function ratingLinkExpiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + RATING_LINK_DAYS * 86_400;
}
