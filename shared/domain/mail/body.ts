/**
 * The part of a mail that carries the request: what the sender wrote plus any mail they
 * forwarded (a manager often forwards the employee's details), without quoted replies or signatures.
 */

const FORWARD_MARKERS: RegExp[] = [
  /^-{3,}\s*(forwarded message|message transf[ée]r[ée]|doorgestuurd bericht|weitergeleitete nachricht|original message|message d'origine|oorspronkelijk bericht|originele bericht|message original)\s*-{3,}\s*$/i,
  /^begin forwarded message\s*:?\s*$/i,
  /^d[ée]but du message (r[ée]exp[ée]di[ée]|transf[ée]r[ée])\s*:?\s*$/i,
  /^(begin van|start van) (het )?doorgestuurde? bericht\s*:?\s*$/i,
];

/** Outlook's "Original Message" separators open a forward only when the subject says so; otherwise they start the quoted reply. */
const OUTLOOK_SEPARATOR =
  /^-{3,}\s*(original message|message d'origine|oorspronkelijk bericht|originele bericht)\s*-{3,}\s*$/i;
const FORWARD_SUBJECT = /^\s*((re|aw|antw|réf|ref)\s*:\s*)*(fwd?|tr|doorst|wg|fw)\s*:/i;

const ATTRIBUTION_START = /^(on|le|op|am|el)\s.{4,}/i;
const ATTRIBUTION_END =
  /(wrote|a\s+[ée]crit|schreef|schreef\s+.*|het volgende geschreven|heeft .* geschreven|schrieb|escribi[óo])\s*:\s*$/i;
const OUTLOOK_HEADER_FROM = /^\*?(from|de|van|von)\s*\*?\s*:\s*\S/i;
const OUTLOOK_HEADER_NEXT =
  /^\*?(sent|date|envoy[ée]|verzonden|datum|gesendet|to|[àa]|aan|subject|objet|onderwerp)\s*\*?\s*:/i;
const HEADER_LINE =
  /^\*?(from|de|van|von|sent|date|envoy[ée]|verzonden|datum|to|[àa]|aan|cc|subject|objet|onderwerp|reply-to|r[ée]pondre [àa])\s*\*?\s*:/i;
const UNDERSCORE_RULE = /^_{10,}\s*$/;

const SIGNATURE_LINES: RegExp[] = [
  /^--\s*$/,
  /^(envoy[ée]|sent|verzonden|verstuurd|gesendet) (de|depuis|from|vanaf|met|van|von|via) (mon|ma|my|mijn|mein)\b/i,
  /^(envoy[ée]|sent|verzonden|verstuurd) (de|depuis|from|vanaf|met|via) (l'application|outlook|mail|gmail)/i,
  /^(get|t[ée]l[ée]charger|download) outlook (for|pour|voor)\b/i,
];

export interface RequestPartOptions {
  /** The mail's subject: a forward prefix makes Outlook "Original Message" blocks count as forwarded content. */
  subject?: string;
}

/** Request part of a mail text: own words + forwarded content; quotes, attributions and signatures dropped. */
export function requestPart(text: string, options: RequestPartOptions = {}): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const forwardedSubject = FORWARD_SUBJECT.test(options.subject ?? '');
  const segments: string[][] = [[]];
  for (const line of lines) {
    const trimmed = line.trim();
    const isForward =
      (FORWARD_MARKERS.some((re) => re.test(trimmed)) &&
        (!OUTLOOK_SEPARATOR.test(trimmed) || forwardedSubject)) ||
      (forwardedSubject && UNDERSCORE_RULE.test(trimmed));
    if (isForward) segments.push([]);
    else segments[segments.length - 1]?.push(line);
  }
  return segments
    .map((segment, index) =>
      cleanSegment(index === 0 ? segment : dropForwardHeaders(segment), forwardedSubject),
    )
    .filter((s) => s.trim())
    .join('\n\n')
    .trim();
}

/** The From:/Date:/Subject: block a mail client writes at the top of a forwarded mail. */
function dropForwardHeaders(lines: string[]): string[] {
  let i = 0;
  while (i < lines.length && !lines[i]?.trim()) i++;
  while (i < lines.length && (HEADER_LINE.test(lines[i]?.trim() ?? '') || /^\s+\S/.test(lines[i] ?? ''))) i++;
  return lines.slice(i);
}

function cleanSegment(lines: string[], forwardedSubject: boolean): string {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const trimmed = line.trim();
    if (SIGNATURE_LINES.some((re) => re.test(trimmed))) break;
    if (isReplyStart(lines, i, forwardedSubject)) {
      // Inline answers between quoted lines are kept; a plain (Outlook-style) quote is cut entirely.
      const rest = lines.slice(i + 1);
      if (!rest.some((l) => /^\s*>/.test(l))) break;
      i += attributionLength(lines, i) - 1;
      continue;
    }
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function attributionLength(lines: string[], i: number): number {
  const line = lines[i]?.trim() ?? '';
  if (line.length <= MAX_ATTRIBUTION_LENGTH && ATTRIBUTION_END.test(line)) return 1;
  return 2;
}

const MAX_ATTRIBUTION_LENGTH = 300;

function isReplyStart(lines: string[], i: number, forwardedSubject: boolean): boolean {
  const line = lines[i]?.trim() ?? '';
  if (line.length > MAX_ATTRIBUTION_LENGTH) return false;
  const next = lines[i + 1]?.trim() ?? '';
  if (OUTLOOK_SEPARATOR.test(line) && !forwardedSubject) return true;
  if (ATTRIBUTION_START.test(line)) {
    if (ATTRIBUTION_END.test(line)) return true;
    // Gmail wraps long attributions over two lines: "On Mon, … Anne <a@b>" / "wrote:".
    if (next.length < 120 && ATTRIBUTION_END.test(next)) return true;
  }
  if ((UNDERSCORE_RULE.test(line) && OUTLOOK_HEADER_FROM.test(next)) || OUTLOOK_HEADER_FROM.test(line)) {
    const from = UNDERSCORE_RULE.test(line) ? i + 1 : i;
    return OUTLOOK_HEADER_NEXT.test(lines[from + 1]?.trim() ?? '') && !forwardedSubject;
  }
  return false;
}
