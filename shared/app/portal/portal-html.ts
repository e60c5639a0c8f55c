import type { Language } from '../../config/schema';
import { LANGUAGES } from '../../config/schema';
import type { PortalUser } from '../../domain/portal/access';
import { escapeHtml } from '../../domain/texts/html';
import { PORTAL_TEXTS } from '../../domain/texts/portal-texts';
import { RATING_TEXTS } from '../../domain/texts/rating-texts';
import type { DecisionResponse } from '../review/decision-page-html';

export { escapeHtml };

/** No script anywhere: the CSP allows none, and every page works with forms and links. */
const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;margin:0;line-height:1.5}
header{background:#0b4f9c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
header a,header button.link{color:#fff}header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
main{max-width:70rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.4rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ccc;vertical-align:top}
th a{color:#111}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}dt{font-weight:bold}dd{margin:0}
.note{border-left:4px solid #0b4f9c;padding:.4rem .8rem;background:#eef3fa}.error{border-left:4px solid #a10000;padding:.4rem .8rem;background:#fbeeee}
label{display:block;font-weight:bold;margin-top:.6rem}input,select,textarea{font-size:1rem;padding:.4rem;border:1px solid #555;border-radius:3px}
button{font-size:1rem;padding:.5rem 1rem;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer;margin-top:.6rem}
button.link{background:none;border:none;padding:0;margin:0;text-decoration:underline;font:inherit;cursor:pointer}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f5b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#111;padding:.4rem;z-index:2}
form.inline{display:inline}fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem}.pager{margin-top:1rem;display:flex;gap:1rem}`;

export interface PortalPage {
  status?: number;
  language: Language;
  title: string;
  /** The signed-in user (the menu and the sign-out button), absent on the sign-in pages. */
  user?: PortalUser | undefined;
  /** This page's path and query, for the language links. */
  here: string;
  content: string;
  headers?: Record<string, string>;
}

function languageLinks(language: Language, here: string): string {
  const url = new URL(here, 'http://portal.invalid');
  const links = LANGUAGES.map((lang) => {
    url.searchParams.set('lang', lang);
    const current = lang === language ? ' aria-current="true"' : '';
    return `<li><a href="${escapeHtml(url.pathname + url.search)}" lang="${lang}" hreflang="${lang}"${current}>${lang.toUpperCase()}</a></li>`;
  });
  return `<nav aria-label="${escapeHtml(PORTAL_TEXTS[language].languageLabel)}"><ul>${links.join('')}</ul></nav>`;
}

function menu(language: Language, user: PortalUser): string {
  const t = PORTAL_TEXTS[language].nav;
  const items: [string, string][] = [
    ['/portal/accounts', t.accounts],
    ['/portal/requests', t.requests],
  ];
  if (user.role === 'manager') items.push(['/portal/new', t.newAccount], ['/portal/review', t.review]);
  else
    items.push(
      ['/portal/search', t.search],
      ['/portal/approvals', t.approvals],
      ['/portal/attention', t.attention],
      ['/portal/drift', t.drift],
      ['/portal/ratings', RATING_TEXTS[language].portal.nav],
    );
  return `<nav aria-label="Menu"><ul>${items
    .map(([href, label]) => `<li><a href="${href}">${escapeHtml(label)}</a></li>`)
    .join(
      '',
    )}<li><form class="inline" method="post" action="/portal/sign-out"><button class="link" type="submit">${escapeHtml(t.signOut)}</button></form></li></ul></nav>`;
}

export function portalPage(page: PortalPage): DecisionResponse {
  const t = PORTAL_TEXTS[page.language];
  return {
    status: page.status ?? 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...page.headers },
    body: `<!doctype html>
<html lang="${page.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} — ${escapeHtml(t.title)}</title><style>${STYLE}</style></head>
<body><a class="skip" href="#content">${escapeHtml(t.skip)}</a>
<header><strong>${escapeHtml(t.title)}</strong>${page.user ? menu(page.language, page.user) : ''}${languageLinks(page.language, page.here)}</header>
<main id="content">${page.content}</main></body>
</html>
`,
  };
}

export function notFoundPage(
  language: Language,
  user: PortalUser | undefined,
  here: string,
): DecisionResponse {
  const t = PORTAL_TEXTS[language];
  return portalPage({
    status: 404,
    language,
    title: t.notFound,
    user,
    here,
    content: `<h1>${escapeHtml(t.notFound)}</h1>`,
  });
}
