import { tz } from '@date-fns/tz';
import { isValid, parse } from 'date-fns';
import { enUS, fr, nl } from 'date-fns/locale';

/**
 * The times Ex Libris writes in its status texts (XML schedule, outage `details`, notification
 * mails), always in UTC: `Thursday, 2027-March-11 07:00 UTC` (the schedule's), `11-Mar-2027 UTC
 * 07:00:00` (a schedule entry's stamp), `2027-03-11 07:00` (ServiceNow), `11 March 2027 07:00`
 * and the same in French or Dutch (`jeudi 11 mars 2027 07:00`). Read with date-fns, never guessed.
 */

const FORMATS = [
  'EEEE, yyyy-MMMM-dd HH:mm',
  'EEEE, yyyy-MMMM-d HH:mm',
  'yyyy-MMMM-dd HH:mm',
  "dd-MMM-yyyy 'UTC' HH:mm:ss",
  'dd-MMM-yyyy HH:mm:ss',
  'dd-MMM-yyyy HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd HH:mm',
  "yyyy-MM-dd'T'HH:mm:ss",
  "yyyy-MM-dd'T'HH:mm",
  'EEEE, d MMMM yyyy HH:mm',
  'EEEE d MMMM yyyy HH:mm',
  'd MMMM yyyy HH:mm',
  'd MMMM yyyy, HH:mm',
  'MMMM d, yyyy HH:mm',
  'EEEE, MMMM d, yyyy HH:mm',
  'dd/MM/yyyy HH:mm',
] as const;
const LOCALES = [enUS, fr, nl] as const;
const UTC = tz('UTC');

/** An ISO instant from one of Ex Libris' UTC time texts; undefined when none of the forms fits. */
export function parseExlibrisTime(text: string): string | undefined {
  const cleaned = text
    .replace(/\b(UTC|GMT|Z)\b\.?/gi, ' ')
    .replace(/\b(?:à|om|at)\b/gi, ' ')
    .replace(/(\d{1,2})h(\d{2})/g, '$1:$2')
    .replace(/\s+/g, ' ')
    .replace(/[\s,.;]+$/, '')
    .trim();
  if (!cleaned) return undefined;
  for (const locale of LOCALES) {
    for (const format of FORMATS) {
      const date = parse(cleaned, format, new Date(0), { in: UTC, locale });
      if (isValid(date)) return new Date(date.getTime()).toISOString();
    }
  }
  return undefined;
}

/** Labels of the estimated times in the three languages Ex Libris' texts come in. */
const START_LABEL =
  /(?:Estimated Start|Start(?:\s+time)?|Début(?:\s+estimé)?|Heure de début|Geschatte start|Begin|Starttijd)\s*:/i;
const END_LABEL =
  /(?:Estimated End|End(?:\s+time)?|Fin(?:\s+estimée)?|Heure de fin|Geschat einde|Einde|Eindtijd)\s*:/i;
const NEXT_LABEL =
  /(?:Estimated (?:Start|End)|Description|Details|Détails|Beschrijving|Affected|Impact|Regards|Cordialement|Met vriendelijke groet)\s*:?|\n\s*\n/i;

function valueAfter(text: string, label: RegExp): string | undefined {
  const match = label.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match.index + match[0].length);
  const stop = NEXT_LABEL.exec(rest);
  const line = (stop ? rest.slice(0, stop.index) : rest).split('\n')[0] ?? '';
  return parseExlibrisTime(line);
}

/** `Estimated Start: … UTC Estimated End: … UTC` (or the same labels in FR/NL) in a text; either may be missing. */
export function estimatedWindow(text: string): { start?: string; end?: string } {
  const start = valueAfter(text, START_LABEL);
  const end = valueAfter(text, END_LABEL);
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}
