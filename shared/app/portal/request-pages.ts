import { EMPLOYEE_TYPES } from '../../domain/account';
import type { MissingItem } from '../../domain/mail';
import { mayActFor } from '../../domain/portal/access';
import { requestsOfInstitution, requestsOfSender } from '../../domain/portal/list-keys';
import { PAGE_SIZE, requestListPlan, requestListQuerySchema } from '../../domain/portal/lists';
import type { AccountRequest } from '../../domain/requests';
import { PORTAL_TEXTS, type PortalTexts } from '../../domain/texts/portal-texts';
import type { AppContext } from '../context';
import type { DecisionResponse } from '../review/decision-page-html';
import { listedInstitution, type PortalView, resultPage } from './account-pages';
import { escapeHtml, notFoundPage, portalPage } from './portal-html';
import { type PortalField, submitPortalRequest } from './portal-requests';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** What a request was about, in a line: its kind and the person's name (the mail's subject is not kept). */
function subjectOf(t: PortalTexts, request: AccountRequest): string {
  const kind: Record<string, string> = {
    'new-personal': t.nav.newAccount,
    'new-shared': `${t.nav.newAccount} (${t.accountTypes.shared})`,
    renewal: t.account.renew,
    closure: t.account.close,
    other: '—',
  };
  const name = request.fields.fullName ?? request.fields.email ?? '';
  return [kind[request.kind] ?? request.kind, name].filter(Boolean).join(' — ');
}

/** A user's requests, or their institution's: newest first by default, one Query a page. */
export async function requestsPage(
  ctx: AppContext,
  view: PortalView,
  rawQuery: Record<string, string>,
): Promise<DecisionResponse & { itemsRead: number }> {
  const t = PORTAL_TEXTS[view.language];
  const query = requestListQuerySchema.parse(rawQuery);
  const institution = listedInstitution(ctx, view.user, rawQuery.inst);
  const plan = requestListPlan(
    { institution: requestsOfInstitution(institution.code), sender: requestsOfSender(view.user.email) },
    query,
  );
  const page = await ctx.portal.requestPage(plan, PAGE_SIZE, query.after);
  const link = (change: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    const next = { ...query, ...change };
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
    if (view.user.role === 'helpdesk') params.set('inst', institution.code);
    return `/portal/requests?${params}`;
  };
  const c = t.requests.columns;
  const sortable = (column: 'received' | 'changed') => {
    const current = plan.sort === column;
    const dir = current && !plan.forward ? 'asc' : 'desc';
    const aria = current ? ` aria-sort="${plan.forward ? 'ascending' : 'descending'}"` : '';
    const arrow = current ? (plan.forward ? ' ▲' : ' ▼') : '';
    if (query.mine === '1' && column === 'changed') return `<th scope="col">${escapeHtml(c[column])}</th>`;
    return `<th scope="col"${aria}><a href="${escapeHtml(link({ sort: column, dir, after: undefined }))}" aria-label="${escapeHtml(
      t.accounts.sortBy(c[column], dir as 'asc' | 'desc'),
    )}">${escapeHtml(c[column])}${arrow}</a></th>`;
  };
  const rows = page.items
    .map(
      (r) =>
        `<tr><td><a href="/portal/requests/${escapeHtml(r.reference)}">${escapeHtml(r.reference)}</a></td><td>${escapeHtml(
          subjectOf(t, r),
        )}</td><td>${escapeHtml(when(r.createdAt))}</td><td>${escapeHtml(when(r.updatedAt))}</td><td>${escapeHtml(
          t.requests.statuses[r.status],
        )}</td><td>${escapeHtml((r.status === 'pending' ? (r.missing ?? []) : []).join(', '))}</td></tr>`,
    )
    .join('');
  const tabs =
    view.user.role === 'manager'
      ? `<nav aria-label="${escapeHtml(t.requests.heading)}"><ul class="pager"><li><a href="/portal/requests?mine=1"${
          query.mine === '1' ? ' aria-current="page"' : ''
        }>${escapeHtml(t.requests.mine)}</a></li><li><a href="/portal/requests"${
          query.mine === '1' ? '' : ' aria-current="page"'
        }>${escapeHtml(t.requests.institution)}</a></li></ul></nav>`
      : `<form method="get" action="/portal/requests"><label for="inst">${escapeHtml(t.accounts.institution)}</label><select id="inst" name="inst">${ctx.config.institutions
          .map(
            (i) =>
              `<option value="${escapeHtml(i.code)}"${i.code === institution.code ? ' selected' : ''}>${escapeHtml(i.name)}</option>`,
          )
          .join('')}</select><button type="submit">${escapeHtml(t.accounts.searchButton)}</button></form>`;
  const table = page.items.length
    ? `<table><caption>${escapeHtml(`${t.requests.heading} — ${institution.name}`)}</caption><thead><tr><th scope="col">${escapeHtml(
        c.reference,
      )}</th><th scope="col">${escapeHtml(c.subject)}</th>${sortable('received')}${sortable('changed')}<th scope="col">${escapeHtml(
        c.status,
      )}</th><th scope="col">${escapeHtml(c.missing)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>${escapeHtml(t.accounts.none)}</p>`;
  const pager = `<nav class="pager" aria-label="Pages">${
    query.after
      ? `<a href="${escapeHtml(link({ after: undefined }))}">${escapeHtml(t.accounts.first)}</a>`
      : ''
  }${page.next ? `<a href="${escapeHtml(link({ after: page.next }))}" rel="next">${escapeHtml(t.accounts.next)}</a>` : ''}</nav>`;
  return {
    ...portalPage({
      language: view.language,
      title: t.requests.heading,
      user: view.user,
      here: view.here,
      content: `<h1>${escapeHtml(t.requests.heading)}</h1>${tabs}${table}${pager}`,
    }),
    itemsRead: page.itemsRead,
  };
}

