import type { Account } from '../../domain/account';
import { addDays, endOfYear } from '../../domain/calendar';
import { escapeHtml, type NoticeLanguage } from '../../domain/notices/messages';
import { reviewStateOf } from '../../domain/notices/review';
import { type LinkClaims, linkId, verifyLink } from '../../domain/notices/token';
import { pseudonym } from '../../logging';
import { confirmApproval, showApproval } from '../alma/approval';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { handleStatusPageRequest } from '../monitor/status-page';
import { accountDetails, confirmForm, type DecisionResponse, page, problemPage } from './decision-page-html';
import { DECISION_PAGE_TEXTS } from './decision-page-texts';
import { applyReviewChoice, closeFromLink, closeLinkStillApplies } from './review-decisions';

export type { DecisionResponse } from './decision-page-html';

/**
 * The decision page behind every signed link (yearly review, deactivation confirmation).
 * GET only shows the account and a confirmation button, so mail scanners that follow links
 * change nothing; only the POST of that button (carrying the signed token in a hidden
 * field) records the decision. No JavaScript; FR/NL/EN.
 */
export interface DecisionRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  now: Date;
  /** Request headers, names lower-cased (Origin, Sec-Fetch-Site: only the page's own form may post). */
  headers?: Record<string, string | undefined>;
}

const MAX_BODY_BYTES = 4096;

interface Resolved {
  claims: Exclude<LinkClaims, { purpose: 'status' }>;
  account: Account | undefined;
  language: NoticeLanguage;
  institutionName: string;
}

async function resolve(ctx: AppContext, token: string, now: Date): Promise<Resolved | DecisionResponse> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const verdict = verifyLink(token, key, now);
  if (!verdict.ok) {
    ctx.logger.info('decision link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  const claims = verdict.claims;
  // A status-page link decides nothing.
  if (claims.purpose === 'status') return problemPage(400, 'invalid');
  const account = await ctx.accounts.get(claims.accountId);
  const institution = account
    ? ctx.config.institutions.find((i) => i.code === account.institution)
    : undefined;
  // Deactivation and Alma approval links go to the helpdesk, who reads the alert language.
  const language =
    claims.purpose !== 'review'
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

function lastSegment(path: string): string | undefined {
  return path.replace(/\/+$/, '').split('/').at(-1);
}

/**
 * A POST another site made the browser send (a form on a forged page): browsers say so in
 * Sec-Fetch-Site, and Origin names the page that posted. Neither may point elsewhere. The pages
 * send `Referrer-Policy: no-referrer`, under which Chromium and Firefox post their own form with
 * `Origin: null` (Fetch, "serializing a request origin") and `Sec-Fetch-Site: same-origin`: a
 * null origin is taken only with that same-origin word, which no other site can make a browser send.
 */
export function crossSite(decisionBaseUrl: string, headers: Record<string, string | undefined>): boolean {
  const site = headers['sec-fetch-site']?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return site !== 'same-origin';
  try {
    return new URL(origin).origin !== new URL(decisionBaseUrl).origin;
  } catch {
    return true;
  }
}

export async function handleDecisionRequest(
  ctx: AppContext,
  request: DecisionRequest,
): Promise<DecisionResponse> {
  // The network's status page is served by this same function.
  if (lastSegment(request.path) === 'status') return handleStatusPageRequest(ctx, request);
  if (lastSegment(request.path) !== 'decision') return problemPage(404, 'notFound');
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    const token = request.query.t ?? '';
    const resolved = await resolve(ctx, token, request.now);
    if ('status' in resolved) return resolved;
    const response = await show(ctx, token, resolved);
    return method === 'HEAD' ? { ...response, body: '' } : response;
  }
  if (method === 'POST') {
    if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) return problemPage(413, 'tooLarge');
    if (crossSite(ctx.config.decisionBaseUrl, request.headers ?? {})) {
      ctx.logger.info('cross-site decision post refused');
      return problemPage(403, 'crossSite');
    }
    // Only the token posted by the page's own form counts; a bare link in the query never decides.
    const form = new URLSearchParams(request.body);
    const token = form.get('t') ?? '';
    const resolved = await resolve(ctx, token, request.now);
    if ('status' in resolved) return resolved;
    return confirm(ctx, token, resolved, request.now, form);
  }
  return problemPage(405, 'method', { Allow: 'GET, HEAD, POST' });
}
