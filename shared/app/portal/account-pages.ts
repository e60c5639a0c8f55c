import type { Institution, Language } from '../../config/schema';
import type { Account, AccountEvent } from '../../domain/account';
import { brusselsDate, type CalendarDate, dateParts, formatBelgian } from '../../domain/calendar';
import type { MissingItem } from '../../domain/mail';
import { bounceQuestionState } from '../../domain/mail-feedback';
import type { BounceChoice } from '../../domain/notices/token';
import { mayActFor, type PortalUser } from '../../domain/portal/access';
import { accountListPartition, emailKey, nameKey } from '../../domain/portal/list-keys';
import {
  ACCOUNT_FILTERS,
  type AccountListQuery,
  accountListPlan,
  accountListQuerySchema,
  PAGE_SIZE,
} from '../../domain/portal/lists';
import { accountStatusOn } from '../../domain/rules';
import { FEEDBACK_TEXTS } from '../../domain/texts/feedback-texts';
import { PORTAL_TEXTS, type PortalTexts } from '../../domain/texts/portal-texts';
import type { AppContext } from '../context';
import { applyBounceChoice, bounceOutcomeNote } from '../feedback/bounce-decision';
import type { DecisionResponse } from '../review/decision-page-html';
import { escapeHtml, notFoundPage, portalPage } from './portal-html';
import { type PortalField, submitPortalRequest } from './portal-requests';

/** Where a page is shown: who, in which language, at which address (for the language links). */
export interface PortalView {
  user: PortalUser;
  language: Language;
  here: string;
  now: Date;
}

/** The institution a user lists: their own, or for the helpdesk the one chosen (the first by default). */
export function listedInstitution(
  ctx: AppContext,
  user: PortalUser,
  chosen: string | undefined,
): Institution {
  const institutions = ctx.config.institutions;
  if (user.role === 'manager') return institutions.find((i) => i.code === user.institution)!;
  return institutions.find((i) => i.code === chosen) ?? institutions[0]!;
}

const SORTABLE = { name: 'name', email: 'email', type: 'type', end: 'end' } as const;

function listLink(query: AccountListQuery, change: Partial<AccountListQuery>, inst?: string): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  params.set('sort', next.sort);
  params.set('dir', next.dir);
  if (next.filter !== 'all') params.set('filter', next.filter);
  if (next.q) params.set('q', next.q);
  if (inst) params.set('inst', inst);
  if (next.after) params.set('after', next.after);
  return `/portal/accounts?${params}`;
}

export function statusText(
  t: PortalTexts,
  account: Account,
  today: CalendarDate,
  windowDays: number,
): string {
  return t.statuses[accountStatusOn(account, today, windowDays)];
}

