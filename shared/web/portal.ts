import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import {
  accountAction,
  accountBounceChoice,
  accountPage,
  accountsPage,
  type PortalView,
  searchPage,
} from '../app/portal/account-pages';
import { attentionPage, driftPage, markHandled } from '../app/portal/helpdesk-pages';
import { escapeHtml, portalPage } from '../app/portal/portal-html';
import { ratingsPage } from '../app/portal/rating-pages';
import { newAccountPage, requestPage, requestsPage, submitNewAccount } from '../app/portal/request-pages';
import { approvalsPage, decideInPage, reviewPage } from '../app/portal/review-pages';
import {
  openSession,
  requestSignInLink,
  sessionUser,
  signInLinkUsable,
  signOut,
} from '../app/portal/sign-in';
import type { Language } from '../config/schema';
import { isLanguage } from '../domain/language';
import {
  LANGUAGE_COOKIE,
  type PortalUser,
  returnPath,
  SESSION_COOKIE,
  SESSION_HOURS,
  secureCookie,
} from '../domain/portal/access';
import { PORTAL_TEXTS } from '../domain/texts/portal-texts';
import { answer, sameOriginPosts, type WebEnv } from './guards';

/*
 * The portal's routes (README "Portal") on the one web app: the function URL in AWS, `npm start`
 * locally. Every POST passes the app's cross-site rule; pages without a session send the browser
 * to the sign-in form. No page needs JavaScript.
 */

type PortalEnv = { Variables: WebEnv['Variables'] & { user: PortalUser | undefined; language: Language } };

