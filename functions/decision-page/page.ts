import type { AppContext } from '../../shared/app/context';
import { DECISION_LINK_KEY_SECRET } from '../../shared/app/context';
import type { Account } from '../../shared/domain/account';
import { addDays, type CalendarDate, endOfYear, formatBelgian } from '../../shared/domain/calendar';
import { EMPLOYEE_TYPE, escapeHtml, type NoticeLanguage } from '../../shared/domain/notices/messages';
import { type ReviewState, reviewStateOf } from '../../shared/domain/notices/review';
import { type LinkClaims, linkId, verifyLink } from '../../shared/domain/notices/token';
import { pseudonym } from '../../shared/logging';
import { applyReviewChoice, closeFromLink, closeLinkStillApplies, reviewStoreOf } from './decisions';

/**
 * The decision page behind every signed link (yearly review, deactivation confirmation).
 * GET only shows the account and a confirmation button, so mail scanners that follow links
 * change nothing; only the POST of that button (carrying the signed token in a hidden
 * field) records the decision. No JavaScript; FR/NL/EN.
 */
export interface DecisionRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
  now: Date;
}

export interface DecisionResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const MAX_BODY_BYTES = 4096;

const HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The token is in the URL: never leak it to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const STYLE = `body{font-family:Arial,Helvetica,sans-serif;color:#111;background:#fff;margin:0;line-height:1.5}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem}
dt{font-weight:bold}dd{margin:0}.note{border-left:4px solid #0b4f9c;padding:.4rem .8rem;background:#eef3fa}
.error{border-left:4px solid #a10000;padding:.4rem .8rem;background:#fbeeee}
button{font-size:1rem;padding:.7rem 1.2rem;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer}
button:hover{background:#083b75}button:focus-visible{outline:3px solid #111;outline-offset:3px}`;