/** The accounts of one institution, one Query a page (README "Portal"). */
export async function accountsPage(
  ctx: AppContext,
  view: PortalView,
  rawQuery: Record<string, string>,
): Promise<DecisionResponse & { itemsRead: number }> {
  const t = PORTAL_TEXTS[view.language];
  const query = accountListQuerySchema.parse(rawQuery);
  const institution = listedInstitution(ctx, view.user, rawQuery.inst);
  const today = brusselsDate(view.now);
  const plan = accountListPlan(
    {
      open: accountListPartition(institution.code, false),
      closed: accountListPartition(institution.code, true),
    },
    query,
    today,
    { name: nameKey, email: emailKey },
  );
  const page = await ctx.portal.accountPage(plan, PAGE_SIZE, query.after);
  const inst = view.user.role === 'helpdesk' ? institution.code : undefined;
  const c = t.accounts.columns;
  const header = (column: keyof typeof c) => {
    if (!(column in SORTABLE)) return `<th scope="col">${escapeHtml(c[column])}</th>`;
    const sort = column as keyof typeof SORTABLE;
    const current = plan.sort === sort;
    const dir = current && plan.forward ? 'desc' : 'asc';
    const aria = current ? ` aria-sort="${plan.forward ? 'ascending' : 'descending'}"` : '';
    const arrow = current ? (plan.forward ? ' ▲' : ' ▼') : '';
    return `<th scope="col"${aria}><a href="${escapeHtml(
      listLink(
        query,
        { sort, dir, after: undefined, q: '', filter: query.filter === 'closed' ? 'closed' : 'all' },
        inst,
      ),
    )}" aria-label="${escapeHtml(t.accounts.sortBy(c[column], dir))}">${escapeHtml(c[column])}${arrow}</a></th>`;
  };
  const rows = page.items
    .map(
      (a) =>
        `<tr><td><a href="/portal/accounts/${escapeHtml(a.id)}">${escapeHtml(a.fullName)}</a></td><td>${escapeHtml(
          a.email,
        )}</td><td>${escapeHtml(`${t.employeeTypes[a.employeeType]} (${t.accountTypes[a.accountType]})`)}</td><td>${
          a.endDate ? escapeHtml(formatBelgian(a.endDate)) : escapeHtml(t.account.noEnd)
        }</td><td>${escapeHtml(statusText(t, a, today, ctx.config.notices.expiringWindowDays))}</td><td>${escapeHtml(a.alma?.state ?? '—')}</td></tr>`,
    )
    .join('');
  const institutionChoice =
    view.user.role === 'helpdesk'
      ? `<label for="inst">${escapeHtml(t.accounts.institution)}</label><select id="inst" name="inst">${ctx.config.institutions
          .map(
            (i) =>
              `<option value="${escapeHtml(i.code)}"${i.code === institution.code ? ' selected' : ''}>${escapeHtml(i.name)}</option>`,
          )
          .join('')}</select>`
      : '';
  const filters = ACCOUNT_FILTERS.map(
    (f) =>
      `<option value="${f}"${f === query.filter ? ' selected' : ''}>${escapeHtml(t.accounts.filters[f])}</option>`,
  ).join('');
  const form = `<form method="get" action="/portal/accounts">${institutionChoice}
<label for="q">${escapeHtml(t.accounts.search)}</label><input id="q" name="q" value="${escapeHtml(query.q)}" maxlength="100">
<label for="filter">${escapeHtml(t.accounts.filter)}</label><select id="filter" name="filter">${filters}</select>
<input type="hidden" name="sort" value="${plan.sort}"><input type="hidden" name="dir" value="${query.dir}">
<button type="submit">${escapeHtml(t.accounts.searchButton)}</button></form>`;
  const pager = `<nav class="pager" aria-label="Pages">${
    query.after
      ? `<a href="${escapeHtml(listLink(query, { after: undefined }, inst))}">${escapeHtml(t.accounts.first)}</a>`
      : ''
  }${page.next ? `<a href="${escapeHtml(listLink(query, { after: page.next }, inst))}" rel="next">${escapeHtml(t.accounts.next)}</a>` : ''}</nav>`;
  const table = page.items.length
    ? `<table><caption>${escapeHtml(`${t.accounts.heading} — ${institution.name}`)}</caption><thead><tr>${(
        ['name', 'email', 'type', 'end', 'status', 'alma'] as const
      )
        .map(header)
        .join('')}</tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(t.accounts.none)}</p>`;
  return {
    ...portalPage({
      language: view.language,
      title: t.accounts.heading,
      user: view.user,
      here: view.here,
      content: `<h1>${escapeHtml(t.accounts.heading)}</h1>${form}${table}${pager}`,
    }),
    itemsRead: page.itemsRead,
  };
}

/** An account the user may see, or undefined (another institution's is "not found", as one that does not exist). */
async function visibleAccount(ctx: AppContext, user: PortalUser, id: string): Promise<Account | undefined> {
  if (!/^ACC-[A-Za-z0-9]{1,40}$/.test(id)) return undefined;
  const account = await ctx.accounts.get(id);
  return account && mayActFor(user, account.institution) ? account : undefined;
}

