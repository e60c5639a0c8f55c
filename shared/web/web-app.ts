import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { secureHeaders } from 'hono/secure-headers';
import { confirmReveal, showReveal } from '../app/alma/reveal-page';
import { confirmRotationApproval, showRotationApproval } from '../app/alma/rotation-approval-page';
import type { AppContext } from '../app/context';
import { handleStatusPageRequest } from '../app/monitor/status-page';
import { sessionUser } from '../app/portal/sign-in';
import { confirmRating, showRating } from '../app/rating/rating-page';
import { confirmDecision, type DecisionRequest, showDecision } from '../app/review/decision-page';
import { type DecisionResponse, problemPage } from '../app/review/decision-page-html';
import { SESSION_COOKIE } from '../domain/portal/access';
import { answer, crossSite, sameOriginPosts } from './guards';
import { portalRoutes } from './portal';

/**
 * The web layer: one Hono app for the decision pages (yearly review, deactivation, Alma
 * approval) and the status page. The Lambda function URL (functions/decision-page/handler.ts,
 * hono/aws-lambda) and `npm start` (local/web-server.ts, @hono/node-server) both serve it, so
 * routing, the body bound, the headers and the cross-site rule are written once, here. The
 * pages themselves are use cases (shared/app/review, shared/app/alma, shared/app/monitor).
 */

/** The pages post a token of a few hundred bytes: a larger body is refused while read. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export type { WebEnv } from './guards';

import type { WebEnv } from './guards';

export interface WebAppOptions {
  /** The clock the pages read (tests fix it); the real time otherwise. */
  now?: () => Date;
}

/**
 * The app's context: fixed (local runtime, tests), or found per request (the Lambda builds it
 * once per container and adds the invocation's remaining time).
 */
export type ContextSource = AppContext | ((c: Context) => AppContext | Promise<AppContext>);

export { crossSite };

export function createWebApp(source: ContextSource, options: WebAppOptions = {}): Hono<WebEnv> {
  const now = options.now ?? (() => new Date());
  const app = new Hono<WebEnv>({ strict: false });
  app.use(async (c, next) => {
    c.set('ctx', typeof source === 'function' ? await source(c) : source);
    await next();
  });
  app.use(
    secureHeaders({
      // Exactly these; the other defaults of secureHeaders are off.
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      // The token is in the URL: never leak it to another site.
      referrerPolicy: 'no-referrer',
      xContentTypeOptions: true,
      xFrameOptions: 'DENY',
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: false,
      crossOriginOpenerPolicy: false,
      originAgentCluster: false,
      strictTransportSecurity: false,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
      permissionsPolicy: {},
    }),
  );
  // A fresh answer every time: a decision, a state, never a cached one.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        answer(c, problemPage(405, 'method', { Allow: methods.join(', ') })),
    }),
  );
  app.use(
    bodyLimit({ maxSize: MAX_REQUEST_BODY_BYTES, onError: (c) => answer(c, problemPage(413, 'tooLarge')) }),
  );

  // GET serves HEAD too (Hono drops the body).
  app.get('/decision', async (c) =>
    answer(c, await showDecision(c.get('ctx'), c.req.query('t') ?? '', now())),
  );
  app.post('/decision', sameOriginPosts, async (c) =>
    answer(c, await confirmDecision(c.get('ctx'), new URLSearchParams(await c.req.text()), now())),
  );
  // A rotated shared-account password, shown once (issue 30): GET shows a button, POST reveals,
  // both only to the link's manager signed in to the portal (the session cookie's address).
  const viewer = async (c: Context<WebEnv>) =>
    (await sessionUser(c.get('ctx'), getCookie(c, SESSION_COOKIE), now()))?.email;
  app.get('/reveal', async (c) =>
    answer(c, await showReveal(c.get('ctx'), c.req.query('t') ?? '', now(), await viewer(c))),
  );
  app.post('/reveal', sameOriginPosts, async (c) =>
    answer(
      c,
      await confirmReveal(c.get('ctx'), new URLSearchParams(await c.req.text()), now(), await viewer(c)),
    ),
  );
  // The helpdesk confirms the rotation list of `approve` institutions (issue 30).
  app.get('/rotations', async (c) =>
    answer(c, await showRotationApproval(c.get('ctx'), c.req.query('t') ?? '', now())),
  );
  app.post('/rotations', sameOriginPosts, async (c) =>
    answer(c, await confirmRotationApproval(c.get('ctx'), new URLSearchParams(await c.req.text()), now())),
  );
  // The requester's rating of a finished request (issue 29): GET shows the form and records
  // nothing (mail scanners open links), POST records it.
  app.get('/rate', async (c) => answer(c, await showRating(c.get('ctx'), c.req.query('t') ?? '', now())));
  app.post('/rate', sameOriginPosts, async (c) =>
    answer(c, await confirmRating(c.get('ctx'), new URLSearchParams(await c.req.text()), now())),
  );
  // The network's status page is served by the same function.
  app.get('/status', async (c) =>
    answer(
      c,
      await handleStatusPageRequest(c.get('ctx'), {
        method: c.req.method,
        path: c.req.path,
        query: c.req.query(),
        body: '',
        now: now(),
      }),
    ),
  );
  // The portal: managers and the helpdesk, signed in by e-mail link (README "Portal").
  app.route('/portal', portalRoutes(now));
  app.notFound((c) => answer(c, problemPage(404, 'notFound')));
  // A failure fails the Lambda invocation (its errors alarm) and is a 500 on the local server.
  app.onError((error) => {
    throw error;
  });
  return app;
}

/**
 * One request through the web app, in plain values: for scripts and tests that hold no HTTP
 * server. Header names come back lower-cased.
 */
export async function handleDecisionRequest(
  ctx: AppContext,
  request: DecisionRequest,
): Promise<DecisionResponse> {
  const url = new URL(request.path, ctx.config.decisionBaseUrl);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers ?? {}))
    if (value !== undefined) headers.set(name, value);
  const method = request.method.toUpperCase();
  const response = await createWebApp(ctx, { now: () => request.now }).fetch(
    new Request(url, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : request.body,
    }),
  );
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}