/** One request (another institution's is "not found"). */
export async function requestPage(
  ctx: AppContext,
  view: PortalView,
  reference: string,
): Promise<DecisionResponse> {
  const valid = /^REQ-\d{4}-[0-9A-Z]{6,8}$/.test(reference);
  const request = valid ? await ctx.requests.getRequest(reference) : undefined;
  if (!request || !mayActFor(view.user, request.institution))
    return notFoundPage(view.language, view.user, view.here);
  const t = PORTAL_TEXTS[view.language];
  const c = t.requests.columns;
  const fields = Object.entries(request.fields)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`)
    .join('');
  const rows: [string, string][] = [
    [c.reference, request.reference],
    [c.subject, subjectOf(t, request)],
    [c.received, when(request.createdAt)],
    [c.changed, when(request.updatedAt)],
    [c.status, t.requests.statuses[request.status]],
    [c.missing, (request.status === 'pending' ? (request.missing ?? []) : []).join(', ') || '—'],
  ];
  const account = request.accountId
    ? `<p><a href="/portal/accounts/${escapeHtml(request.accountId)}">${escapeHtml(t.nav.accounts)}</a></p>`
    : '';
  return portalPage({
    language: view.language,
    title: request.reference,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(request.reference)}</h1><dl>${rows
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
      .join('')}</dl><h2>${escapeHtml(t.newAccount.heading)}</h2><dl>${fields}</dl>${account}`,
  });
}

const NEW_FIELDS = [
  'fullName',
  'email',
  'employeeType',
  'supervisorEmail',
  'tasks',
  'missionEndDate',
] as const;

