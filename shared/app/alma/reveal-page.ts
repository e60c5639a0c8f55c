import type { Language } from '../../config/schema';
import { type PasswordRotation, revealVerdict } from '../../domain/alma/passwords';
import { brusselsDate, brusselsTime, formatBelgian } from '../../domain/calendar';
import { linkId, verifyLink } from '../../domain/notices/token';
import { escapeHtml } from '../../domain/texts/html';
import { ConcurrentUpdateError } from '../../errors';
import { pseudonym } from '../../logging';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { institutionOf } from '../notices/recipients';
import { confirmForm, type DecisionResponse, page, problemPage } from '../review/decision-page-html';
import { sealContext } from './password-rotation';

/**
 * The reveal page of a rotated shared-account password (issue 30). GET shows a button and
 * reveals nothing (mail scanners and link previews open links); POST reveals once: the sealed
 * password is opened, erased from the record in the same conditional write that records who
 * (the link's manager) and when, and shown on that one answer. The web layer adds no-store,
 * no-referrer and the CSP. A link reveals only its own account and year, and only while its
 * manager is still a manager of the account's institution, and only to that manager signed in to
 * the portal (the web layer passes the session's address as `viewer`; a link forwarded, or opened
 * in another person's session, reveals nothing).
 */

const TEXTS: Record<
  Language,
  {
    title: string;
    account: string;
    explain: string;
    button: string;
    shown: string;
    keep: string;
    revealed: (when: string, by: string) => string;
    expired: string;
    notYet: string;
    signIn: string;
    portal: string;
    otherPerson: string;
  }
> = {
  fr: {
    title: 'Nouveau mot de passe du compte partagé',
    account: 'Compte',
    explain:
      "Le mot de passe ne s'affiche qu'une seule fois : après, il est effacé de nos systèmes. Préparez le coffre-fort de mots de passe de votre service avant de cliquer.",
    button: 'Afficher le mot de passe',
    shown: 'Le nouveau mot de passe :',
    keep: "Notez-le maintenant : cette page ne l'affichera plus, et le lien non plus.",
    revealed: (when, by) =>
      `Ce mot de passe a déjà été affiché le ${when} par ${by}. Adressez-vous à cette personne.`,
    expired:
      "Ce lien a expiré : le mot de passe n'a pas été affiché à temps et a été effacé. Le helpdesk en fixera un nouveau.",
    notYet: "Le nouveau mot de passe n'est pas encore défini dans Alma. Réessayez plus tard.",
    signIn:
      'Pour afficher le mot de passe, connectez-vous d’abord au portail avec votre adresse de gestionnaire, puis ouvrez à nouveau ce lien.',
    portal: 'Se connecter au portail',
    otherPerson:
      'Ce lien a été envoyé à un autre gestionnaire : il n’affiche le mot de passe qu’à cette personne, connectée au portail. Utilisez le lien reçu vous-même, ou déconnectez-vous du portail.',
  },
  nl: {
    title: 'Nieuw wachtwoord van de gedeelde account',
    account: 'Account',
    explain:
      'Het wachtwoord wordt maar één keer getoond en daarna uit onze systemen gewist. Open eerst de wachtwoordkluis van uw dienst.',
    button: 'Wachtwoord tonen',
    shown: 'Het nieuwe wachtwoord:',
    keep: 'Noteer het nu: deze pagina en de link tonen het niet meer.',
    revealed: (when, by) =>
      `Dit wachtwoord werd al getoond op ${when} door ${by}. Vraag het aan die persoon.`,
    expired:
      'Deze link is verlopen: het wachtwoord werd niet op tijd getoond en is gewist. De helpdesk stelt een nieuw in.',
    notYet: 'Het nieuwe wachtwoord is nog niet ingesteld in Alma. Probeer later opnieuw.',
    signIn:
      'Meld u eerst aan op het portaal met uw adres als beheerder en open daarna deze link opnieuw om het wachtwoord te zien.',
    portal: 'Aanmelden op het portaal',
    otherPerson:
      'Deze link werd naar een andere beheerder gestuurd: hij toont het wachtwoord alleen aan die persoon, aangemeld op het portaal. Gebruik de link die u zelf kreeg, of meld u af op het portaal.',
  },
  en: {
    title: 'New password of the shared account',
    account: 'Account',
    explain:
      "The password is shown only once, then erased from our systems. Open your team's password safe before you click.",
    button: 'Show the password',
    shown: 'The new password:',
    keep: 'Write it down now: neither this page nor the link will show it again.',
    revealed: (when, by) => `This password was already shown on ${when} by ${by}. Ask that person.`,
    expired:
      'This link has expired: the password was not shown in time and was erased. The helpdesk will set a new one.',
    notYet: 'The new password is not set in Alma yet. Try again later.',
    signIn:
      'To see the password, first sign in to the portal with your manager address, then open this link again.',
    portal: 'Sign in to the portal',
    otherPerson:
      'This link was sent to another manager: it shows the password only to that person, signed in to the portal. Use the link you received yourself, or sign out of the portal.',
  },
};

interface Resolved {
  rotation: PasswordRotation | undefined;
  manager: string;
  language: Language;
  managers: string[];
  via: string;
  viewer: string | undefined;
}