function historyTable(t: PortalTexts, events: AccountEvent[]): string {
  const rows = [...events]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((e) => {
      const changes = Object.entries(e.changes ?? {})
        .map(([field, { from, to }]) => `${field}: ${String(from ?? '—')} → ${String(to ?? '—')}`)
        .join('; ');
      return `<tr><td>${escapeHtml(e.at.slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(
        [e.action, e.reference, e.reason, changes].filter(Boolean).join(' · '),
      )}</td></tr>`;
    })
    .join('');
  return `<table><caption>${escapeHtml(t.account.history)}</caption><thead><tr><th scope="col">${escapeHtml(
    t.account.when,
  )}</th><th scope="col">${escapeHtml(t.account.who)}</th><th scope="col">${escapeHtml(t.account.what)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One account: its fields, its whole history, and for its institution's manager the renew and close forms. */
export async function accountPage(
  ctx: AppContext,
  view: PortalView,
  id: string,
  problems?: { missing: MissingItem[]; invalid: string[] },
): Promise<DecisionResponse> {
  const account = await visibleAccount(ctx, view.user, id);
  if (!account) return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const today = brusselsDate(view.now);
  const institution = ctx.config.institutions.find((i) => i.code === account.institution);
  const f = t.account.fields;
  const rows: [string, string][] = [
    [t.accounts.columns.name, account.fullName],
    [t.accounts.columns.email, account.email],
    [f.institution, institution?.name ?? account.institution],
    [
      t.accounts.columns.type,
      `${t.employeeTypes[account.employeeType]} (${t.accountTypes[account.accountType]})`,
    ],
    [f.supervisor, account.supervisorEmail ?? '—'],
    [f.tasks, account.tasks],
    [f.mission, account.missionEndDate ? formatBelgian(account.missionEndDate) : '—'],
    [t.accounts.columns.end, account.endDate ? formatBelgian(account.endDate) : t.account.noEnd],
    [f.deactivation, account.deactivationDate ? formatBelgian(account.deactivationDate) : '—'],
    [t.accounts.columns.status, statusText(t, account, today, ctx.config.notices.expiringWindowDays)],
    [t.accounts.columns.alma, account.alma?.state ?? '—'],
    [f.created, account.createdAt.slice(0, 10)],
  ];
  const details = `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  const problemNote = problems
    ? `<div class="error" role="alert"><p>${escapeHtml(t.result.missing)}</p><ul>${[
        ...problems.missing,
        ...problems.invalid,
      ]
        .map((m) => `<li>${escapeHtml(m)}</li>`)
        .join('')}</ul></div>`
    : '';
  const base = `/portal/accounts/${account.id}`;
  const year = dateParts(today).year;
  const actions =
    view.user.role === 'manager' && account.status !== 'closed'
      ? `<fieldset><legend>${escapeHtml(t.account.renew)}</legend><form method="post" action="${base}/renew">${
          account.employeeType === 'volunteer'
            ? `<label for="year">${escapeHtml(t.account.renewYear)}</label><select id="year" name="year">${[
                year,
                year + 1,
              ]
                .map((y) => `<option value="${y}"${y === year + 1 ? ' selected' : ''}>${y}</option>`)
                .join('')}</select>`
            : `<label for="renew-date">${escapeHtml(t.account.renewDate)}</label><input id="renew-date" name="date" required inputmode="numeric" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" placeholder="31/12/${year + 1}">`
        }<button type="submit">${escapeHtml(t.account.renewButton)}</button></form></fieldset>
