import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppContext } from '../app/context';
import { type DecisionResponse, problemPage } from '../app/review/decision-page-html';

export type WebEnv = { Variables: { ctx: AppContext } };

/**
 * A POST another site made the browser send (a form on a forged page): browsers say so in
 * Sec-Fetch-Site, and Origin names the page that posted. Neither may point elsewhere. The pages
 * send `Referrer-Policy: no-referrer`, under which Chromium and Firefox post their own form with
 * `Origin: null` (Fetch, "serializing a request origin") and `Sec-Fetch-Site: same-origin`: a
 * null origin is taken only with that same-origin word, which no other site can make a browser
 * send. A client that sends neither header is no browser, so no victim of a forged form.
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

/** hono/csrf takes a post when either header vouches for it; this rule needs both to agree. */
export const sameOriginPosts = createMiddleware<WebEnv>(async (c, next) => {
  const ctx = c.get('ctx');
  if (crossSite(ctx.config.decisionBaseUrl, c.req.header())) {
    ctx.logger.info('cross-site decision post refused');
    return answer(c, problemPage(403, 'crossSite'));
  }
  await next();
});

export function answer(c: Context, response: DecisionResponse): Response {
  return c.body(response.body, response.status as 200, response.headers);
}
