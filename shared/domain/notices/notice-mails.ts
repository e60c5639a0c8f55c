import type { EmployeeType } from '../account';
import { type CalendarDate, formatBelgian } from '../calendar';
import type { Language } from '../language';
import { labelled } from '../plain-text';
import { EMPLOYEE_TYPE_TEXTS } from '../texts/account-texts';
import { FEEDBACK_TEXTS } from '../texts/feedback-texts';
import { escapeHtml } from '../texts/html';
import { NOTICE_TEXTS } from '../texts/notice-texts';

/**
 * The scheduled notices rendered as plain text and as HTML with every name, address and link
 * escaped; their words are the catalogue's (texts/notice-texts.ts). Dates are written the Belgian way (31/12/2027).
 */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { paragraph: string }
  | { heading: string }
  | { list: { line: string; links?: { label: string; url: string }[] }[] };

function render(language: Language, subject: string, blocks: Block[], footer: string): RenderedMessage {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of blocks) {
    if ('paragraph' in block) {
      text.push(block.paragraph, '');
      html.push(`<p>${escapeHtml(block.paragraph)}</p>`);
    } else if ('heading' in block) {
      text.push(block.heading, '');
      html.push(`<h2 style="font-size:1.05em">${escapeHtml(block.heading)}</h2>`);
    } else {
      for (const item of block.list) {
        text.push(`- ${item.line}`);
        for (const link of item.links ?? []) text.push(`  ${labelled(language, link.label, link.url)}`);
      }
      text.push('');
      html.push(
        `<ul>${block.list
          .map(
            (item) =>
              `<li style="margin-bottom:.6em">${escapeHtml(item.line)}${(item.links ?? [])
                .map((link) => `<br><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`)
                .join('')}</li>`,
          )
          .join('')}</ul>`,
      );
    }
  }
  text.push('--', footer);
  html.push(`<p style="color:#444;font-size:.9em">${escapeHtml(footer)}</p>`);
  return {
    subject,
    text: `${text.join('\n')}\n`,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;color:#111;line-height:1.4">${html.join('')}</body></html>`,
  };
}

export interface Person {
  fullName: string;
  email: string;
}

// ---------------------------------------------------------------- expiry

export interface ExpiryLine extends Person {
  endDate: CalendarDate;
  daysLeft: number;
}

export function expiryMessage(
  language: Language,
  input: { institutionName: string; mailbox: string; lines: ExpiryLine[] },
): RenderedMessage {
  const { institutionName: inst, mailbox, lines } = input;
  const t = NOTICE_TEXTS[language];
  const one = lines.length === 1 ? lines[0]! : undefined;
  const list = lines.map((l) => ({
    line: t.expiry.line(`${l.fullName} <${l.email}>`, formatBelgian(l.endDate), t.inDays(l.daysLeft)),
  }));
  return render(
    language,
    t.expiry.subject(one && { endDate: formatBelgian(one.endDate), fullName: one.fullName }, lines.length),
    [{ paragraph: t.expiry.intro(Boolean(one), inst) }, { list }, { paragraph: t.expiry.renew(mailbox) }],
    t.footer(mailbox),
  );
}

// ---------------------------------------------------------------- yearly review

export interface ReviewLine extends Person {
  employeeType: EmployeeType;
  renewUrl: string;
  notRenewUrl: string;
}

export function reviewMessage(
  language: Language,
  input: {
    stage: 'start' | 'reminder';
    campaign: number;
    institutionName: string;
    mailbox: string;
    /** The last day a choice can be made (30 December). */
    lastDecisionDay: CalendarDate;
    undecided: 'expire' | 'renew';
    lines: ReviewLine[];
  },
): RenderedMessage {
  const { stage, campaign: y, institutionName: inst, lastDecisionDay, undecided, lines, mailbox } = input;
  const end = `31/12/${y}`;
  const next = `31/12/${y + 1}`;
  const t = NOTICE_TEXTS[language];
  const list = lines.map((l) => ({
    line: `${l.fullName} <${l.email}> (${labelled(language, t.review.type, EMPLOYEE_TYPE_TEXTS[language][l.employeeType])})`,
    links: [
      { label: t.review.renew, url: l.renewUrl },
      { label: t.review.notRenew, url: l.notRenewUrl },
    ],
  }));
  return render(
    language,
    t.review.subject(stage, y, inst, lines.length),
    [
      { paragraph: t.review.intro(stage, inst, end) },
      { paragraph: t.review.how(next, formatBelgian(lastDecisionDay)) },
      { list },
      { paragraph: t.review.policy(undecided, end, next) },
    ],
    t.footer(mailbox),
  );
}