<fieldset><legend>${escapeHtml(t.account.close)}</legend><form method="post" action="${base}/close"><label for="close-date">${escapeHtml(
          t.account.closeFrom,
        )}</label><input id="close-date" name="date" required inputmode="numeric" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" value="${escapeHtml(
          formatBelgian(today),
        )}"><button type="submit">${escapeHtml(t.account.closeButton)}</button></form></fieldset>`
      : '';
  const [events, standing] = await Promise.all([
    ctx.accounts.history(account.id),
    ctx.feedback.get(account.email),
  ]);
  const history = historyTable(t, events);
  // The question of the mailed bounce links, by the same rule (bounceQuestionState).
  const bounce =
    bounceQuestionState(account, standing, events) === 'open' ? bounceQuestion(view, account) : '';
  return portalPage({
    status: problems ? 422 : 200,
    language: view.language,
    title: account.fullName,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(account.fullName)}</h1>${problemNote}${bounce}${details}${actions}${history}`,
  });
}

/**
 * "Mail to X bounces: has X left?" while no manager answered (the rule of the mailed links,
 * bounceStateOf): for the institution's managers the two answers as buttons, for the helpdesk
 * the question only.
 */
function bounceQuestion(view: PortalView, account: Account): string {
  const t = FEEDBACK_TEXTS[view.language].portal;
  const button = (decision: BounceChoice, label: string) =>
    `<form class="inline" method="post" action="/portal/accounts/${escapeHtml(account.id)}/bounce"><input type="hidden" name="decision" value="${decision}"><button type="submit">${escapeHtml(label)}</button></form>`;
  const answers =
    view.user.role === 'manager'
      ? `<p>${button('close', t.close)} ${button('keep', t.keep)}</p>`
      : `<p>${escapeHtml(t.managersDecide)}</p>`;
  return `<section class="note" aria-labelledby="bounce-question"><h2 id="bounce-question">${escapeHtml(
    t.notice(account.email, account.fullName),
  )}</h2><p>${escapeHtml(t.explain)}</p>${answers}</section>`;
}

/**
 * The answer given on the account's page: the same rule and path as the mailed links
 * (applyBounceChoice), the signed-in manager as actor, `portal` as the way it came.
 */
export async function accountBounceChoice(
  ctx: AppContext,
  view: PortalView,
  id: string,
  form: URLSearchParams,
): Promise<DecisionResponse> {
  const account = await visibleAccount(ctx, view.user, id);
  const decision = form.get('decision');
  if (!account || view.user.role !== 'manager' || (decision !== 'close' && decision !== 'keep'))
    return notFoundPage(view.language, view.user, view.here);
  const result = await applyBounceChoice(ctx, {
    accountId: account.id,
    decision,
    now: view.now,
    actor: view.user.email,
    via: 'portal',
    where: 'portal',
  });
  ctx.logger.info('bounce decision', { outcome: result.outcome, via: 'portal' });
  const t = FEEDBACK_TEXTS[view.language].page;
  const [status, text, cls] = bounceOutcomeNote(view.language, result.outcome);
  const title = t.title(decision);
  return portalPage({
    status,
    language: view.language,
    title,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(title)}</h1><p class="${cls}" role="status">${escapeHtml(
      `${account.fullName} <${account.email}>: ${text}`,
    )}</p><p><a href="/portal/accounts/${escapeHtml(account.id)}">${escapeHtml(
      PORTAL_TEXTS[view.language].result.back,
    )}</a></p>`,
  });
}

/** The answer page of a request made from the portal: its reference and outcome (the mail says the rest). */
export function resultPage(
  view: PortalView,
  result: { reference: string | null; outcome: string; reason: string | null },
  back: string,
): DecisionResponse {
  const t = PORTAL_TEXTS[view.language];
  const reference = result.reference ?? '—';
  const text =
    result.outcome === 'accepted'
      ? t.result.accepted(reference)
      : t.result.rejected(reference, result.reason ?? result.outcome);
  return portalPage({
    language: view.language,
    title: t.result.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.result.heading)}</h1><p class="note" role="status">${escapeHtml(text)}</p><p><a href="${escapeHtml(
      back,
    )}">${escapeHtml(t.result.back)}</a></p>`,
  });
}

