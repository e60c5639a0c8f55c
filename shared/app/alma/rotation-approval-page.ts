import type { Language } from '../../config/schema';
import type { PasswordRotation } from '../../domain/alma/passwords';
import { formatBelgian } from '../../domain/calendar';
import { linkId, verifyLink } from '../../domain/notices/token';
import { escapeHtml } from '../../domain/texts/html';
import { PASSWORD_TEXTS } from '../../domain/texts/password-texts';
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

const TEXTS = (language: Language) => PASSWORD_TEXTS[language].approvalPage;

function table(ctx: AppContext, language: Language, rotations: PasswordRotation[]): string {
  const t = TEXTS(language);
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
  const t = TEXTS(language);
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
  const t = TEXTS(language);
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