export interface ReviewFinalLine extends Person {
  institutionName: string;
  decision: 'renew' | 'not-renew';
  /** True when nobody decided and the configured policy applied. */
  byPolicy: boolean;
}

export function reviewFinalMessage(
  language: Language,
  input: { campaign: number; mailbox: string; lines: ReviewFinalLine[] },
): RenderedMessage {
  const { campaign: y, mailbox, lines } = input;
  const renewed = lines.filter((l) => l.decision === 'renew');
  const notRenewed = lines.filter((l) => l.decision === 'not-renew');
  const t = NOTICE_TEXTS[language];
  const list = (items: ReviewFinalLine[]) =>
    items.length
      ? items.map((l) => ({
          line: `${l.fullName} <${l.email}> – ${l.institutionName}${l.byPolicy ? t.reviewFinal.policy : ''}`,
        }))
      : [{ line: t.reviewFinal.none }];
  return render(
    language,
    t.reviewFinal.subject(y, renewed.length, notRenewed.length),
    [
      { heading: t.reviewFinal.renewed(`31/12/${y + 1}`) },
      { list: list(renewed) },
      { heading: t.reviewFinal.notRenewed(`31/12/${y}`) },
      { list: list(notRenewed) },
    ],
    t.footer(mailbox),
  );
}

// ---------------------------------------------------------------- shared-password rotation

/** A shared account in an announcement: its new password handed over by link (issue 30) or, still, by the helpdesk. */
export interface RotationLine extends Person {
  handover: 'link' | 'helpdesk';
}

export function rotationMessage(
  language: Language,
  input: {
    institutionName: string;
    mailbox: string;
    rotationDate: CalendarDate;
    daysLeft: number;
    /** Days a manager's reveal link works. */
    revealDays: number;
    /** `approve` institution: the helpdesk confirms the list before anything is set. */
    confirmFirst: boolean;
    lines: RotationLine[];
  },
): RenderedMessage {
  const { institutionName: inst, mailbox, rotationDate, daysLeft, lines } = input;
  const date = formatBelgian(rotationDate);
  const t = NOTICE_TEXTS[language];
  const inDays = daysLeft > 0 ? t.inDays(daysLeft) : undefined;
  const byLink = lines.filter((l) => l.handover === 'link');
  const byHelpdesk = lines.filter((l) => l.handover === 'helpdesk');
  const list = (of: RotationLine[]) => ({ list: of.map((l) => ({ line: `${l.fullName} <${l.email}>` })) });
  return render(
    language,
    t.rotation.subject(lines.length > 1, inst, date),
    [
      ...(byLink.length
        ? [
            { paragraph: t.rotation.link(inst, date, inDays, input.revealDays, input.confirmFirst) },
            list(byLink),
          ]
        : []),
      ...(byHelpdesk.length
        ? [
            {
              paragraph: byLink.length
                ? t.rotation.helpdesk(daysLeft > 0)
                : t.rotation.intro(inst, date, inDays),
            },
            list(byHelpdesk),
          ]
        : []),
    ],
    t.footer(mailbox),
  );
}

export interface InstitutionLine extends Person {
  institutionName: string;
}

