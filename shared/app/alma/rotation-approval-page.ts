import type { Language } from '../../config/schema';
import type { PasswordRotation } from '../../domain/alma/passwords';
import { formatBelgian } from '../../domain/calendar';
import { linkId, verifyLink } from '../../domain/notices/token';
import { escapeHtml } from '../../domain/texts/html';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { institutionOf } from '../notices/recipients';
import { confirmForm, type DecisionResponse, page, problemPage } from '../review/decision-page-html';
import { approvalListDigest, awaitingApproval, confirmRotationList } from './password-rotation';

/**
 * The helpdesk's confirmation of the password rotations of `approve` institutions (issue 30): one
 * page listing the accounts, their institutions and the date, and one button. GET shows; POST
 * marks the list approved (nothing is sent to Alma here: the next daily run sets the passwords
 * and mails the managers their links). The link is bound to the list it was mailed with.
 */

const TEXTS: Record<
  Language,
  {
    title: string;
    intro: (date: string) => string;
    head: [string, string, string];
    button: string;
    done: (n: number) => string;
    changed: string;
    none: string;
  }
> = {
  fr: {
    title: 'Rotation des mots de passe des comptes partagés',
    intro: (date) =>
      `Rotation du ${date}. En confirmant, chacun de ces comptes Alma reçoit un nouveau mot de passe lors du prochain passage quotidien (7 h 30), et chaque responsable de l'institution reçoit un lien pour l'afficher une fois. Rien n'est changé dans Alma avant.`,
    head: ['Compte', 'Institution', 'Alma'],
    button: 'Confirmer la liste',
    done: (n) =>
      `Liste confirmée : ${n} ${n === 1 ? 'compte' : 'comptes'}. Les mots de passe seront fixés dans Alma au prochain passage quotidien.`,
    changed:
      'La liste a changé depuis ce lien (un compte ajouté ou déjà traité) : rien n’a été confirmé. Utilisez le lien du dernier e-mail, ou alma-accounts passwords approve.',
    none: 'Plus rien à confirmer pour cette date.',
  },
  nl: {
    title: 'Wachtwoordrotatie van gedeelde accounts',
    intro: (date) =>
      `Rotatie van ${date}. Na bevestiging krijgt elk van deze Alma-accounts bij de volgende dagelijkse run (7.30 uur) een nieuw wachtwoord, en elke verantwoordelijke van de instelling een link om het één keer te tonen. Tot dan verandert er niets in Alma.`,
    head: ['Account', 'Instelling', 'Alma'],
    button: 'Lijst bevestigen',
    done: (n) =>
      `Lijst bevestigd: ${n} ${n === 1 ? 'account' : 'accounts'}. De wachtwoorden worden bij de volgende dagelijkse run in Alma ingesteld.`,
    changed:
      'De lijst is veranderd sinds deze link (een account toegevoegd of al behandeld): er is niets bevestigd. Gebruik de link uit de laatste e-mail, of alma-accounts passwords approve.',
    none: 'Niets meer te bevestigen voor deze datum.',
  },
  en: {
    title: 'Shared-account password rotation',
    intro: (date) =>
      `Rotation of ${date}. Once you confirm, each of these Alma accounts gets a new password at the next daily run (7:30), and each manager of the institution a link to show it once. Nothing changes in Alma before.`,
    head: ['Account', 'Institution', 'Alma'],
    button: 'Confirm the list',
    done: (n) =>
      `List confirmed: ${n} ${n === 1 ? 'account' : 'accounts'}. The passwords will be set in Alma at the next daily run.`,
    changed:
      'The list changed since this link (an account added or already handled): nothing was confirmed. Use the link of the latest mail, or alma-accounts passwords approve.',
    none: 'Nothing left to confirm for this date.',
  },
};

function table(ctx: AppContext, language: Language, rotations: PasswordRotation[]): string {
  const t = TEXTS[language];
  const rows = rotations
    .map(
      (r) =>
        `<tr><td>${escapeHtml(`${r.accountName} <${r.accountEmail}>`)}</td><td>${escapeHtml(institutionOf(ctx.config, r.institution).name)}</td><td>${escapeHtml(r.primaryId)}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr>${t.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

async function claimsOf(ctx: AppContext, token: string, now: Date) {
  const verdict = await verifyLink(token, await ctx.secrets.get(DECISION_LINK_KEY_SECRET), now);
  if (!verdict.ok) {
    ctx.logger.info('rotation approval link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  return verdict.claims.purpose === 'rotation-approval' ? verdict.claims : problemPage(400, 'invalid');
}

/** GET: the list as it stands, and the button when it is still the list the link was mailed with. */
export async function showRotationApproval(
  ctx: AppContext,
  token: string,
  now: Date,
): Promise<DecisionResponse> {
  const claims = await claimsOf(ctx, token, now);
  if ('status' in claims) return claims;
  const language = ctx.config.alerts.language;
  const t = TEXTS[language];
  const waiting = await awaitingApproval(ctx, claims.rotationDate);
  const head = `<h1 id="rotation-title">${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro(formatBelgian(claims.rotationDate)))}</p>`;
  if (!waiting.length)
    return page(200, language, t.title, `${head}<p class="note">${escapeHtml(t.none)}</p>`);
  const same = approvalListDigest(waiting) === claims.list;
  return page(
    200,
    language,
    t.title,
    `${head}${table(ctx, language, waiting)}${same ? confirmForm(token, t.button, 'rotation-title') : `<p class="error">${escapeHtml(t.changed)}</p>`}`,
  );
}

/** POST: the list confirmed, exactly as shown. */
export async function confirmRotationApproval(
  ctx: AppContext,
  form: URLSearchParams,
  now: Date,
): Promise<DecisionResponse> {
  const token = form.get('t') ?? '';
  const claims = await claimsOf(ctx, token, now);
  if ('status' in claims) return claims;
  const language = ctx.config.alerts.language;
  const t = TEXTS[language];
  const result = await confirmRotationList(ctx, {
    rotationDate: claims.rotationDate,
    list: claims.list,
    actor: `decision-link ${linkId(token)}`,
  });
  const head = `<h1 id="rotation-title">${escapeHtml(t.title)}</h1>`;
  if (result.outcome === 'changed')
    return page(
      409,
      language,
      t.title,
      `${head}<p class="error">${escapeHtml(result.rotations.length ? t.changed : t.none)}</p>`,
    );
  ctx.logger.info('password rotations approved', {
    rotationDate: claims.rotationDate,
    count: result.rotations.length,
  });
  return page(
    200,
    language,
    t.title,
    `${head}<p class="note">${escapeHtml(t.done(result.rotations.length))}</p>${table(ctx, language, result.rotations)}`,
  );
}
