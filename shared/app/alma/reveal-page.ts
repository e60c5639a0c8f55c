import type { Language } from '../../config/schema';
import { type PasswordRotation, revealVerdict } from '../../domain/alma/passwords';
import { formatInstant } from '../../domain/calendar';
import { linkId, verifyLink } from '../../domain/notices/token';
import { escapeHtml } from '../../domain/texts/html';
import { PASSWORD_TEXTS } from '../../domain/texts/password-texts';
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

const TEXTS = (language: Language) => PASSWORD_TEXTS[language].revealPage;

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

function accountLine(language: Language, rotation: PasswordRotation): string {
  const t = TEXTS(language);
  return `<dl><dt>${escapeHtml(t.account)}</dt><dd>${escapeHtml(`${rotation.accountName} <${rotation.accountEmail}>`)}</dd><dt>Alma</dt><dd>${escapeHtml(rotation.primaryId)}</dd></dl>`;
}

/** Everything but a reveal: what the link may say about its rotation without showing the password. */
function stateful(r: Resolved, now: Date, token: string | null): DecisionResponse {
  const t = TEXTS(r.language);
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
  if (verdict.kind === 'revealed') return note(t.revealed(formatInstant(verdict.at), verdict.by));
  if (verdict.kind === 'expired')
    return page(410, r.language, t.title, `${head}<p class="error">${escapeHtml(t.expired)}</p>`);
  if (verdict.kind === 'not-yet') return note(t.notYet);
  if (verdict.kind === 'sign-in')
    return page(
      200,
      r.language,
      t.title,
      `${head}<p class="note">${escapeHtml(t.signIn)}</p><p><a href="/portal?lang=${r.language}${
        token ? `&amp;next=${encodeURIComponent(`/reveal?t=${token}`)}` : ''
      }">${escapeHtml(t.portal)}</a></p>`,
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
  const t = TEXTS(resolved.language);
  return page(
    200,
    resolved.language,
    t.title,
    `<h1 id="reveal-title">${escapeHtml(t.title)}</h1>${accountLine(resolved.language, rotation)}<p>${escapeHtml(t.shown)}</p><p><code id="password" class="secret">${escapeHtml(password)}</code></p><p class="note">${escapeHtml(t.keep)}</p>`,
  );
}
