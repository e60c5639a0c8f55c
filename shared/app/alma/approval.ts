import type { Account } from '../../domain/account';
import { decideAlmaEffect } from '../../domain/alma/provisioning';
import { escapeHtml, type NoticeLanguage } from '../../domain/notices/messages';
import { signLink } from '../../domain/notices/token';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { decisionUrl } from '../notices/recipients';
import {
  accountDetails,
  almaRecordDetails,
  confirmForm,
  type DecisionResponse,
  page,
} from '../review/decision-page-html';
import { DECISION_PAGE_TEXTS } from '../review/decision-page-texts';
import { provisionAccount } from './provision';

/** Approval links stay valid a month; `alma-accounts alma push` does the same after that. */
export const APPROVAL_LINK_DAYS = 30;

/** The signed approval link for a helpdesk copy: a page showing the exact record, one click creates it. */
export async function almaApprovalLink(ctx: AppContext, accountId: string, now: Date): Promise<string> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + APPROVAL_LINK_DAYS * 86_400;
  return decisionUrl(ctx.config, signLink({ purpose: 'provision', accountId, expiresAt }, key));
}

interface ApprovalView {
  account: Account | undefined;
  language: NoticeLanguage;
  institutionName: string;
}

const head = (title: string) => `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
const note = (text: string, role = '') =>
  `<p class="note"${role ? ` role="${role}"` : ''}>${escapeHtml(text)}</p>`;

/** GET: the account and the exact user record Alma will receive, with the one button; changes nothing. */
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
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  const effect = decideAlmaEffect({ account, institution, intent: 'provision', approved: true });
  if (effect.kind !== 'create') {
    const why = effect.kind === 'none' && effect.reason === 'closed' ? t.provision.closed : t.provision.off;
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

/** POST of the page's button: create (or link) now, and show what Alma answered. */
export async function confirmApproval(
  ctx: AppContext,
  view: ApprovalView & { accountId: string; via: string; now: Date },
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
  const result = await provisionAccount(ctx, view.accountId, {
    actor: 'decision-link',
    via: view.via,
    approved: true,
    now: view.now,
  });
  const details = accountDetails(t, language, result.account, institutionName);
  switch (result.outcome) {
    case 'created':
    case 'linked':
    case 'updated':
    case 'in-sync': {
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
    case 'skipped':
      return page(200, language, title, `${head(title)}${note(t.provision.closed, 'status')}${details}`);
    default:
      return page(200, language, title, `${head(title)}${note(t.provision.off, 'status')}${details}`);
  }
}
