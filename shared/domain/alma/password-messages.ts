import type { Language } from '../../config/schema';
import { type CalendarDate, formatBelgian } from '../calendar';
import { labelled } from '../plain-text';
import { PASSWORD_TEXTS } from '../texts/password-texts';
import type { AlmaMessage } from './helpdesk-mails';

/**
 * The mails of the yearly password rotation (issue 30), FR/NL/EN, plain text. None of them ever
 * holds a password: the managers get a link that reveals it once.
 */

export interface RevealMailInput {
  institutionName: string;
  accountName: string;
  accountEmail: string;
  primaryId: string;
  rotationDate: CalendarDate;
  revealUrl: string;
  /** The last day the link works (Brussels). */
  revealUntil: CalendarDate;
  forcePasswordChange: boolean;
}

/** To each manager of the institution, in the institution's language. */
export function revealMessage(language: Language, input: RevealMailInput): AlmaMessage {
  const until = formatBelgian(input.revealUntil);
  const date = formatBelgian(input.rotationDate);
  const t = PASSWORD_TEXTS[language].revealMail;
  const text = [
    t.intro(date),
    '',
    labelled(language, t.account, `${input.accountName} <${input.accountEmail}>`),
    labelled(language, t.user, input.primaryId),
    '',
    t.how,
    ...(input.forcePasswordChange ? ['', t.force] : []),
    '',
    labelled(language, t.link, input.revealUrl),
    '',
    t.until(until),
    '',
    t.other,
  ].join('\n');
  return { subject: t.subject(input.institutionName, input.accountName), text: `${text}\n` };
}

export interface RotationListLine {
  accountName: string;
  accountEmail: string;
  institutionName: string;
}

const lines = (items: RotationListLine[]) =>
  items.map((l) => `- ${l.accountName} <${l.accountEmail}> – ${l.institutionName}`).join('\n');

/** To the helpdesk: the rotations of `approve` institutions wait for its confirmation. */
export function rotationApprovalMessage(
  language: Language,
  input: { rotationDate: CalendarDate; items: RotationListLine[]; approvalUrl: string; command: string },
): AlmaMessage {
  const date = formatBelgian(input.rotationDate);
  const n = input.items.length;
  const t = PASSWORD_TEXTS[language].approvalMail;
  return {
    subject: t.subject(n, date),
    text: `${t.intro}\n\n${lines(input.items)}\n\n${labelled(language, t.page, input.approvalUrl)}\n${labelled(language, t.how, input.command)}\n`,
  };
}

/** To the helpdesk, once a day at most: passwords erased unrevealed (the managers never opened their link). */
export function rotationExpiredMessage(
  language: Language,
  input: { items: RotationListLine[]; revealDays: number },
): AlmaMessage {
  const n = input.items.length;
  const t = PASSWORD_TEXTS[language].expiredMail;
  return { subject: t.subject(n), text: `${t.intro(input.revealDays)}\n\n${lines(input.items)}\n` };
}