async function resolve(
  ctx: AppContext,
  token: string,
  now: Date,
  viewer: string | undefined,
): Promise<Resolved | DecisionResponse> {
  const verdict = await verifyLink(token, await ctx.secrets.get(DECISION_LINK_KEY_SECRET), now);
  if (!verdict.ok) {
    ctx.logger.info('reveal link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  const claims = verdict.claims;
  if (claims.purpose !== 'reveal') return problemPage(400, 'invalid');
  const rotation = await ctx.rotations.get(claims.rotationDate, claims.accountId);
  const institution = rotation
    ? ctx.config.institutions.find((i) => i.code === rotation.institution)
    : undefined;
  return {
    rotation,
    manager: claims.manager,
    language: institution?.language ?? ctx.config.alerts.language,
    managers: institution?.managers ?? [],
    via: linkId(token),
    viewer,
  };
}

const when = (iso: string) => {
  const at = new Date(iso);
  return `${formatBelgian(brusselsDate(at))} ${brusselsTime(at)}`;
};

function accountLine(language: Language, rotation: PasswordRotation): string {
  const t = TEXTS[language];
  return `<dl><dt>${escapeHtml(t.account)}</dt><dd>${escapeHtml(`${rotation.accountName} <${rotation.accountEmail}>`)}</dd><dt>Alma</dt><dd>${escapeHtml(rotation.primaryId)}</dd></dl>`;
}

/** Everything but a reveal: what the link may say about its rotation without showing the password. */
function stateful(r: Resolved, now: Date, token: string | null): DecisionResponse {
  const t = TEXTS[r.language];
  const verdict = revealVerdict(
    r.rotation,
    {
      accountId: r.rotation?.accountId ?? '',
      rotationDate: r.rotation?.rotationDate ?? ('' as never),
      manager: r.manager,
    },
    r.managers,
    now,
    r.viewer,
  );
  const rotation = r.rotation;
  if (!rotation || verdict.kind === 'refused') return problemPage(400, 'invalid');
  const head = `<h1 id="reveal-title">${escapeHtml(t.title)}</h1>${accountLine(r.language, rotation)}`;
  const note = (text: string) =>
    page(200, r.language, t.title, `${head}<p class="note">${escapeHtml(text)}</p>`);
  if (verdict.kind === 'revealed') return note(t.revealed(when(verdict.at), verdict.by));
  if (verdict.kind === 'expired')
    return page(410, r.language, t.title, `${head}<p class="error">${escapeHtml(t.expired)}</p>`);
  if (verdict.kind === 'not-yet') return note(t.notYet);
  if (verdict.kind === 'sign-in')
    return page(
      200,
      r.language,
      t.title,
      `${head}<p class="note">${escapeHtml(t.signIn)}</p><p><a href="/portal?lang=${r.language}">${escapeHtml(t.portal)}</a></p>`,
    );
  if (verdict.kind === 'other-person')
    return page(403, r.language, t.title, `${head}<p class="error">${escapeHtml(t.otherPerson)}</p>`);
  return page(
    200,
    r.language,
    t.title,
    `${head}<p>${escapeHtml(t.explain)}</p>${token ? confirmForm(token, t.button, 'reveal-title') : ''}`,
  );
}

/** GET: the account and a button, or what became of the password; never the password. */
export async function showReveal(
  ctx: AppContext,
  token: string,
  now: Date,
  viewer: string | undefined,
): Promise<DecisionResponse> {
  const resolved = await resolve(ctx, token, now, viewer);
  if ('status' in resolved) return resolved;
  return stateful(resolved, now, token);
}

/**
 * POST: reveals once, to the link's manager signed in to the portal (`viewer`: the session's
 * address); the record keeps who and when, and no longer the password.
 */
export async function confirmReveal(
  ctx: AppContext,
  form: URLSearchParams,
  now: Date,
  viewer: string | undefined,
): Promise<DecisionResponse> {
  const token = form.get('t') ?? '';
  const resolved = await resolve(ctx, token, now, viewer);
  if ('status' in resolved) return resolved;
  const { rotation } = resolved;
  if (!rotation) return problemPage(400, 'invalid');
  const verdict = revealVerdict(
    rotation,
    { accountId: rotation.accountId, rotationDate: rotation.rotationDate, manager: resolved.manager },
    resolved.managers,
    now,
    resolved.viewer,
  );
  if (verdict.kind !== 'reveal') return stateful(resolved, now, null);
  const password = await ctx.secretBox.open(rotation.sealed ?? '', sealContext(rotation));
  try {
    await ctx.rotations.update({
      ...rotation,
      state: 'revealed',
      sealed: null,
      revealedAt: now.toISOString(),
      revealedBy: resolved.manager,
      erasedAt: now.toISOString(),
      version: rotation.version + 1,
    });
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    // Another click (another manager, another tab) revealed it first: this one shows who.
    return stateful(
      { ...resolved, rotation: await ctx.rotations.get(rotation.rotationDate, rotation.accountId) },
      now,
      null,
    );
  }
  await ctx.accounts.appendHistory(
    {
      accountId: rotation.accountId,
      at: now.toISOString(),
      actor: resolved.manager,
      action: 'alma-sync',
      reason: `Alma: shared-account password of ${rotation.rotationDate} revealed once, then erased`,
      reference: resolved.via,
    },
    `PWROT-${rotation.rotationDate}-revealed`,
  );
  ctx.logger.info('shared password revealed', {
    account: pseudonym(rotation.accountId),
    by: pseudonym(resolved.manager),
    institution: institutionOf(ctx.config, rotation.institution).code,
  });
  const t = TEXTS[resolved.language];
  return page(
    200,
    resolved.language,
    t.title,
    `<h1 id="reveal-title">${escapeHtml(t.title)}</h1>${accountLine(resolved.language, rotation)}<p>${escapeHtml(t.shown)}</p><p><code id="password" class="secret">${escapeHtml(password)}</code></p><p class="note">${escapeHtml(t.keep)}</p>`,
  );
}
