import type { Language } from '../../config/schema';
import { isLanguage } from '../../domain/language';
import { signLink, verifyLink } from '../../domain/notices/token';
import { STATUS_PAGE_TEXTS } from '../../domain/texts/status-page-texts';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import type { DecisionRequest } from '../review/decision-page';
import { type DecisionResponse, page } from '../review/decision-page-html';
import { renderStatusPage } from './status-page-html';
import { statusOverview } from './status-report';

/**
 * `/status`, served by the decision-page function (and the local runtime): the network's status
 * page. Who may see it is `monitor.statusPage.access`: `public`, or `signed` (a link signed with
 * the decision-link key, as `alma-accounts status --link` prints it). The web layer routes only
 * GET and HEAD here, and sends the headers every page carries (no-store, no-referrer, CSP).
 */

function languageOf(ctx: Pick<AppContext, 'config'>, requested: string | undefined): Language {
  return isLanguage(requested) ? requested : ctx.config.alerts.language;
}

function refused(language: Language, status: number, texts: [string, string]): DecisionResponse {
  return page(status, language, texts[0], `<h1>${texts[0]}</h1><p class="error">${texts[1]}</p>`);
}

export async function handleStatusPageRequest(
  ctx: AppContext,
  request: DecisionRequest,
): Promise<DecisionResponse> {
  const language = languageOf(ctx, request.query.lang);
  const t = STATUS_PAGE_TEXTS[language];
  const token = request.query.t ?? '';
  if (ctx.config.monitor.statusPage.access === 'signed') {
    const verdict = await verifyLink(token, await ctx.secrets.get(DECISION_LINK_KEY_SECRET), request.now);
    if (!verdict.ok || verdict.claims.purpose !== 'status') return refused(language, 403, t.forbidden);
  }
  const overview = await statusOverview(ctx, request.now);
  const link = (lang: Language) => `?${new URLSearchParams({ ...(token ? { t: token } : {}), lang })}`;
  const body = renderStatusPage(overview, ctx.config, language, request.now, link);
  return {
    status: 200,
    headers: {
      ...page(200, language, '', '').headers,
      // Refreshes itself without JavaScript, as often as the checks run.
      Refresh: '300',
    },
    body,
  };
}

/** The address libraries are given: plain when the page is public, signed (valid `linkDays`) otherwise. */
export async function statusPageLink(
  ctx: Pick<AppContext, 'config' | 'secrets'>,
  now: Date,
): Promise<string> {
  const base = `${ctx.config.decisionBaseUrl.replace(/\/+$/, '')}/status`;
  const { access, linkDays } = ctx.config.monitor.statusPage;
  if (access === 'public') return base;
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + linkDays * 86_400;
  return `${base}?t=${await signLink({ purpose: 'status', expiresAt }, key)}`;
}
