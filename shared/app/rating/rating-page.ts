import type { Language } from '../../config/schema';
import { isLanguage } from '../../domain/language';
import { type LinkClaims, verifyLink } from '../../domain/notices/token';
import {
  isRatingChoice,
  MAX_RATING_COMMENT_CHARS,
  RATING_CHOICES,
  type RatingChoice,
  readRatingComment,
} from '../../domain/rating';
import { escapeHtml } from '../../domain/texts/html';
import { RATING_TEXTS } from '../../domain/texts/rating-texts';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { type DecisionResponse, page, problemPage } from '../review/decision-page-html';

/**
 * The rating page (issue 29): a link of a finished request's answer opens it with the icon clicked
 * already chosen. GET records nothing and only shows the form: mail scanners and link previews
 * open every link of a mail, so a click must not be taken for a rating (the decision pages' rule).
 * POST records the rating; the latest one sent for a request counts.
 */

type RatingClaims = Extract<LinkClaims, { purpose: 'rating' }>;

interface Resolved {
  claims: RatingClaims;
  token: string;
  institution: string;
  language: Language;
}

async function resolve(ctx: AppContext, token: string, now: Date): Promise<Resolved | DecisionResponse> {
  const verdict = await verifyLink(token, await ctx.secrets.get(DECISION_LINK_KEY_SECRET), now);
  if (!verdict.ok) {
    ctx.logger.info('rating link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  const claims = verdict.claims;
  if (claims.purpose !== 'rating') return problemPage(400, 'invalid');
  const request = await ctx.requests.getRequest(claims.reference);
  if (!request) return problemPage(400, 'invalid');
  const language = isLanguage(request.language) ? request.language : 'en';
  return { claims, token, institution: request.institution, language };
}

function form(r: Resolved, choice: RatingChoice, comment: string, problem?: string): string {
  const t = RATING_TEXTS[r.language];
  const radios = RATING_CHOICES.map(
    (c) =>
      `<div class="choice"><input type="radio" id="choice-${c}" name="choice" value="${c}"${c === choice ? ' checked' : ''}><label for="choice-${c}"><span aria-hidden="true">${t.icon[c]}</span> ${escapeHtml(t.choice[c])}</label></div>`,
  ).join('');
  // No action attribute: the form posts back to this very URL; the token rides in the body too.
  return `<h1 id="rating-title">${escapeHtml(t.page.title)}</h1><p>${escapeHtml(t.page.intro(r.claims.reference))}</p>${
    problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : ''
  }<form method="post" aria-labelledby="rating-title"><input type="hidden" name="t" value="${escapeHtml(
    r.token,
  )}"><fieldset><legend>${escapeHtml(t.page.legend)}</legend>${radios}</fieldset><p><label for="comment">${escapeHtml(
    t.page.comment,
  )}</label><textarea id="comment" name="comment" rows="5" cols="60" maxlength="${MAX_RATING_COMMENT_CHARS}" aria-describedby="comment-hint">${escapeHtml(
    comment,
  )}</textarea></p><p id="comment-hint">${escapeHtml(t.page.commentHint(MAX_RATING_COMMENT_CHARS))}</p><p class="note">${escapeHtml(
    t.page.changeable,
  )}</p><button type="submit">${escapeHtml(t.page.send)}</button></form>`;
}

/** GET: the form, the link's choice checked; nothing recorded. */
export async function showRating(ctx: AppContext, token: string, now: Date): Promise<DecisionResponse> {
  const resolved = await resolve(ctx, token, now);
  if ('status' in resolved) return resolved;
  const t = RATING_TEXTS[resolved.language];
  return page(200, resolved.language, t.page.title, form(resolved, resolved.claims.choice, ''));
}

/** POST: records the choice and the comment (the request's one rating, replaced by a later one). */
export async function confirmRating(
  ctx: AppContext,
  body: URLSearchParams,
  now: Date,
): Promise<DecisionResponse> {
  const resolved = await resolve(ctx, body.get('t') ?? '', now);
  if ('status' in resolved) return resolved;
  const { claims, language } = resolved;
  const t = RATING_TEXTS[language];
  const asked = body.get('choice');
  const choice = isRatingChoice(asked) ? asked : claims.choice;
  const comment = readRatingComment(body.get('comment'));
  if (!comment.ok)
    return page(
      400,
      language,
      t.page.title,
      form(resolved, choice, body.get('comment') ?? '', t.page.tooLong(MAX_RATING_COMMENT_CHARS)),
    );
  await ctx.ratings.put({
    reference: claims.reference,
    month: claims.month,
    choice,
    comment: comment.comment,
    institution: resolved.institution,
    language,
    requester: claims.requester,
    at: now.toISOString(),
  });
  // The comment is personal data: never logged.
  ctx.logger.info('rating recorded', { reference: claims.reference, choice });
  return page(
    200,
    language,
    t.page.title,
    `<h1>${escapeHtml(t.page.title)}</h1><p class="note" role="status">${escapeHtml(t.page.thanks)}</p><p>${escapeHtml(
      t.page.intro(claims.reference),
    )} <span aria-hidden="true">${t.icon[choice]}</span> ${escapeHtml(t.choice[choice])}</p><p>${escapeHtml(t.page.changeable)}</p>`,
  );
}