/** The new-account form: the fields of a request mail; what is missing is shown here, never mailed. */
export function newAccountPage(
  view: PortalView,
  values: Partial<Record<string, string>> = {},
  problems?: { missing: MissingItem[]; invalid: string[] },
): DecisionResponse {
  const t = PORTAL_TEXTS[view.language];
  const n = t.newAccount;
  const wrong = new Set<string>([...(problems?.missing ?? []), ...(problems?.invalid ?? [])]);
  const describedBy = (field: string) =>
    wrong.has(field) ? ` aria-invalid="true" aria-describedby="problems"` : '';
  const value = (field: string) => escapeHtml(values[field] ?? '');
  const labels: Record<(typeof NEW_FIELDS)[number], string> = {
    fullName: n.fullName,
    email: n.email,
    employeeType: n.employeeType,
    supervisorEmail: n.supervisor,
    tasks: n.tasks,
    missionEndDate: n.missionEnd,
  };
  const input = (field: (typeof NEW_FIELDS)[number]) => {
    if (field === 'employeeType')
      return `<label for="employeeType">${escapeHtml(labels[field])}</label><select id="employeeType" name="employeeType"${describedBy(
        field,
      )}>${EMPLOYEE_TYPES.map(
        (e) =>
          `<option value="${e}"${values.employeeType === e ? ' selected' : ''}>${escapeHtml(t.employeeTypes[e])}</option>`,
      ).join('')}</select>`;
    if (field === 'tasks')
      return `<label for="tasks">${escapeHtml(labels[field])}</label><textarea id="tasks" name="tasks" rows="3" cols="50"${describedBy(
        field,
      )}>${value(field)}</textarea>`;
    const type = field === 'email' || field === 'supervisorEmail' ? 'email' : 'text';
    return `<label for="${field}">${escapeHtml(labels[field])}</label><input id="${field}" name="${field}" type="${type}" value="${value(
      field,
    )}" size="40"${describedBy(field)}>`;
  };
  const problemNote = problems
    ? `<div id="problems" class="error" role="alert"><p>${escapeHtml(n.missing)}:</p><ul>${[...wrong]
        .map((m) => `<li>${escapeHtml(m in labels ? labels[m as keyof typeof labels] : m)}</li>`)
        .join('')}</ul></div>`
    : '';
  const kind = values.kind === 'shared' ? 'shared' : 'personal';
  return portalPage({
    status: problems ? 422 : 200,
    language: view.language,
    title: n.heading,
    user: view.user,
    here: view.here,
    content: `<h1>${escapeHtml(n.heading)}</h1><p>${escapeHtml(n.intro)}</p>${problemNote}<form method="post" action="/portal/new"><fieldset><legend>${escapeHtml(
      n.kind,
    )}</legend><label><input type="radio" name="kind" value="personal"${kind === 'personal' ? ' checked' : ''}> ${escapeHtml(
      n.personal,
    )}</label><label><input type="radio" name="kind" value="shared"${kind === 'shared' ? ' checked' : ''}> ${escapeHtml(
      n.shared,
    )}</label></fieldset>${NEW_FIELDS.map(input).join('')}<button type="submit">${escapeHtml(n.submit)}</button></form>`,
  });
}

/** The form sent: a request exactly as a mail would make it (a reference, the rules, the answer mail). */
export async function submitNewAccount(
  ctx: AppContext,
  view: PortalView,
  form: URLSearchParams,
): Promise<DecisionResponse> {
  if (view.user.role !== 'manager') return notFoundPage(view.language, view.user, view.here);
  const user = view.user;
  const institution = ctx.config.institutions.find((i) => i.code === user.institution)!;
  const values = Object.fromEntries(
    [...NEW_FIELDS, 'kind'].map((f) => [f, (form.get(f) ?? '').slice(0, 2000)]),
  );
  const shared = values.kind === 'shared';
  const fields: Partial<Record<PortalField, string>> = {
    fullName: values.fullName,
    email: values.email,
    employeeType: values.employeeType,
    supervisorEmail: values.supervisorEmail,
    tasks: values.tasks,
    missionEndDate: values.missionEndDate,
    ...(shared ? { accountType: 'shared' } : {}),
  };
  const outcome = await submitPortalRequest(ctx, {
    user,
    institution,
    kind: shared ? 'new-shared' : 'new-personal',
    fields,
    language: view.language,
    now: view.now,
  });
  if (outcome.outcome === 'needs-info') return newAccountPage(view, values, outcome);
  return resultPage(view, outcome.result, '/portal/requests?mine=1');
}
