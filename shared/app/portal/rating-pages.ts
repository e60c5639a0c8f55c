import { formatInstant } from '../../domain/calendar';
import {
  adjacentMonths,
  isRatingMonth,
  monthlyRatings,
  RATING_CHOICES,
  type RatingCounts,
  ratingMonth,
} from '../../domain/rating';
import { RATING_TEXTS } from '../../domain/texts/rating-texts';
import type { AppContext } from '../context';
import type { DecisionResponse } from '../review/decision-page-html';
import type { PortalView } from './account-pages';
import { escapeHtml, notFoundPage, portalPage } from './portal-html';

/**
 * The helpdesk's view of the requesters' ratings (issue 29), one month a page: the counts per
 * choice and per institution, the comments newest first. Comments are personal data: the
 * helpdesk only (a manager gets "not found", as for the approvals).
 */
export async function ratingsPage(
  ctx: AppContext,
  view: PortalView,
  query: Record<string, string>,
): Promise<DecisionResponse> {
  if (view.user.role !== 'helpdesk') return notFoundPage(view.language, view.user, view.here);
  const t = RATING_TEXTS[view.language];
  const p = t.portal;
  const month = isRatingMonth(query.month) ? query.month : ratingMonth(view.now);
  const summary = monthlyRatings(month, await ctx.ratings.ofMonth(month));
  const { previous, next } = adjacentMonths(month);
  const nameOf = (code: string) => ctx.config.institutions.find((i) => i.code === code)?.name ?? code;
  const choiceHeads = RATING_CHOICES.map(
    (c) => `<th scope="col"><span aria-hidden="true">${t.icon[c]}</span> ${escapeHtml(t.choice[c])}</th>`,
  ).join('');
  const countCells = (counts: RatingCounts) => RATING_CHOICES.map((c) => `<td>${counts[c]}</td>`).join('');
  const totals = `<table><caption>${escapeHtml(p.countsCaption)}</caption><thead><tr>${choiceHeads}</tr></thead><tbody><tr>${countCells(
    summary.counts,
  )}</tr></tbody></table>`;
  const perInstitution = summary.institutions.length
    ? `<table><caption>${escapeHtml(p.institutionsCaption)}</caption><thead><tr><th scope="col">${escapeHtml(
        p.institutionColumn,
      )}</th>${choiceHeads}</tr></thead><tbody>${summary.institutions
        .map(
          (i) => `<tr><th scope="row">${escapeHtml(nameOf(i.institution))}</th>${countCells(i.counts)}</tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const comments = summary.comments.length
    ? `<table><caption>${escapeHtml(p.commentsHeading)}</caption><thead><tr><th scope="col">${escapeHtml(
        p.reference,
      )}</th><th scope="col">${escapeHtml(p.date)}</th><th scope="col">${escapeHtml(
        p.institutionColumn,
      )}</th><th scope="col">${escapeHtml(p.choiceColumn)}</th><th scope="col">${escapeHtml(
        p.comment,
      )}</th></tr></thead><tbody>${summary.comments
        .map(
          (c) =>
            `<tr><td><a href="/portal/requests/${escapeHtml(c.reference)}">${escapeHtml(c.reference)}</a></td><td>${escapeHtml(
              formatInstant(c.at),
            )}</td><td>${escapeHtml(nameOf(c.institution))}</td><td>${escapeHtml(t.choice[c.choice])}</td><td class="comment">${escapeHtml(
              c.comment ?? '',
            ).replaceAll('\n', '<br>')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<h2>${escapeHtml(p.commentsHeading)}</h2><p>${escapeHtml(p.noComments)}</p>`;
  const pager = `<nav class="pager" aria-label="${escapeHtml(p.heading(month))}"><a href="/portal/ratings?month=${previous}">${escapeHtml(
    p.previous,
  )}</a><a href="/portal/ratings?month=${next}">${escapeHtml(p.next)}</a></nav>`;
  return portalPage({
    language: view.language,
    title: p.heading(month),
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(p.heading(month))}</h1><p>${escapeHtml(p.total(summary.total))} ${escapeHtml(
      p.countedBy,
    )}</p>${pager}${totals}${perInstitution}${comments}`,
  });
}
