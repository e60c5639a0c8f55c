import type { Account } from '../../domain/account';
import { addDays, endOfYear } from '../../domain/calendar';
import type { Language } from '../../domain/language';
import { reviewStateOf } from '../../domain/notices/review';
import { type LinkClaims, linkId, verifyLink } from '../../domain/notices/token';
import { DECISION_PAGE_TEXTS } from '../../domain/texts/decision-page-texts';
import { escapeHtml } from '../../domain/texts/html';
import { pseudonym } from '../../logging';
import { confirmApproval, showApproval } from '../alma/approval';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { confirmBounceDecision, showBounceDecision } from '../feedback/bounce-decision';
import { accountDetails, confirmForm, type DecisionResponse, page, problemPage } from './decision-page-html';
import { applyReviewChoice, closeFromLink, closeLinkStillApplies } from './review-decisions';

export type { DecisionResponse } from './decision-page-html';

/**
 * The decision page behind every signed link (yearly review, deactivation confirmation, Alma
 * approval). GET only shows the account and a confirmation button, so mail scanners that follow
 * links change nothing; only the POST of that button (carrying the signed token in a hidden
 * field) records the decision. No JavaScript; FR/NL/EN. HTTP (routes, body limit, headers,
 * cross-site posts) is the web layer's: shared/web/web-app.ts.
 */

/**
 * One request to the pages in plain values: what `handleDecisionRequest` (shared/web/web-app.ts)
 * turns into an HTTP request for the web app, and what the status page reads.
 */
export interface DecisionRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  now: Date;
  /** Request headers, names lower-cased. */
  headers?: Record<string, string | undefined>;
}

interface Resolved {
  claims: Exclude<LinkClaims, { purpose: 'status' | 'sign-in' | 'reveal' | 'rotation-approval' | 'rating' }>;
  account: Account | undefined;
  language: Language;
  institutionName: string;
}

