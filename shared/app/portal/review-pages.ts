import { provisioningMode } from '../../domain/alma/provisioning';
import { brusselsDate, dateParts, endOfYear, formatBelgian } from '../../domain/calendar';
import { reviewStateOf } from '../../domain/notices/review';
import { mayActFor } from '../../domain/portal/access';
import {
  ALMA_WAITING_STATES,
  accountListPartition,
  almaWaitingPartition,
} from '../../domain/portal/list-keys';
import { PAGE_SIZE } from '../../domain/portal/lists';
import { PORTAL_TEXTS } from '../../domain/texts/portal-texts';
import { almaApprovalLink } from '../alma/approval-link';
import type { AppContext } from '../context';
import type { DecisionResponse } from '../review/decision-page-html';
import { applyReviewChoice } from '../review/review-decisions';
import { listedInstitution, type PortalView } from './account-pages';
import { escapeHtml, notFoundPage, portalPage } from './portal-html';

/** The yearly review's campaign of a day: the year whose 31 December is ahead (or today). */
export function campaignOf(now: Date): number {
  return dateParts(brusselsDate(now)).year;
}

/**
 * The decisions waiting: the institution's accounts ending on this campaign's 31 December (the
 * end-date index, one Query), each with its decision so far and the two buttons of the mailed links.
 */