export function rotationListMessage(
  language: Language,
  input: { mailbox: string; rotationDate: CalendarDate; lines: InstitutionLine[] },
): RenderedMessage {
  const { mailbox, rotationDate, lines } = input;
  const t = NOTICE_TEXTS[language];
  return render(
    language,
    t.rotationList.subject(formatBelgian(rotationDate), lines.length),
    [
      { paragraph: t.rotationList.intro },
      { list: lines.map((l) => ({ line: `${l.fullName} <${l.email}> – ${l.institutionName}` })) },
    ],
    t.footer(mailbox),
  );
}

// ---------------------------------------------------------------- deactivation list

export interface DeactivationLine extends InstitutionLine {
  accountId: string;
  reason: 'expired' | 'closure';
  date: CalendarDate;
  closeUrl: string;
  /** Alma already ends the user by this date (its expiry date was set by provisioning): nothing to do there. */
  doneInAlma?: boolean;
}

export function deactivationListMessage(
  language: Language,
  input: { mailbox: string; today: CalendarDate; lines: DeactivationLine[]; pending: DeactivationLine[] },
): RenderedMessage {
  const { mailbox, today, lines, pending } = input;
  const t = NOTICE_TEXTS[language].deactivation;
  const list = (items: DeactivationLine[]) =>
    items.map((l) => ({
      line: `${l.fullName} <${l.email}> – ${l.institutionName} – ${l.reason === 'expired' ? t.expired : t.closure} ${formatBelgian(l.date)} [${l.accountId}]`,
      links: [{ label: t.confirm, url: l.closeUrl }],
    }));
  const toDo = lines.filter((l) => !l.doneInAlma);
  const done = lines.filter((l) => l.doneInAlma);
  const blocks: Block[] = toDo.length || !done.length ? [{ paragraph: t.intro }, { list: list(toDo) }] : [];
  if (done.length) blocks.push({ heading: t.done }, { list: list(done) });
  if (pending.length) blocks.push({ heading: t.pending }, { list: list(pending) });
  return render(
    language,
    t.subject(formatBelgian(today), lines.length),
    blocks,
    NOTICE_TEXTS[language].footer(mailbox),
  );
}

/** Mail to an account's own address bounces: the managers are asked whether the person left (issue 31). */
export function bounceQuestionMessage(
  language: Language,
  input: {
    mailbox: string;
    institutionName: string;
    fullName: string;
    email: string;
    accountId: string;
    detail: string;
    closeUrl: string;
    keepUrl: string;
    /** The account's page in the portal, where the same question is answered. */
    portalUrl: string;
  },
): RenderedMessage {
  const { fullName, email } = input;
  const t = FEEDBACK_TEXTS[language].question;
  const v = { email, fullName, institutionName: input.institutionName, detail: input.detail };
  return render(
    language,
    t.subject(v),
    [
      { paragraph: t.intro(v) },
      { paragraph: t.ask },
      {
        list: [
          {
            line: `${fullName} <${email}> [${input.accountId}]`,
            links: [
              { label: t.close, url: input.closeUrl },
              { label: t.keep, url: input.keepUrl },
              { label: t.portal, url: input.portalUrl },
            ],
          },
        ],
      },
    ],
    NOTICE_TEXTS[language].footer(input.mailbox),
  );
}

/** What SES told of an address that the helpdesk should know (a supervisor's, a manager's, a bounced answer, a complaint). */
export function feedbackHelpdeskMessage(
  language: Language,
  input: {
    mailbox: string;
    reason: 'staff-bounce' | 'answer-bounce' | 'complaint';
    email: string;
    detail: string;
    /** The request whose answer bounced (REQ-…), when known. */
    reference?: string | null;
    /** Where the address appears: "manager of X", "supervisor of N accounts". */
    roles: string[];
  },
): RenderedMessage {
  const { email, detail } = input;
  const t = FEEDBACK_TEXTS[language].helpdesk;
  const v = { email, detail, reference: input.reference ?? null };
  const blocks: Block[] = [{ paragraph: t[input.reason].text(v) }];
  if (input.roles.length) blocks.push({ heading: t.roles }, { list: input.roles.map((line) => ({ line })) });
  return render(language, t[input.reason].subject(v), blocks, NOTICE_TEXTS[language].footer(input.mailbox));
}