function page(
  status: number,
  language: NoticeLanguage | 'mul',
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

// ---------------------------------------------------------------- texts

type Texts = {
  reviewTitle: (y: number, renew: boolean) => string;
  reviewExplain: (y: number, renew: boolean) => string;
  changeMind: (lastDay: CalendarDate) => string;
  reviewButton: (renew: boolean) => string;
  fields: {
    name: string;
    email: string;
    institution: string;
    type: string;
    endDate: string;
    decision: string;
  };
  noEnd: string;
  states: (y: number) => Record<ReviewState, string>;
  decided: (renew: boolean, end: CalendarDate) => string;
  unchanged: string;
  notInReview: (y: number, mailbox: string) => string;
  conflict: string;
  closeTitle: string;
  closeExplain: string;
  closeButton: string;
  closed: string;
  alreadyClosed: string;
  closeChanged: string;
  done: string;
};

const TEXTS: Record<NoticeLanguage, Texts> = {
  fr: {
    reviewTitle: (y, renew) =>
      renew
        ? `Revue annuelle ${y} : renouveler ce compte Alma un an ?`
        : `Revue annuelle ${y} : ne pas renouveler ce compte Alma ?`,
    reviewExplain: (y, renew) =>
      renew
        ? `En confirmant, le compte sera prolongé jusqu'au 31/12/${y + 1}.`
        : `En confirmant, le compte ne sera pas renouvelé : il se terminera le 31/12/${y} et sera ensuite désactivé.`,
    changeMind: (d) =>
      `Vous pouvez changer d'avis jusqu'au ${formatBelgian(d)} inclus avec l'autre lien du message.`,
    reviewButton: (renew) => (renew ? 'Confirmer : renouveler un an' : 'Confirmer : ne pas renouveler'),
    fields: {
      name: 'Nom',
      email: 'Adresse e-mail',
      institution: 'Institution',
      type: 'Statut',
      endDate: 'Date de fin',
      decision: 'Décision actuelle',
    },
    noEnd: 'aucune',
    states: (y) => ({
      undecided: 'aucune décision',
      renewed: `renouvelé jusqu'au 31/12/${y + 1}`,
      'not-renewed': 'non renouvelé',
      'not-in-review': 'hors revue',
    }),
    decided: (renew, end) =>
      renew
        ? `Décision enregistrée : le compte est renouvelé jusqu'au ${formatBelgian(end)}.`
        : `Décision enregistrée : le compte ne sera pas renouvelé ; il se termine le ${formatBelgian(end)}.`,
    unchanged: "Cette décision était déjà enregistrée. Rien n'a changé.",
    notInReview: (y, m) =>
      `Ce compte ne fait plus partie de la revue annuelle ${y} (il a été modifié, prolongé ou clôturé entre-temps). Aucune décision n'est nécessaire ici ; en cas de doute, écrivez à ${m}.`,
    conflict: 'Le compte a été modifié au même moment. Rouvrez le lien et confirmez à nouveau.',
    closeTitle: 'Confirmer la désactivation dans Alma',
    closeExplain:
      'Confirmez que ce compte a été désactivé dans Alma. Il sera alors clôturé dans la gestion des comptes.',
    closeButton: 'Confirmer : désactivé dans Alma',
    closed: 'Le compte est clôturé.',
    alreadyClosed: "Ce compte était déjà clôturé. Rien n'a changé.",
    closeChanged:
      "Ce compte a changé depuis l'envoi de la liste (prolongé ou modifié) ; rien n'a été clôturé. Consultez la prochaine liste.",
    done: 'Merci.',
  },
  nl: {
    reviewTitle: (y, renew) =>
      renew
        ? `Jaarlijkse controle ${y}: dit Alma-account een jaar verlengen?`
        : `Jaarlijkse controle ${y}: dit Alma-account niet verlengen?`,
    reviewExplain: (y, renew) =>
      renew
        ? `Als u bevestigt, wordt het account verlengd tot 31/12/${y + 1}.`
        : `Als u bevestigt, wordt het account niet verlengd: het loopt af op 31/12/${y} en wordt daarna gedeactiveerd.`,
    changeMind: (d) =>
      `U kunt van gedachten veranderen tot en met ${formatBelgian(d)} met de andere link in het bericht.`,
    reviewButton: (renew) => (renew ? 'Bevestigen: een jaar verlengen' : 'Bevestigen: niet verlengen'),
    fields: {
      name: 'Naam',
      email: 'E-mailadres',
      institution: 'Instelling',
      type: 'Statuut',
      endDate: 'Einddatum',
      decision: 'Huidige beslissing',
    },
    noEnd: 'geen',
    states: (y) => ({
      undecided: 'geen beslissing',
      renewed: `verlengd tot 31/12/${y + 1}`,
      'not-renewed': 'niet verlengd',
      'not-in-review': 'niet in de controle',
    }),
    decided: (renew, end) =>
      renew
        ? `Beslissing geregistreerd: het account is verlengd tot ${formatBelgian(end)}.`
        : `Beslissing geregistreerd: het account wordt niet verlengd; het loopt af op ${formatBelgian(end)}.`,
    unchanged: 'Deze beslissing was al geregistreerd. Er is niets veranderd.',
    notInReview: (y, m) =>
      `Dit account maakt geen deel meer uit van de jaarlijkse controle ${y} (het werd intussen gewijzigd, verlengd of afgesloten). Hier is geen beslissing nodig; schrijf bij twijfel naar ${m}.`,
    conflict: 'Het account werd op hetzelfde moment gewijzigd. Open de link opnieuw en bevestig nog eens.',
    closeTitle: 'Deactivering in Alma bevestigen',
    closeExplain:
      'Bevestig dat dit account in Alma gedeactiveerd is. Het wordt dan afgesloten in het accountbeheer.',
    closeButton: 'Bevestigen: gedeactiveerd in Alma',
    closed: 'Het account is afgesloten.',
    alreadyClosed: 'Dit account was al afgesloten. Er is niets veranderd.',
    closeChanged:
      'Dit account is gewijzigd sinds de lijst verstuurd werd (verlengd of aangepast); er is niets afgesloten. Bekijk de volgende lijst.',
    done: 'Bedankt.',
  },
  en: {
    reviewTitle: (y, renew) =>
      renew
        ? `Yearly review ${y}: renew this Alma account for one year?`
        : `Yearly review ${y}: do not renew this Alma account?`,
    reviewExplain: (y, renew) =>
      renew
        ? `If you confirm, the account is extended until 31/12/${y + 1}.`
        : `If you confirm, the account is not renewed: it ends on 31/12/${y} and is deactivated afterwards.`,
    changeMind: (d) =>
      `You can change your mind until ${formatBelgian(d)} included, with the other link in the message.`,
    reviewButton: (renew) => (renew ? 'Confirm: renew one year' : 'Confirm: do not renew'),
    fields: {
      name: 'Name',
      email: 'E-mail address',
      institution: 'Institution',
      type: 'Employee type',
      endDate: 'End date',
      decision: 'Current decision',
    },
    noEnd: 'none',
    states: (y) => ({
      undecided: 'no decision',
      renewed: `renewed until 31/12/${y + 1}`,
      'not-renewed': 'not renewed',
      'not-in-review': 'not in the review',
    }),
    decided: (renew, end) =>
      renew
        ? `Decision recorded: the account is renewed until ${formatBelgian(end)}.`
        : `Decision recorded: the account is not renewed; it ends on ${formatBelgian(end)}.`,
    unchanged: 'This decision was already recorded. Nothing changed.',
    notInReview: (y, m) =>
      `This account is no longer part of the yearly review ${y} (it was changed, extended or closed meanwhile). No decision is needed here; if in doubt, write to ${m}.`,
    conflict: 'The account was changed at the same moment. Open the link again and confirm once more.',
    closeTitle: 'Confirm the deactivation in Alma',
    closeExplain:
      'Confirm that this account was deactivated in Alma. It is then closed in account management.',
    closeButton: 'Confirm: deactivated in Alma',
    closed: 'The account is closed.',
    alreadyClosed: 'This account was already closed. Nothing changed.',
    closeChanged:
      'This account changed since the list was sent (extended or modified); nothing was closed. See the next list.',
    done: 'Thank you.',
  },
};

const INVALID: Record<
  'invalid' | 'expired' | 'notFound' | 'method' | 'tooLarge',
  Record<NoticeLanguage, [string, string]>
> = {
  invalid: {
    fr: [
      'Lien non valide',
      "Ce lien n'est pas valide (il est incomplet ou a été modifié). Rien n'a été changé. Utilisez le lien exact du message, ou contactez le helpdesk.",
    ],
    nl: [
      'Ongeldige link',
      'Deze link is niet geldig (onvolledig of gewijzigd). Er is niets veranderd. Gebruik de exacte link uit het bericht of neem contact op met de helpdesk.',
    ],
    en: [
      'Invalid link',
      'This link is not valid (it is incomplete or was altered). Nothing was changed. Use the exact link from the message, or contact the helpdesk.',
    ],
  },
  expired: {
    fr: [
      'Lien expiré',
      "Ce lien a expiré : le délai pour cette décision est passé. Rien n'a été changé. Contactez le helpdesk si nécessaire.",
    ],
    nl: [
      'Verlopen link',
      'Deze link is verlopen: de termijn voor deze beslissing is voorbij. Er is niets veranderd. Neem zo nodig contact op met de helpdesk.',
    ],
    en: [
      'Expired link',
      'This link has expired: the time for this decision is over. Nothing was changed. Contact the helpdesk if needed.',
    ],
  },
  notFound: {
    fr: ['Page introuvable', "Cette page n'existe pas."],
    nl: ['Pagina niet gevonden', 'Deze pagina bestaat niet.'],
    en: ['Page not found', 'This page does not exist.'],
  },
  method: {
    fr: ['Méthode non permise', 'Ouvrez le lien du message puis utilisez le bouton de la page.'],
    nl: ['Methode niet toegestaan', 'Open de link uit het bericht en gebruik daarna de knop op de pagina.'],
    en: ['Method not allowed', 'Open the link from the message, then use the button on the page.'],
  },
  tooLarge: {
    fr: ['Requête trop grande', "La requête est trop grande. Rien n'a été changé."],
    nl: ['Verzoek te groot', 'Het verzoek is te groot. Er is niets veranderd.'],
    en: ['Request too large', 'The request is too large. Nothing was changed.'],
  },
};

/** Without a valid token the language is unknown: the page speaks all three. */
function problemPage(
  status: number,
  kind: keyof typeof INVALID,
  extraHeaders: Record<string, string> = {},
): DecisionResponse {
  const texts = INVALID[kind];
  const sections = (['fr', 'nl', 'en'] as const)
    .map(
      (lang) =>
        `<section lang="${lang}"><h1>${escapeHtml(texts[lang][0])}</h1><p class="error">${escapeHtml(texts[lang][1])}</p></section>`,
    )
    .join('');
  return page(status, 'mul', `${texts.fr[0]} / ${texts.nl[0]} / ${texts.en[0]}`, sections, extraHeaders);
}

// ---------------------------------------------------------------- rendering

function accountDetails(
  t: Texts,
  language: NoticeLanguage,
  account: Account,
  institutionName: string,
  decision?: string,
): string {
  const rows: [string, string][] = [
    [t.fields.name, account.fullName],
    [t.fields.email, account.email],
    [t.fields.institution, institutionName],
    [t.fields.type, EMPLOYEE_TYPE[language][account.employeeType]],
    [t.fields.endDate, account.endDate ? formatBelgian(account.endDate) : t.noEnd],
  ];
  if (decision) rows.push([t.fields.decision, decision]);
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function confirmForm(token: string, label: string, headingId: string): string {
  // No action attribute: the form posts back to this very URL, wherever the page is mounted.
  return `<form method="post" aria-labelledby="${headingId}"><input type="hidden" name="t" value="${escapeHtml(token)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

interface Resolved {
  claims: LinkClaims;
  account: Account | undefined;
  language: NoticeLanguage;
  institutionName: string;
}

async function resolve(ctx: AppContext, token: string, now: Date): Promise<Resolved | DecisionResponse> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const verdict = verifyLink(token, key, now);
  if (!verdict.ok) {
    ctx.logger.info('decision link refused', { reason: verdict.reason });
    return verdict.reason === 'expired' ? problemPage(410, 'expired') : problemPage(400, 'invalid');
  }
  const account = await ctx.accounts.get(verdict.claims.accountId);
  const institution = account
    ? ctx.config.institutions.find((i) => i.code === account.institution)
    : undefined;
  const language =
    verdict.claims.purpose === 'close'
      ? ctx.config.alerts.language
      : (institution?.language ?? ctx.config.alerts.language);
  return {
    claims: verdict.claims,
    account,
    language,
    institutionName: institution?.name ?? account?.institution ?? '',
  };
}

async function show(ctx: AppContext, token: string, resolved: Resolved): Promise<DecisionResponse> {
  const { claims, account, language, institutionName } = resolved;
  const t = TEXTS[language];
  if (claims.purpose === 'review') {
    const renew = claims.decision === 'renew';
    const title = t.reviewTitle(claims.campaign, renew);
    const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
    if (!account)
      return page(
        404,
        language,
        title,
        `${head}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    const record = await reviewStoreOf(ctx).get(claims.campaign, account.id);
    const state = reviewStateOf(account, claims.campaign, record);
    const details = accountDetails(t, language, account, institutionName, t.states(claims.campaign)[state]);
    if (state === 'not-in-review')
      return page(
        200,
        language,
        title,
        `${head}${details}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    const already = (state === 'renewed' && renew) || (state === 'not-renewed' && !renew);
    return page(
      200,
      language,
      title,
      `${head}${details}<p>${escapeHtml(t.reviewExplain(claims.campaign, renew))}</p><p>${escapeHtml(
        t.changeMind(addDays(endOfYear(claims.campaign), -1)),
      )}</p>${already ? `<p class="note">${escapeHtml(t.unchanged)}</p>` : confirmForm(token, t.reviewButton(renew), 'decision-title')}`,
    );
  }
  const head = `<h1 id="decision-title">${escapeHtml(t.closeTitle)}</h1>`;
  if (!account)
    return page(404, language, t.closeTitle, `${head}<p class="note">${escapeHtml(t.closeChanged)}</p>`);
  const details = accountDetails(t, language, account, institutionName);
  if (account.status === 'closed')
    return page(
      200,
      language,
      t.closeTitle,
      `${head}${details}<p class="note">${escapeHtml(t.alreadyClosed)}</p>`,
    );
  if (!closeLinkStillApplies(account, claims.reasonDate))
    return page(
      200,
      language,
      t.closeTitle,
      `${head}${details}<p class="note">${escapeHtml(t.closeChanged)}</p>`,
    );
  return page(
    200,
    language,
    t.closeTitle,
    `${head}${details}<p>${escapeHtml(t.closeExplain)}</p>${confirmForm(token, t.closeButton, 'decision-title')}`,
  );
}

async function confirm(
  ctx: AppContext,
  token: string,
  resolved: Resolved,
  now: Date,
): Promise<DecisionResponse> {
  const { claims, language, institutionName } = resolved;
  const t = TEXTS[language];
  const via = linkId(token);
  if (claims.purpose === 'review') {
    const renew = claims.decision === 'renew';
    const title = t.reviewTitle(claims.campaign, renew);
    const result = await applyReviewChoice(ctx, {
      accountId: claims.accountId,
      campaign: claims.campaign,
      decision: claims.decision,
      now,
      actor: 'decision-link',
      via,
      reason: `yearly review ${claims.campaign}: "${renew ? 'renew one year' : 'do not renew'}" confirmed on the decision page (link ${via}, sent to the managers of ${resolved.account?.institution ?? '?'})`,
    });
    ctx.logger.info('review decision', {
      outcome: result.outcome,
      account: pseudonym(claims.accountId),
      via,
    });
    const head = `<h1 id="decision-title">${escapeHtml(title)}</h1>`;
    if (result.outcome === 'not-in-review')
      return page(
        409,
        language,
        title,
        `${head}<p class="note">${escapeHtml(t.notInReview(claims.campaign, ctx.config.mailbox))}</p>`,
      );
    if (result.outcome === 'conflict')
      return page(409, language, title, `${head}<p class="error">${escapeHtml(t.conflict)}</p>`);
    const details = accountDetails(
      t,
      language,
      result.account,
      institutionName,
      t.states(claims.campaign)[result.state],
    );
    const message =
      result.outcome === 'unchanged' ? t.unchanged : `${t.decided(renew, result.account.endDate!)} ${t.done}`;
    return page(
      200,
      language,
      title,
      `${head}<p class="note" role="status">${escapeHtml(message)}</p>${details}<p>${escapeHtml(
        t.changeMind(addDays(endOfYear(claims.campaign), -1)),
      )}</p>`,
    );
  }
  const result = await closeFromLink(ctx, {
    accountId: claims.accountId,
    reasonDate: claims.reasonDate,
    now,
    via,
  });
  ctx.logger.info('deactivation confirmed', {
    outcome: result.outcome,
    account: pseudonym(claims.accountId),
    via,
  });
  const head = `<h1 id="decision-title">${escapeHtml(t.closeTitle)}</h1>`;
  const details = result.account ? accountDetails(t, language, result.account, institutionName) : '';
  const [status, text, cls] =
    result.outcome === 'closed'
      ? [200, `${t.closed} ${t.done}`, 'note']
      : result.outcome === 'already-closed'
        ? [200, t.alreadyClosed, 'note']
        : result.outcome === 'conflict'
          ? [409, t.conflict, 'error']
          : [409, t.closeChanged, 'note'];
  return page(
    status,
    language,
    t.closeTitle,
    `${head}<p class="${cls}" role="status">${escapeHtml(text)}</p>${details}`,
  );
}

function isDecisionPath(path: string): boolean {
  return path.replace(/\/+$/, '').split('/').at(-1) === 'decision';
}

export async function handleDecisionRequest(
  ctx: AppContext,
  request: DecisionRequest,
): Promise<DecisionResponse> {
  if (!isDecisionPath(request.path)) return problemPage(404, 'notFound');
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    const token = request.query.t ?? '';
    const resolved = await resolve(ctx, token, request.now);
    if ('status' in resolved) return resolved;
    const response = await show(ctx, token, resolved);
    return method === 'HEAD' ? { ...response, body: '' } : response;
  }
  if (method === 'POST') {
    if (Buffer.byteLength(request.body) > MAX_BODY_BYTES) return problemPage(413, 'tooLarge');
    // Only the token posted by the page's own form counts; a bare link in the query never decides.
    const token = new URLSearchParams(request.body).get('t') ?? '';
    const resolved = await resolve(ctx, token, request.now);
    if ('status' in resolved) return resolved;
    return confirm(ctx, token, resolved, request.now);
  }
  return problemPage(405, 'method', { Allow: 'GET, HEAD, POST' });
}
