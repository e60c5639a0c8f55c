import * as z from 'zod/mini';
import { institutionOfSender } from '../../config/load';
import type { DriftRecordLine } from '../../domain/alma/drift-record';
import { provisioningMode } from '../../domain/alma/provisioning';
import { type CalendarDate, formatBelgian, formatInstant } from '../../domain/calendar';
import { almaWaitingPartition } from '../../domain/portal/list-keys';
import { PAGE_SIZE } from '../../domain/portal/lists';
import { PORTAL_TEXTS, type PortalTexts } from '../../domain/texts/portal-texts';
import type { AppContext } from '../context';
import type { DecisionResponse } from '../review/decision-page-html';
import type { PortalView } from './account-pages';
import { escapeHtml, notFoundPage, portalPage } from './portal-html';

/*
 * The helpdesk's pages (issue 29): the latest drift report (one item, recorded by the weekly job)
 * and what needs a person: mail forwarded to the helpdesk (until a person marks it handled) and
 * Alma users that failed, each list newest first, a Query a page. Managers get "not found", as
 * for the approvals.
 */

const dateOr = (date: CalendarDate | null | undefined) => (date ? formatBelgian(date) : '—');
const th = (label: string) => `<th scope="col">${escapeHtml(label)}</th>`;
const accountLink = (id: string, label: string) =>
  `<a href="/portal/accounts/${escapeHtml(id)}">${escapeHtml(label)}</a>`;

function driftRow(t: PortalTexts, line: DriftRecordLine): string {
  return `<tr><td>${escapeHtml(t.drift.kinds[line.kind])}</td><td>${
    line.accountId ? accountLink(line.accountId, line.name) : escapeHtml(line.name)
  }</td><td>${escapeHtml(line.email ?? '')}</td><td>${escapeHtml(line.primaryId)}</td><td>${
    line.kind === 'differs' ? escapeHtml(dateOr(line.registryExpiry)) : ''
  }</td><td>${line.kind === 'differs' ? escapeHtml(dateOr(line.almaExpiry)) : ''}</td></tr>`;
}

/** The latest drift report: per institution its counts and a table of its differences. */
export async function driftPage(ctx: AppContext, view: PortalView): Promise<DecisionResponse> {
  if (view.user.role !== 'helpdesk') return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const report = await ctx.reports.latestDriftReport();
  const nameOf = (code: string) => ctx.config.institutions.find((i) => i.code === code)?.name ?? code;
  const c = t.drift.columns;
  const sections = (report?.institutions ?? []).map((drift) => {
    const name = nameOf(drift.institution);
    const head = `<h2>${escapeHtml(name)}</h2><p>${escapeHtml(t.drift.summary(drift.accounts, drift.almaUsers))}</p>`;
    const failed = drift.failed
      ? `<p class="error">${escapeHtml(`${t.drift.failed}: ${drift.failed}`)}</p>`
      : '';
    const table = drift.lines.length
      ? `<table><caption>${escapeHtml(`${t.drift.heading} — ${name}`)}</caption><thead><tr>${[
          c.what,
          c.name,
          c.email,
          c.primaryId,
          c.registry,
          c.alma,
        ]
          .map(th)
          .join('')}</tr></thead><tbody>${drift.lines.map((l) => driftRow(t, l)).join('')}</tbody></table>`
      : drift.failed
        ? ''
        : `<p>${escapeHtml(t.drift.nothing)}</p>`;
    const leftOut = drift.leftOut ? `<p class="note">${escapeHtml(t.drift.leftOut(drift.leftOut))}</p>` : '';
    return `<section>${head}${failed}${table}${leftOut}</section>`;
  });
  const content = report
    ? `<p>${escapeHtml(t.drift.ran(report.week, formatInstant(report.ranAt)))}</p>${sections.join('')}`
    : `<p>${escapeHtml(t.drift.none)}</p>`;
  return portalPage({
    language: view.language,
    title: t.drift.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.drift.heading)}</h1>${content}`,
  });
}

const cursor = z.optional(z.string().check(z.maxLength(2000), z.regex(/^[A-Za-z0-9_-]+$/)));
const attentionQuerySchema = z.object({
  /** Which list the page key belongs to: the forwarded mail, or one institution's failures. */
  list: z.catch(z.optional(z.enum(['forwarded', 'failed'])), undefined),
  inst: z.catch(z.optional(z.string().check(z.maxLength(40))), undefined),
  after: z.catch(cursor, undefined),
});

const pager = (t: PortalTexts, href: string | undefined, of?: string) =>
  href
    ? `<nav class="pager" aria-label="${escapeHtml(of ? `Pages — ${of}` : 'Pages')}"><a href="${escapeHtml(
        href,
      )}" rel="next">${escapeHtml(of ? `${t.accounts.next} — ${of}` : t.accounts.next)}</a></nav>`
    : '';