async function resolve(
  ctx: Pick<AppContext, 'accounts' | 'config' | 'logger' | 'secrets'>,
  token: string,
  now: Date,
): Promise<Resolved | DecisionResponse> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const verdict = await verifyLink(token, key, now);
  if (!verdict.ok) {
    ctx.logger.info('decision link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  const claims = verdict.claims;
  // A status-page or portal sign-in link decides nothing here; a password's reveal link only
  // reveals, on /reveal; the rotation list is confirmed on /rotations; a rating is given on /rate.
  if (
    claims.purpose === 'status' ||
    claims.purpose === 'rating' ||
    claims.purpose === 'sign-in' ||
    claims.purpose === 'reveal' ||
    claims.purpose === 'rotation-approval'
  )
    return problemPage(400, 'invalid');
  const account = await ctx.accounts.get(claims.accountId);
  const institution = account
    ? ctx.config.institutions.find((i) => i.code === account.institution)
    : undefined;
  // Deactivation and Alma approval links go to the helpdesk, who reads the alert language.
  // Review and bounce links go to the institution's managers, who read its language.
  const language =
    claims.purpose !== 'review' && claims.purpose !== 'bounce'
      ? ctx.config.alerts.language
      : (institution?.language ?? ctx.config.alerts.language);
  return {
    claims,
    account,
    language,
    institutionName: institution?.name ?? account?.institution ?? '',
  };
}

async function show(ctx: AppContext, token: string, resolved: Resolved): Promise<DecisionResponse> {
  const { claims, account, language, institutionName } = resolved;
  const t = DECISION_PAGE_TEXTS[language];
  if (claims.purpose === 'review') {
    const renew = claims.decision === 'renew';
    const title = t.reviewTitle(claims.campaign, renew);
    const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
    if (!account)
      return page(
        404,
        language,
        title,
        `${head}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    const record = await ctx.reviews.get(claims.campaign, account.id);
    const state = reviewStateOf(account, claims.campaign, record);
    const details = accountDetails(t, language, account, institutionName, t.states(claims.campaign)[state]);
    if (state === 'not-in-review')
      return page(
        200,
        language,
        title,
        `${head}${details}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    const already = (state === 'renewed' && renew) || (state === 'not-renewed' && !renew);
    return page(
      200,
      language,
      title,
      `${head}${details}<p>${escapeHtml(t.reviewExplain(claims.campaign, renew))}</p><p>${escapeHtml(
        t.changeMind(addDays(endOfYear(claims.campaign), -1)),
      )}</p>${already ? `<p class="note">${escapeHtml(t.unchanged)}</p>` : confirmForm(token, t.reviewButton(renew), 'decision-title')}`,
    );
  }
  if (claims.purpose === 'provision') return showApproval(ctx, token, resolved);
  if (claims.purpose === 'bounce')
    return showBounceDecision(ctx, token, { ...resolved, decision: claims.decision });
  const head = `<h1 id="decision-title">${escapeHtml(t.closeTitle)}</h1>`;
  if (!account)
    return page(404, language, t.closeTitle, `${head}<p class="note">${escapeHtml(t.closeChanged)}</p>`);
  const details = accountDetails(t, language, account, institutionName);
  if (account.status === 'closed')
    return page(
      200,
      language,
      t.closeTitle,
      `${head}${details}<p class="note">${escapeHtml(t.alreadyClosed)}</p>`,
    );
  if (!closeLinkStillApplies(account, claims.reasonDate))
    return page(
      200,
      language,
      t.closeTitle,
      `${head}${details}<p class="note">${escapeHtml(t.closeChanged)}</p>`,
    );
  return page(
    200,
    language,
    t.closeTitle,
    `${head}${details}<p>${escapeHtml(t.closeExplain)}</p>${confirmForm(token, t.closeButton, 'decision-title')}`,
  );
}

async function confirm(
  ctx: AppContext,
  token: string,
  resolved: Resolved,
  now: Date,
  form: URLSearchParams,
): Promise<DecisionResponse> {
  const { claims, language, institutionName } = resolved;
  const t = DECISION_PAGE_TEXTS[language];
  const via = linkId(token);
  if (claims.purpose === 'review') {
    const renew = claims.decision === 'renew';
    const title = t.reviewTitle(claims.campaign, renew);
    const result = await applyReviewChoice(ctx, {
      accountId: claims.accountId,
      campaign: claims.campaign,
      decision: claims.decision,
      now,
      actor: 'decision-link',
      via,
      reason: `yearly review ${claims.campaign}: "${renew ? 'renew one year' : 'do not renew'}" confirmed on the decision page (link ${via}, sent to the managers of ${resolved.account?.institution ?? '?'})`,
    });
    ctx.logger.info('review decision', {
      outcome: result.outcome,
      account: pseudonym(claims.accountId),
      via,
    });
    const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
    if (result.outcome === 'not-in-review')
      return page(
        409,
        language,
        title,
        `${head}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    if (result.outcome === 'conflict')
      return page(409, language, title, `${head}<p class="error">${escapeHtml(t.conflict)}</p>`);
    const details = accountDetails(
      t,
      language,
      result.account,
      institutionName,
      t.states(claims.campaign)[result.state],
    );
    const message =
      result.outcome === 'unchanged' ? t.unchanged : `${t.decided(renew, result.account.endDate!)} ${t.done}`;
    return page(
      200,
      language,
      title,
      `${head}<p class="note" role="status">${escapeHtml(message)}</p>${details}<p>${escapeHtml(
        t.changeMind(addDays(endOfYear(claims.campaign), -1)),
      )}</p>`,
    );
  }
  if (claims.purpose === 'provision') {
    const answer = await confirmApproval(ctx, {
      ...resolved,
      accountId: claims.accountId,
      via,
      now,
      token,
      choice: form.get('do'),
    });
    ctx.logger.info('alma approval confirmed', {
      account: pseudonym(claims.accountId),
      via,
      status: answer.status,
    });
    return answer;
  }
  if (claims.purpose === 'bounce')
    return confirmBounceDecision(ctx, {
      accountId: claims.accountId,
      decision: claims.decision,
      language,
      institutionName,
      now,
      via,
    });
  const result = await closeFromLink(ctx, {
    accountId: claims.accountId,
    reasonDate: claims.reasonDate,
    now,
    via,
  });
  ctx.logger.info('deactivation confirmed', {
    outcome: result.outcome,
    account: pseudonym(claims.accountId),
    via,
  });
  const head = `<h1 id="decision-title">${escapeHtml(t.closeTitle)}</h1>`;
  const details = result.account ? accountDetails(t, language, result.account, institutionName) : '';
  const [status, text, cls] =
    result.outcome === 'closed'
      ? [200, `${t.closed} ${t.done}`, 'note']
      : result.outcome === 'already-closed'
        ? [200, t.alreadyClosed, 'note']
        : result.outcome === 'conflict'
          ? [409, t.conflict, 'error']
          : [409, t.closeChanged, 'note'];
  return page(
    status,
    language,
    t.closeTitle,
    `${head}<p class="${cls}" role="status">${escapeHtml(text)}</p>${details}`,
  );
}

/** A GET (or HEAD) of a decision link: the account and the confirmation button; changes nothing. */
export async function showDecision(ctx: AppContext, token: string, now: Date): Promise<DecisionResponse> {
  const resolved = await resolve(ctx, token, now);
  if ('status' in resolved) return resolved;
  return show(ctx, token, resolved);
}

/**
 * The POST of the page's own button. Only the token posted in the form counts; a bare link in
 * the query never decides. The web layer (shared/web/web-app.ts) has already bounded the body and
 * refused posts from other sites.
 */
export async function confirmDecision(
  ctx: AppContext,
  form: URLSearchParams,
  now: Date,
): Promise<DecisionResponse> {
  const token = form.get('t') ?? '';
  const resolved = await resolve(ctx, token, now);
  if ('status' in resolved) return resolved;
  return confirm(ctx, token, resolved, now, form);
}
