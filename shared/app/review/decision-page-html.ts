import type { Account } from '../../domain/account';
import { heldUserLines, linkChangeLines, userRecordLines } from '../../domain/alma/helpdesk-mails';
import type { AlmaUser, AlmaUserView } from '../../domain/alma/user-record';
import { type CalendarDate, formatBelgian } from '../../domain/calendar';
import { LANGUAGES, type Language } from '../../domain/language';
import { EMPLOYEE_TYPE_TEXTS } from '../../domain/texts/account-texts';
import {
  DECISION_PAGE_TEXTS,
  type DecisionPageTexts,
  type ProblemKind,
} from '../../domain/texts/decision-page-texts';
import { escapeHtml } from '../../domain/texts/html';

/** An HTTP answer of the decision page. */
export interface DecisionResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The security headers (no-store, no-referrer, CSP …) are the web layer's: shared/web/web-app.ts. */
const HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
};

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;margin:0;line-height:1.5}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dt{font-weight:bold}dd{margin:0}.note{border-left:4px solid #0b4f9c;padding:.4rem .8rem;background:#eef3fa}
.error{border-left:4px solid #a10000;padding:.4rem .8rem;background:#fbeeee}
button{font-size:1rem;padding:.7rem 1.2rem;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer}
pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.6rem;font-size:.85rem}
button:hover{background:#083b75}button:focus-visible{outline:3px solid #111;outline-offset:3px}
table{border-collapse:collapse;margin:1rem 0}
fieldset{border:1px solid #bbb;padding:.5rem 1rem}textarea{display:block;width:100%;box-sizing:border-box;font:inherit}
.secret{font-family:Consolas,'DejaVu Sans Mono',monospace;font-size:1.4rem;letter-spacing:.08em;background:#f4f4f4;padding:.4rem .7rem;user-select:all}th,td{text-align:left;padding:.3rem .7rem;border-bottom:1px solid #bbb}`;

export function page(
  status: number,
  language: Language | 'mul',
  title: string,
  content: string,
  extraHeaders: Record<string, string> = {},
): DecisionResponse {
  const lang = language === 'mul' ? 'en' : language;
  return {
    status,
    headers: { ...HEADERS, ...extraHeaders },
    body: `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body>
</html>
`,
  };
}

/** Without a valid token the language is unknown: the page speaks all three. */
export function problemPage(
  status: number,
  kind: ProblemKind,
  extraHeaders: Record<string, string> = {},
): DecisionResponse {
  const texts = LANGUAGES.map((lang) => [lang, DECISION_PAGE_TEXTS[lang].problems[kind]] as const);
  const sections = texts
    .map(
      ([lang, [title, text]]) =>
        `<section lang="${lang}"><h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(text)}</p></section>`,
    )
    .join('');
  return page(status, 'mul', texts.map(([, [title]]) => title).join(' / '), sections, extraHeaders);
}

export function accountDetails(
  t: DecisionPageTexts,
  language: Language,
  account: Account,
  institutionName: string,
  decision?: string,
): string {
  const rows: [string, string][] = [
    [t.fields.name, account.fullName],
    [t.fields.email, account.email],
    [t.fields.institution, institutionName],
    [t.fields.type, EMPLOYEE_TYPE_TEXTS[language][account.employeeType]],
    [t.fields.endDate, account.endDate ? formatBelgian(account.endDate) : t.noEnd],
  ];
  if (decision) rows.push([t.fields.decision, decision]);
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

export function confirmForm(
  token: string,
  label: string,
  headingId: string,
  fields: Record<string, string> = {},
): string {
  // No action attribute: the form posts back to this very URL, wherever the page is mounted.
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<form method="post" aria-labelledby="${headingId}"><input type="hidden" name="t" value="${escapeHtml(token)}">${hidden}<button type="submit">${escapeHtml(label)}</button></form>`;
}

/** The user Alma already holds, as the helpdesk must judge it, and the only fields linking would change. */
export function heldUserDetails(
  t: DecisionPageTexts,
  language: Language,
  held: AlmaUserView,
  dates: { from: CalendarDate | null; to: CalendarDate | null; purge: CalendarDate | null },
): string {
  const rows = heldUserLines(held)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const [head, ...changes] = linkChangeLines(language, { held, dates });
  return `<h2 style="font-size:1.1rem">${escapeHtml(t.provision.held)}</h2><dl id="alma-held">${rows}</dl><p>${escapeHtml(
    head ?? '',
  )}</p>${changes.length ? `<ul id="alma-link-changes">${changes.map((c) => `<li>${escapeHtml(c.trim())}</li>`).join('')}</ul>` : ''}`;
}

/** The exact Alma user record, field by field, and as the JSON that is sent (no JavaScript: a details element). */
export function almaRecordDetails(t: DecisionPageTexts, user: AlmaUser, profiles: string[]): string {
  const rows = userRecordLines(user)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  return `<h2 style="font-size:1.1rem">${escapeHtml(t.provision.record)}</h2><dl id="alma-record">${rows}<dt>${escapeHtml(
    t.provision.profiles,
  )}</dt><dd>${escapeHtml(profiles.join(', '))}</dd></dl><details><summary>JSON</summary><pre id="alma-json">${escapeHtml(
    JSON.stringify(user, null, 2),
  )}</pre></details>`;
}