/**
 * What needs a person: mail forwarded to the helpdesk (GSI9 `PERSON#forwarded`) and the Alma
 * users that failed (GSI9 `ALMA#<inst>#failed`, one Query per institution that provisions), each
 * newest first and paged by its own key; a "next" link shows that list alone from there.
 */
export async function attentionPage(
  ctx: AppContext,
  view: PortalView,
  rawQuery: Record<string, string>,
  note?: string,
): Promise<DecisionResponse> {
  if (view.user.role !== 'helpdesk') return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const c = t.attention.columns;
  const query = attentionQuerySchema.parse(rawQuery);
  const sections: string[] = [];

  if (query.list !== 'failed') {
    const page = await ctx.portal.forwardedPage(
      PAGE_SIZE,
      query.list === 'forwarded' ? query.after : undefined,
    );
    const rows = page.items.map((mail) => {
      const institution =
        (mail.institution
          ? ctx.config.institutions.find((i) => i.code === mail.institution)
          : mail.sender
            ? institutionOfSender(ctx.config, mail.sender)
            : undefined
        )?.name ?? '—';
      return `<tr><td>${
        mail.reference
          ? `<a href="/portal/requests/${escapeHtml(mail.reference)}">${escapeHtml(mail.reference)}</a>`
          : '—'
      }</td><td>${escapeHtml(institution)}</td><td>${escapeHtml(mail.sender ?? '—')}</td><td>${escapeHtml(
        mail.subject,
      )}</td><td>${escapeHtml(formatInstant(mail.receivedAt))}</td><td>${escapeHtml(
        mail.reason,
      )}</td><td><form class="inline" method="post" action="/portal/attention/handled"><input type="hidden" name="message" value="${escapeHtml(
        mail.messageId,
      )}"><button type="submit" aria-label="${escapeHtml(`${t.attention.handled}: ${mail.subject}`)}">${escapeHtml(
        t.attention.handled,
      )}</button></form></td></tr>`;
    });
    const table = rows.length
      ? `<table><caption>${escapeHtml(t.attention.forwarded)}</caption><thead><tr>${[
          c.reference,
          c.institution,
          c.sender,
          c.subject,
          c.received,
          c.why,
          t.attention.handled,
        ]
          .map(th)
          .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
      : `<p>${escapeHtml(t.attention.noneForwarded)}</p>`;
    sections.push(
      `<section><h2>${escapeHtml(t.attention.forwarded)}</h2>${table}${pager(
        t,
        page.next ? `/portal/attention?list=forwarded&after=${page.next}` : undefined,
      )}</section>`,
    );
  }

  if (query.list !== 'forwarded') {
    const institutions = ctx.config.institutions.filter(
      (i) => provisioningMode(i) !== 'off' && (query.list !== 'failed' || i.code === query.inst),
    );
    const rows: string[] = [];
    const pagers: string[] = [];
    for (const institution of institutions) {
      const page = await ctx.portal.accountPage(
        { index: 'GSI9', partition: almaWaitingPartition(institution.code, 'failed'), forward: false },
        PAGE_SIZE,
        query.list === 'failed' ? query.after : undefined,
      );
      for (const a of page.items)
        rows.push(
          `<tr><td>${accountLink(a.id, a.fullName)}</td><td>${escapeHtml(institution.name)}</td><td>${escapeHtml(
            a.alma?.lastAnswer ?? '',
          )}</td></tr>`,
        );
      if (page.next)
        pagers.push(
          pager(
            t,
            `/portal/attention?list=failed&inst=${encodeURIComponent(institution.code)}&after=${page.next}`,
            institution.name,
          ),
        );
    }
    const table = rows.length
      ? `<table><caption>${escapeHtml(t.attention.failures)}</caption><thead><tr>${[
          c.account,
          c.institution,
          c.answer,
        ]
          .map(th)
          .join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
      : `<p>${escapeHtml(t.attention.noneFailed)}</p>`;
    sections.push(
      `<section><h2>${escapeHtml(t.attention.failures)}</h2>${table}${pagers.join('')}</section>`,
    );
  }

  return portalPage({
    language: view.language,
    title: t.attention.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.attention.heading)}</h1>${
      note ? `<p class="note" role="status">${escapeHtml(note)}</p>` : ''
    }${sections.join('')}`,
  });
}

/** A person of the helpdesk handled a forwarded mail: it leaves the list (who and when kept on its plan). */
export async function markHandled(
  ctx: AppContext,
  view: PortalView,
  form: URLSearchParams,
): Promise<DecisionResponse> {
  const messageId = form.get('message') ?? '';
  if (view.user.role !== 'helpdesk' || !messageId || messageId.length > 1000)
    return notFoundPage(view.language, view.user, view.here);
  const handled = await ctx.portal.markForwardedHandled(messageId, view.user.email, view.now);
  if (!handled) return notFoundPage(view.language, view.user, view.here);
  return attentionPage(
    ctx,
    { ...view, here: '/portal/attention' },
    {},
    PORTAL_TEXTS[view.language].attention.handledNote,
  );
}