/**
 * Renew or close from the account's page: the request a manager would mail about this account,
 * through the same rules and path (submitPortalRequest), with the manager as actor.
 */
export async function accountAction(
  ctx: AppContext,
  view: PortalView,
  id: string,
  action: 'renew' | 'close',
  form: URLSearchParams,
): Promise<DecisionResponse> {
  const account = await visibleAccount(ctx, view.user, id);
  if (!account || view.user.role !== 'manager') return notFoundPage(view.language, view.user, view.here);
  const institution = ctx.config.institutions.find((i) => i.code === account.institution)!;
  const fields: Partial<Record<PortalField, string>> = { fullName: account.fullName, email: account.email };
  if (action === 'renew') {
    const year = form.get('year');
    fields.newEndDate =
      account.employeeType === 'volunteer' && year && /^\d{4}$/.test(year)
        ? `31/12/${year}`
        : (form.get('date') ?? '');
  } else fields.deactivationDate = form.get('date') ?? '';
  const outcome = await submitPortalRequest(ctx, {
    user: view.user,
    institution,
    kind: action === 'renew' ? 'renewal' : 'closure',
    fields,
    language: view.language,
    now: view.now,
  });
  if (outcome.outcome === 'needs-info') return accountPage(ctx, view, id, outcome);
  return resultPage(view, outcome.result, `/portal/accounts/${account.id}`);
}

/**
 * The helpdesk's search over every institution: a reference opens its request; otherwise the
 * start of a name (or, with an '@', of an address) in each institution's index, one Query each.
 */
export async function searchPage(
  ctx: AppContext,
  view: PortalView,
  term: string,
): Promise<DecisionResponse | { redirect: string }> {
  if (view.user.role !== 'helpdesk') return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const q = term.trim().slice(0, 100);
  // A reference as typed or pasted, in any case (references are upper case).
  if (/^REQ-\d{4}-[0-9A-Z]{6,8}$/i.test(q)) return { redirect: `/portal/requests/${q.toUpperCase()}` };
  const rows: string[] = [];
  const today = brusselsDate(view.now);
  if (q)
    for (const institution of ctx.config.institutions) {
      const plan = accountListPlan(
        {
          open: accountListPartition(institution.code, false),
          closed: accountListPartition(institution.code, true),
        },
        accountListQuerySchema.parse({ q }),
        today,
        { name: nameKey, email: emailKey },
      );
      const page = await ctx.portal.accountPage(plan, PAGE_SIZE);
      for (const a of page.items)
        rows.push(
          `<tr><td><a href="/portal/accounts/${escapeHtml(a.id)}">${escapeHtml(a.fullName)}</a></td><td>${escapeHtml(
            a.email,
          )}</td><td>${escapeHtml(institution.name)}</td><td>${escapeHtml(statusText(t, a, today, ctx.config.notices.expiringWindowDays))}</td></tr>`,
        );
    }
  const c = t.accounts.columns;
  const form = `<form method="get" action="/portal/search"><label for="q">${escapeHtml(
    `${t.accounts.search} / ${t.requests.columns.reference}`,
  )}</label><input id="q" name="q" value="${escapeHtml(q)}" maxlength="100"><button type="submit">${escapeHtml(
    t.accounts.searchButton,
  )}</button></form>`;
  const table = rows.length
    ? `<table><caption>${escapeHtml(t.accounts.searchButton)}</caption><thead><tr><th scope="col">${escapeHtml(
        c.name,
      )}</th><th scope="col">${escapeHtml(c.email)}</th><th scope="col">${escapeHtml(
        t.accounts.institution,
      )}</th><th scope="col">${escapeHtml(c.status)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : q
      ? `<p>${escapeHtml(t.accounts.none)}</p>`
      : '';
  return portalPage({
    language: view.language,
    title: t.accounts.searchButton,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(t.accounts.searchButton)}</h1>${form}${table}`,
  });
}
