import { randomBytes } from 'node:crypto';
import { signLink, verifyLink } from '../../domain/notices/token';
import {
  type PortalUser,
  portalUserOf,
  SESSION_HOURS,
  SIGN_IN_INTERVAL_SECONDS,
  SIGN_IN_LINK_MINUTES,
} from '../../domain/portal/access';
import { PORTAL_TEXTS } from '../../domain/texts/portal-texts';
import { maskEmail } from '../../logging';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';

/*
 * Sign-in by e-mail link (README "Portal"): no passwords. A known address gets a signed link
 * (jose, 15 minutes) naming a server-side record that one POST consumes; the session it opens is
 * a random id in a cookie, recorded (hashed) in the table for 8 hours, and ends when deleted.
 */

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The portal's own address on the web function (the function URL, or `npm start`'s server). */
export function portalUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/portal${path}`;
}

/**
 * Mails a sign-in link when the address may sign in and none went to it this minute; otherwise
 * nothing. The caller shows the same page either way: the answer says nothing of who is known.
 */
export async function requestSignInLink(
  ctx: AppContext,
  address: string,
  now: Date,
  /** A page of this site to open once signed in (already checked by `returnPath`). */
  next?: string,
): Promise<void> {
  const user = portalUserOf(ctx.config, address);
  if (!user) {
    ctx.logger.info('portal sign-in link not sent', { reason: 'unknown address' });
    return;
  }
  if (!(await ctx.portal.claimSignInSlot(user.email, now, SIGN_IN_INTERVAL_SECONDS))) {
    ctx.logger.info('portal sign-in link not sent', { reason: 'one a minute', to: maskEmail(user.email) });
    return;
  }
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = seconds(now) + SIGN_IN_LINK_MINUTES * 60;
  await ctx.portal.putSignInLink(nonce, user.email, expiresAt);
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const token = await signLink({ purpose: 'sign-in', nonce, expiresAt }, key);
  const t = PORTAL_TEXTS[user.language].signIn;
  await ctx.mailer.send({
    to: [user.email],
    subject: t.mailSubject,
    text: t.mailText(
      portalUrl(
        ctx.config.decisionBaseUrl,
        `/link?t=${token}&lang=${user.language}${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      ),
      SIGN_IN_LINK_MINUTES,
    ),
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  ctx.logger.info('portal sign-in link sent', { to: maskEmail(user.email) });
}

/** Whether the link may still be used: what its GET shows (the button, or that it is used or expired); consumes nothing. */
export async function signInLinkUsable(ctx: AppContext, token: string, now: Date): Promise<boolean> {
  const nonce = await signInNonce(ctx, token, now);
  return nonce !== undefined && (await ctx.portal.signInLinkUsable(nonce, now));
}

/** The link's nonce when its signature and expiry hold. */
async function signInNonce(ctx: AppContext, token: string, now: Date): Promise<string | undefined> {
  const verdict = await verifyLink(token, await ctx.secrets.get(DECISION_LINK_KEY_SECRET), now);
  if (!verdict.ok) {
    ctx.logger.info('portal sign-in link refused', { reason: verdict.reason });
    return undefined;
  }
  return verdict.claims.purpose === 'sign-in' ? verdict.claims.nonce : undefined;
}

/**
 * Uses the link (once: a conditional write) and opens a session: the session id for the cookie,
 * or undefined when the link is forged, expired, used, or its address may no longer sign in.
 */
export async function openSession(ctx: AppContext, token: string, now: Date): Promise<string | undefined> {
  const nonce = await signInNonce(ctx, token, now);
  if (!nonce) return undefined;
  const email = await ctx.portal.consumeSignInLink(nonce, now);
  if (!email) {
    ctx.logger.info('portal sign-in link refused', { reason: 'used or expired' });
    return undefined;
  }
  if (!portalUserOf(ctx.config, email)) return undefined;
  const id = randomBytes(32).toString('base64url');
  await ctx.portal.putSession(id, {
    email,
    createdAt: now.toISOString(),
    expiresAt: seconds(now) + SESSION_HOURS * 3600,
  });
  ctx.logger.info('portal session opened', { user: maskEmail(email) });
  return id;
}

/** Who the session cookie belongs to, as the configuration says now (a manager removed has no access). */
export async function sessionUser(
  ctx: AppContext,
  sessionId: string | undefined,
  now: Date,
): Promise<PortalUser | undefined> {
  if (!sessionId || !/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return undefined;
  const session = await ctx.portal.getSession(sessionId, now);
  return session ? portalUserOf(ctx.config, session.email) : undefined;
}

export async function signOut(ctx: AppContext, sessionId: string | undefined): Promise<void> {
  if (sessionId && /^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) await ctx.portal.deleteSession(sessionId);
}
