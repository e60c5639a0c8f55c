import type { Config, Language } from '../../config/schema';

/*
 * Who may sign in to the portal and for how long (README "Portal"): pure rules, the use cases in
 * shared/app/portal read and write what these decide.
 */

/** A sign-in link is valid this long, and opens one session once. */
export const SIGN_IN_LINK_MINUTES = 15;
/** At most one link per address in this many seconds. */
export const SIGN_IN_INTERVAL_SECONDS = 60;
/** A session lasts this long from sign-in (then the link is asked for again). */
export const SESSION_HOURS = 8;
export const SESSION_COOKIE = 'portal_session';
export const LANGUAGE_COOKIE = 'portal_lang';

export type PortalUser =
  | { role: 'manager'; email: string; institution: string; language: Language }
  | { role: 'helpdesk'; email: string; language: Language };

/** The portal user an address is (a manager of one institution, or helpdesk staff); undefined: nobody. */
export function portalUserOf(config: Config, address: string): PortalUser | undefined {
  const email = address.trim().toLowerCase();
  if (!email) return undefined;
  if (config.portal.helpdeskStaff.some((staff) => staff.toLowerCase() === email))
    return { role: 'helpdesk', email, language: config.alerts.language };
  const institution = config.institutions.find((i) => i.managers.some((m) => m.toLowerCase() === email));
  return institution
    ? { role: 'manager', email, institution: institution.code, language: institution.language }
    : undefined;
}

/** Whether a user may see and change what belongs to an institution: their own, or every one for the helpdesk. */
export function mayActFor(user: PortalUser, institution: string): boolean {
  return user.role === 'helpdesk' || user.institution === institution;
}

/** The cookie rides only on HTTPS, except on loopback (`npm start`), where browsers serve no HTTPS. */
export function secureCookie(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname;
  return !(host === 'localhost' || host === '127.0.0.1' || host === '[::1]');
}

/**
 * Where to go after signing in (`next`): a page of this site only — the portal, or a password's
 * reveal link (it asks for a session first). Anything else (another site, `//host`, a backslash,
 * a scheme) is no return path: the portal's start page instead.
 */
export function returnPath(next: string | null | undefined): string | undefined {
  if (!next || next.length > 2000 || !next.startsWith('/') || /[\\\s]/.test(next)) return undefined;
  const base = 'http://portal.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base) return undefined;
  const path = url.pathname;
  const allowed =
    path === '/portal' || path.startsWith('/portal/') || (path === '/reveal' && url.search !== '');
  // Encoded slashes and dots in the path: no page of ours needs them.
  return allowed && !path.includes('//') && !/%(2f|5c|2e)/i.test(path) ? `${path}${url.search}` : undefined;
}