export function portalRoutes(now: () => Date): Hono<PortalEnv> {
  const portal = new Hono<PortalEnv>({ strict: false });
  const cookieOptions = (baseUrl: string) => ({
    path: '/portal',
    httpOnly: true,
    secure: secureCookie(baseUrl),
    sameSite: 'Lax' as const,
  });
  // The session rides to the whole site: the reveal page (/reveal) asks who is signed in too.
  const sessionCookieOptions = (baseUrl: string) => ({ ...cookieOptions(baseUrl), path: '/' });

  // Who is signed in, and the language: ?lang= (remembered), else the one remembered, else the user's institution's.
  portal.use(async (c, next) => {
    const ctx = c.get('ctx');
    const user = await sessionUser(ctx, getCookie(c, SESSION_COOKIE), now());
    c.set('user', user);
    const asked = c.req.query('lang');
    const kept = getCookie(c, LANGUAGE_COOKIE);
    if (isLanguage(asked))
      setCookie(c, LANGUAGE_COOKIE, asked, {
        ...cookieOptions(ctx.config.decisionBaseUrl),
        maxAge: 365 * 86_400,
      });
    c.set('language', isLanguage(asked) ? asked : isLanguage(kept) ? kept : (user?.language ?? 'en'));
    await next();
  });
  portal.post('*', sameOriginPosts);

  const here = (c: { req: { url: string } }) => {
    const url = new URL(c.req.url);
    url.searchParams.delete('lang');
    return url.pathname + url.search;
  };
  const nextField = (next: string | undefined) =>
    next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : '';
  const signInForm = (language: Language, note?: string, status = 200, next?: string) => {
    const t = PORTAL_TEXTS[language].signIn;
    return portalPage({
      status,
      language,
      title: t.heading,
      here: '/portal',
      content: `<h1>${escapeHtml(t.heading)}</h1>${note ? `<p class="note" role="status">${escapeHtml(note)}</p>` : ''}<p>${escapeHtml(
        t.intro,
      )}</p><form method="post" action="/portal/sign-in"><label for="address">${escapeHtml(
        t.address,
      )}</label><input id="address" name="address" type="email" autocomplete="email" required maxlength="254">${nextField(
        next,
      )}<button type="submit">${escapeHtml(t.send)}</button></form>`,
    });
  };

  // `next`: where to go once signed in (a reveal link sends its manager here first).
  portal.get('/', (c) => {
    const next = returnPath(c.req.query('next'));
    if (c.get('user')) return c.redirect(next ?? '/portal/accounts', 303);
    return answer(c, signInForm(c.get('language'), undefined, 200, next));
  });
  portal.post('/sign-in', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const address = (form.get('address') ?? '').slice(0, 254);
    const next = returnPath(form.get('next'));
    await requestSignInLink(c.get('ctx'), address, now(), next);
    // The same page for every address: it tells nobody who may sign in.
    return answer(c, signInForm(c.get('language'), PORTAL_TEXTS[c.get('language')].signIn.sent, 200, next));
  });
  // A GET only shows the button: mail scanners that open links consume nothing.
  portal.get('/link', async (c) => {
    const language = c.get('language');
    const t = PORTAL_TEXTS[language].signIn;
    const token = c.req.query('t') ?? '';
    const next = returnPath(c.req.query('next'));
    if (!(await signInLinkUsable(c.get('ctx'), token, now())))
      return answer(c, signInForm(language, t.invalid, 400));
    return answer(
      c,
      portalPage({
        language,
        title: t.linkHeading,
        here: `/portal/link?t=${token}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
        content: `<h1>${escapeHtml(t.linkHeading)}</h1><p>${escapeHtml(t.linkIntro)}</p><form method="post" action="/portal/link"><input type="hidden" name="t" value="${escapeHtml(
          token,
        )}">${nextField(next)}<button type="submit">${escapeHtml(t.button)}</button></form>`,
      }),
    );
  });
  portal.post('/link', async (c) => {
    const ctx = c.get('ctx');
    const form = new URLSearchParams(await c.req.text());
    const id = await openSession(ctx, form.get('t') ?? '', now());
    if (!id)
      return answer(c, signInForm(c.get('language'), PORTAL_TEXTS[c.get('language')].signIn.invalid, 400));
    setCookie(c, SESSION_COOKIE, id, {
      ...sessionCookieOptions(ctx.config.decisionBaseUrl),
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(returnPath(form.get('next')) ?? '/portal/accounts', 303);
  });
  portal.post('/sign-out', async (c) => {
    const ctx = c.get('ctx');
    await signOut(ctx, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(ctx.config.decisionBaseUrl));
    return answer(c, signInForm(c.get('language'), PORTAL_TEXTS[c.get('language')].signIn.signedOut));
  });

  // Everything else is for a signed-in user only.
  const signedIn = createMiddleware<PortalEnv>(async (c, next) => {
    if (!c.get('user')) return c.redirect('/portal', 303);
    await next();
  });
  const view = (c: { get: (k: 'user' | 'language') => unknown; req: { url: string } }): PortalView => ({
    user: c.get('user') as PortalUser,
    language: c.get('language') as Language,
    here: here(c),
    now: now(),
  });

  portal.get('/accounts', signedIn, async (c) =>
    answer(c, await accountsPage(c.get('ctx'), view(c), c.req.query())),
  );
  portal.get('/accounts/:id', signedIn, async (c) =>
    answer(c, await accountPage(c.get('ctx'), view(c), c.req.param('id'))),
  );
  for (const action of ['renew', 'close'] as const)
    portal.post(`/accounts/:id/${action}`, signedIn, async (c) =>
      answer(
        c,
        await accountAction(
          c.get('ctx'),
          view(c),
          c.req.param('id'),
          action,
          new URLSearchParams(await c.req.text()),
        ),
      ),
    );
  portal.post('/accounts/:id/bounce', signedIn, async (c) =>
    answer(
      c,
      await accountBounceChoice(
        c.get('ctx'),
        view(c),
        c.req.param('id'),
        new URLSearchParams(await c.req.text()),
      ),
    ),
  );
  portal.get('/requests', signedIn, async (c) =>
    answer(c, await requestsPage(c.get('ctx'), view(c), c.req.query())),
  );
  portal.get('/requests/:reference', signedIn, async (c) =>
    answer(c, await requestPage(c.get('ctx'), view(c), c.req.param('reference'))),
  );
  portal.get('/new', signedIn, (c) => answer(c, newAccountPage(view(c))));
  portal.post('/new', signedIn, async (c) =>
    answer(c, await submitNewAccount(c.get('ctx'), view(c), new URLSearchParams(await c.req.text()))),
  );
  portal.get('/review', signedIn, async (c) =>
    answer(c, await reviewPage(c.get('ctx'), view(c), c.req.query())),
  );
  portal.post('/review', signedIn, async (c) =>
    answer(c, await decideInPage(c.get('ctx'), view(c), new URLSearchParams(await c.req.text()))),
  );
  portal.get('/search', signedIn, async (c) => {
    const found = await searchPage(c.get('ctx'), view(c), c.req.query('q') ?? '');
    return 'redirect' in found ? c.redirect(found.redirect, 303) : answer(c, found);
  });
  portal.get('/approvals', signedIn, async (c) => answer(c, await approvalsPage(c.get('ctx'), view(c))));
  portal.get('/drift', signedIn, async (c) => answer(c, await driftPage(c.get('ctx'), view(c))));
  portal.get('/attention', signedIn, async (c) =>
    answer(c, await attentionPage(c.get('ctx'), view(c), c.req.query())),
  );
  portal.post('/attention/handled', signedIn, async (c) =>
    answer(c, await markHandled(c.get('ctx'), view(c), new URLSearchParams(await c.req.text()))),
  );
  portal.get('/ratings', signedIn, async (c) =>
    answer(c, await ratingsPage(c.get('ctx'), view(c), c.req.query())),
  );
  return portal;
}
