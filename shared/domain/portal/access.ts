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
