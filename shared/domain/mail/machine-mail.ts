import type { MailAddress } from './parse-mime';

/**
 * Mail written by a machine — bounces, out-of-office replies, feedback reports, list traffic and
 * our own messages — is never answered and never changes an account (RFC 3834 and what real
 * servers send: Exchange's X-Auto-Response-Suppress, Zammad's rule set, localized Outlook subjects).
 */
/**
 * Headers of a message we write on our own (a copy, a notice, an alert): automatic, never to be
 * auto-answered (RFC 3834 Auto-Submitted, Exchange's X-Auto-Response-Suppress). A mail sent to
 * many people on a schedule is also `Precedence: bulk`, which vacation responders skip.
 */
export function generatedHeaders(
  reference: string,
  options: { bulk?: boolean } = {},
): Record<string, string> {
  return {
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    ...(options.bulk ? { Precedence: 'bulk' } : {}),
    'X-Alma-Accounts-Reference': reference,
  };
}

export interface MachineMailFacts {
  /** Lower-cased header names, first value. */
  headers: Record<string, string>;
  from: MailAddress | null;
  /** Null when absent, '' for the null sender `<>`. */
  returnPath: string | null;
  subject: string;
  /** The content type of every MIME part, outer and nested, lower-cased. */
  contentTypes: readonly string[];
}

/** Parts only delivery reports and feedback reports carry. */
const REPORT_TYPES = new Set([
  'multipart/report',
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/feedback-report',
  'text/rfc822-headers',
]);

/** Headers autoresponders add. */
const AUTORESPONDER_HEADERS = [
  'x-autoreply',
  'x-autorespond',
  'x-autoresponder',
  'x-auto-reply',
  'x-mail-autoreply',
];

/**
 * Subjects of automatic replies in the network's languages and their neighbours', as they start
 * (after any RE:/AW:): "Réponse automatique : …", "Automatisch antwoord: …", "Automatic reply: …",
 * "Abwesenheitsnotiz: …", or the word alone ("Absence", "Afwezig", "Out of Office").
 */
const AUTO_REPLY_WORDS = [
  'reponse automatique',
  "reponse automatique d'absence",
  'message d absence',
  "message d'absence",
  'absence',
  'absent du bureau',
  'automatisch antwoord',
  'afwezig',
  'afwezigheid',
  'afwezigheidsmelding',
  'automatic reply',
  'auto reply',
  'auto-reply',
  'autoreply',
  'auto response',
  'auto-response',
  'out of office',
  'out of the office',
  'out-of-office',
  'away from the office',
  'vacation reply',
  'abwesenheitsnotiz',
  'automatische antwort',
  'abwesend',
  'respuesta automatica',
  'risposta automatica',
  'undeliverable',
  'undelivered mail',
  'returned mail',
  'mail system error',
  'failure notice',
  'delivery failure',
  'delivery failed',
  'delivery notification',
  'undelivered mail returned to sender',
  'delivery status notification',
  'mail delivery failed',
  'non remis',
  'onbestelbaar',
];

const REPLY_PREFIXES = /^(?:\s*(?:re|aw|antw|tr|fw|fwd|wg|sv|vs)\s*:\s*)*/i;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The auto-reply word a subject starts with, followed by `:`, a dash, a bracket or nothing. */
export function autoReplySubject(subject: string): string | undefined {
  const start = fold(subject).replace(REPLY_PREFIXES, '');
  return AUTO_REPLY_WORDS.find((word) => {
    if (!start.startsWith(word)) return false;
    const next = start.slice(word.length).trimStart();
    return next === '' || /^[:\-–[(]/.test(next);
  });
}

/** Why a mail was written by a machine (never answer it), or null for a person's mail. */
export function machineMailReason(facts: MachineMailFacts): string | null {
  const { headers } = facts;
  if (headers['x-alma-accounts-reference'] !== undefined) return 'own-message';
  const autoSubmitted = headers['auto-submitted']?.toLowerCase();
  if (autoSubmitted && !/^no\b/.test(autoSubmitted)) return `auto-submitted: ${autoSubmitted}`;
  if (headers['x-auto-response-suppress'] !== undefined) return 'x-auto-response-suppress';
  const precedence = headers.precedence?.toLowerCase();
  if (precedence && /\b(bulk|junk|list|auto_reply)\b/.test(precedence)) return `precedence: ${precedence}`;
  if (headers['x-loop'] !== undefined) return 'x-loop';
  if (AUTORESPONDER_HEADERS.some((k) => headers[k] !== undefined)) return 'x-autoreply';
  if (facts.returnPath === '') return 'return-path: <>';
  // Bounces come back from the mail system itself, whatever From they carry.
  if (facts.returnPath && /^(mailer-daemon|postmaster|mail-daemon)(@|$)/i.test(facts.returnPath))
    return 'return-path: mailer-daemon';
  if (facts.from && /^(mailer-daemon|postmaster|mail-daemon)@/i.test(facts.from.address))
    return 'sender: mailer-daemon';
  const report = facts.contentTypes.find((type) => REPORT_TYPES.has(type));
  if (report) return `report part: ${report}`;
  const word = autoReplySubject(facts.subject);
  if (word) return `auto-reply subject: ${word}`;
  return null;
}

/**
 * The content type of every MIME part in the raw mail (headers of the outer message and of every
 * part, nested or attached), read with a bounded scan of header lines — cheap, and independent of
 * how a parser nests the tree.
 */
export function contentTypesOf(raw: string): string[] {
  const types = new Set<string>();
  for (const match of raw.matchAll(
    /^content-type:[ \t]*([a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64})/gim,
  ))
    types.add(match[1]!.toLowerCase());
  return [...types];
}
