import type { Account } from '../../domain/account';
import { decideAlmaEffect } from '../../domain/alma/provisioning';
import type { Language } from '../../domain/language';
import { DECISION_PAGE_TEXTS } from '../../domain/texts/decision-page-texts';
import { escapeHtml } from '../../domain/texts/html';
import type { AppContext } from '../context';
import {
  accountDetails,
  almaRecordDetails,
  confirmForm,
  type DecisionResponse,
  heldUserDetails,
  page,
} from '../review/decision-page-html';
import { provisionAccount } from './provision';

export { APPROVAL_LINK_DAYS, almaApprovalLink } from './approval-link';

interface ApprovalView {
  account: Account | undefined;
  language: Language;
  institutionName: string;
}

const head = (title: string) => `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
const note = (text: string, role = '') =>
  `<p class="note"${role ? ` role="${role}"` : ''}>${escapeHtml(text)}</p>`;
const warning = (text: string) => `<p class="error" id="alma-email-warning">${escapeHtml(text)}</p>`;

/** The field the link page's button posts: the helpdesk's decision is to link, not to create. */
export const LINK_CHOICE = { do: 'link' } as const;

/**
 * The question when Alma already has a user for the account: that user as Alma holds it, what
 * linking would change (dates only) and the button that links it; `lead` says why it is shown.
 */
function linkQuestion(
  ctx: Pick<AppContext, 'config'>,
  token: string,
  view: ApprovalView & { account: Account },
  lead = '',
): DecisionResponse | undefined {
  const { account, language, institutionName } = view;
  const t = DECISION_PAGE_TEXTS[language];
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  const effect = decideAlmaEffect({ account, institution, intent: 'provision', approved: true });
  if (effect.kind !== 'await-link') return undefined;
  return page(
    200,
    language,
    t.provision.linkTitle,
    `${head(t.provision.linkTitle)}${lead}${accountDetails(t, language, account, institutionName)}<p>${escapeHtml(
      t.provision.linkExplain(effect.primaryId, institutionName),
    )}</p>${effect.emailDiffers ? warning(t.provision.emailDiffers(account.email)) : ''}${heldUserDetails(
      t,
      language,
      effect.held,
      effect.dates,
    )}${confirmForm(token, t.provision.linkButton, 'decision-title', LINK_CHOICE)}`,
  );
}

const waitsForLink = (account: Account) => !account.alma?.linkedAt && account.alma?.state === 'awaiting-link';

/**
 * GET: the account and the exact user record Alma will receive, with the one button; or, when
 * Alma already has a user for it, that user and what linking would change. Changes nothing.
 */
export function showApproval(ctx: AppContext, token: string, view: ApprovalView): DecisionResponse {
  const { account, language, institutionName } = view;
  const t = DECISION_PAGE_TEXTS[language];
  const title = t.provision.title;
  if (!account) return page(404, language, title, `${head(title)}${note(t.closeChanged)}`);
  const details = accountDetails(t, language, account, institutionName);
  if (account.alma?.linkedAt)
    return page(
      200,
      language,
      title,
      `${head(title)}${details}${note(t.provision.already(account.alma.primaryId))}`,
    );
  if (waitsForLink(account)) {
    const question = linkQuestion(ctx, token, { ...view, account });
    if (question) return question;
  }
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  const effect = decideAlmaEffect({ account, institution, intent: 'provision', approved: true });
  if (effect.kind !== 'create') {
    const closes = effect.kind === 'cancel' || (effect.kind === 'none' && effect.reason === 'closed');
    const why = closes ? t.provision.closed : t.provision.off;
    return page(200, language, title, `${head(title)}${details}${note(why)}`);
  }
  return page(
    200,
    language,
    title,
    `${head(title)}${details}<p>${escapeHtml(t.provision.explain(institutionName))}</p>${almaRecordDetails(
      t,
      effect.user,
      effect.profiles,
    )}${confirmForm(token, t.provision.button, 'decision-title')}`,
  );
}

/**
 * POST of the page's button: create now, or link the user Alma has when that is what the button
 * said (`choice` link, on an account waiting for it), and show what Alma answered.
 */
export async function confirmApproval(
  ctx: AppContext,
  view: ApprovalView & { accountId: string; via: string; now: Date; token: string; choice?: string | null },
): Promise<DecisionResponse> {
  const { language, institutionName } = view;
  const t = DECISION_PAGE_TEXTS[language];
  const title = t.provision.title;
  const current = await ctx.accounts.get(view.accountId);
  if (!current) return page(404, language, title, `${head(title)}${note(t.closeChanged)}`);
  if (current.alma?.linkedAt)
    return page(
      200,
      language,
      title,
      `${head(title)}${note(t.provision.already(current.alma.primaryId), 'status')}${accountDetails(t, language, current, institutionName)}`,
    );
  const link = view.choice === LINK_CHOICE.do;
  if (waitsForLink(current) && !link) {
    // A create button (an older page) meets an account waiting for the link decision: ask that.
    const question = linkQuestion(
      ctx,
      view.token,
      { ...view, account: current },
      note(t.provision.stillWaiting, 'status'),
    );
    if (question) return question;
  }
  const result = await provisionAccount(ctx, view.accountId, {
    actor: 'decision-link',
    via: view.via,
    approved: true,
    approvalClick: true,
    linkApproved: link && waitsForLink(current),
    now: view.now,
  });
  const details = accountDetails(t, language, result.account, institutionName);
  switch (result.outcome) {
    case 'awaiting-link': {
      const lead = note(result.changed ? t.provision.linkChanged : t.provision.stillWaiting, 'status');
      const question = linkQuestion(ctx, view.token, { ...view, account: result.account }, lead);
      if (question) return { ...question, status: result.changed ? 409 : 200 };
      return page(200, language, title, `${head(title)}${lead}${details}`);
    }
    case 'updated':
    case 'in-sync':
      // Linked by another click between this page's read and its sync: nothing of this click's doing.
      return page(
        200,
        language,
        title,
        `${head(title)}${note(t.provision.already(result.primaryId), 'status')}${details}`,
      );
    case 'created':
    case 'linked': {
      const text =
        result.outcome === 'created'
          ? t.provision.created(result.primaryId)
          : t.provision.linked(result.primaryId);
      return page(
        200,
        language,
        title,
        `${head(title)}${note(`${text} ${t.done}`, 'status')}${details}<p>${escapeHtml(t.provision.answer)}: <span id="alma-answer">${escapeHtml(result.answer)}</span></p>`,
      );
    }
    case 'failed':
      return page(
        502,
        language,
        title,
        `${head(title)}<p class="error" role="status">${escapeHtml(t.provision.failed)}</p>${details}<p>${escapeHtml(
          t.provision.answer,
        )}: <span id="alma-answer">${escapeHtml(result.error.message)}</span></p>`,
      );
    case 'overtaken':
      return page(
        200,
        language,
        title,
        `${head(title)}${note(t.provision.approvedAlready(result.primaryId), 'status')}${details}`,
      );
    case 'skipped':
      return page(200, language, title, `${head(title)}${note(t.provision.closed, 'status')}${details}`);
    default:
      return page(200, language, title, `${head(title)}${note(t.provision.off, 'status')}${details}`);
  }
}