export async function reviewPage(
  ctx: AppContext,
  view: PortalView,
  rawQuery: Record<string, string>,
  note?: string,
): Promise<DecisionResponse> {
  const t = PORTAL_TEXTS[view.language];
  const institution = listedInstitution(ctx, view.user, rawQuery.inst);
  const campaign = campaignOf(view.now);
  const deadline = endOfYear(campaign);
  const page = await ctx.portal.accountPage(
    {
      index: 'GSI7',
      partition: accountListPartition(institution.code, false),
      range: { beginsWith: `${deadline}!` },
      forward: true,
    },
    PAGE_SIZE,
    rawQuery.after,
  );
  // A page of single reads: the internet-facing function is granted no batch action.
  const decisions = (await Promise.all(page.items.map((a) => ctx.reviews.get(campaign, a.id)))).filter(
    (d) => d !== undefined,
  );
  const rows = page.items
    .map((account) => {
      const record = decisions.find((d) => d.accountId === account.id);
      const state = reviewStateOf(account, campaign, record);
      if (state === 'not-in-review') return '';
      const decided = state === 'not-renewed' ? `${t.review.decided}: ${t.review.notRenew}` : '';
      const button = (decision: 'renew' | 'not-renew', label: string) =>
        `<form class="inline" method="post" action="/portal/review"><input type="hidden" name="account" value="${escapeHtml(
          account.id,
        )}"><input type="hidden" name="decision" value="${decision}"><button type="submit" aria-label="${escapeHtml(
          `${label}: ${account.fullName}`,
        )}">${escapeHtml(label)}</button></form>`;
      return `<tr><td><a href="/portal/accounts/${escapeHtml(account.id)}">${escapeHtml(account.fullName)}</a></td><td>${escapeHtml(
        account.email,
      )}</td><td>${escapeHtml(formatBelgian(deadline))}</td><td>${escapeHtml(decided)}</td><td>${
        view.user.role === 'manager'
          ? `${button('renew', t.review.renew)} ${button('not-renew', t.review.notRenew)}`
          : ''
      }</td></tr>`;
    })
    .join('');
  const c = t.accounts.columns;
  const table = rows
    ? `<table><caption>${escapeHtml(`${t.review.heading} — ${institution.name}`)}</caption><thead><tr><th scope="col">${escapeHtml(
        c.name,
      )}</th><th scope="col">${escapeHtml(c.email)}</th><th scope="col">${escapeHtml(c.end)}</th><th scope="col">${escapeHtml(
        c.status,
      )}</th><th scope="col">${escapeHtml(t.review.heading)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(t.review.none)}</p>`;
  const pager = page.next
    ? `<nav class="pager" aria-label="Pages"><a href="/portal/review?after=${escapeHtml(page.next)}" rel="next">${escapeHtml(
        t.accounts.next,
      )}</a></nav>`
    : '';
  return portalPage({
    language: view.language,
    title: t.review.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.review.heading)}</h1><p>${escapeHtml(t.review.intro)}</p>${
      note ? `<p class="note" role="status">${escapeHtml(note)}</p>` : ''
    }${table}${pager}`,
  });
}

/** A decision taken in the page: the same rule as the mailed links (applyReviewChoice), the manager as actor. */
export async function decideInPage(
  ctx: AppContext,
  view: PortalView,
  form: URLSearchParams,
): Promise<DecisionResponse> {
  const id = form.get('account') ?? '';
  const decision = form.get('decision');
  const account = /^ACC-[A-Za-z0-9]{1,40}$/.test(id) ? await ctx.accounts.get(id) : undefined;
  if (
    view.user.role !== 'manager' ||
    !account ||
    !mayActFor(view.user, account.institution) ||
    (decision !== 'renew' && decision !== 'not-renew')
  )
    return notFoundPage(view.language, view.user, view.here);
  const result = await applyReviewChoice(ctx, {
    accountId: id,
    campaign: campaignOf(view.now),
    decision,
    now: view.now,
    actor: view.user.email,
    via: 'portal',
    reason: 'yearly review decided in the portal',
  });
  if (result.outcome === 'not-in-review') return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const label = decision === 'renew' ? t.review.renew : t.review.notRenew;
  return reviewPage(
    ctx,
    { ...view, here: '/portal/review' },
    {},
    `${t.review.decided}: ${label} — ${account.fullName}`,
  );
}

/**
 * The helpdesk's list of Alma users waiting for a person, per institution and step (GSI9, one
 * Query each): to approve (no Alma step yet where the institution provisions on approval, or
 * waiting for the click), to link, or failed. Approving opens the page of the mailed link.
 */
export async function approvalsPage(ctx: AppContext, view: PortalView): Promise<DecisionResponse> {
  if (view.user.role !== 'helpdesk') return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const c = t.accounts.columns;
  const rows: string[] = [];
  for (const institution of ctx.config.institutions) {
    const mode = provisioningMode(institution);
    if (mode === 'off') continue;
    const states = ALMA_WAITING_STATES.filter((s) => s !== 'none' || mode === 'approve');
    for (const state of states) {
      const page = await ctx.portal.accountPage(
        { index: 'GSI9', partition: almaWaitingPartition(institution.code, state), forward: true },
        PAGE_SIZE,
      );
      for (const a of page.items) {
        const action =
          state === 'failed'
            ? escapeHtml(a.alma?.lastAnswer ?? state)
            : `<a href="${escapeHtml(await almaApprovalLink(ctx, a.id, view.now))}">${escapeHtml(t.approvals.open)}: ${escapeHtml(
                a.fullName,
              )}</a>`;
        rows.push(
          `<tr><td><a href="/portal/accounts/${escapeHtml(a.id)}">${escapeHtml(a.fullName)}</a></td><td>${escapeHtml(
            a.email,
          )}</td><td>${escapeHtml(institution.name)}</td><td>${escapeHtml(state)}</td><td>${action}</td></tr>`,
        );
      }
    }
  }
  const table = rows.length
    ? `<table><caption>${escapeHtml(t.approvals.heading)}</caption><thead><tr><th scope="col">${escapeHtml(
        c.name,
      )}</th><th scope="col">${escapeHtml(c.email)}</th><th scope="col">${escapeHtml(
        t.accounts.institution,
      )}</th><th scope="col">${escapeHtml(c.alma)}</th><th scope="col">${escapeHtml(t.approvals.open)}</th></tr></thead><tbody>${rows.join(
        '',
      )}</tbody></table>`
    : `<p>${escapeHtml(t.approvals.none)}</p>`;
  return portalPage({
    language: view.language,
    title: t.approvals.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.approvals.heading)}</h1>${table}`,
  });
}
