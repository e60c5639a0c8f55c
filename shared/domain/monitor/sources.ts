import { htmlToText } from '../mail/parse-mime';
import type { MaintenanceWindow, SourceKind, SourceReading, StatusVerdict } from './types';

/**
 * Reading what Ex Libris says, from data already fetched and parsed: outage records of the
 * status API, the status page's HTML, or its portal JSON. An answer we cannot read is
 * `unknown` (readable: false), never `down`.
 */

/** One row of the ServiceNow table `cmdb_ci_outage` as the status API returns it. */
export interface OutageRecord {
  environment: string;
  type: string;
  /** ISO instant or '' (empty begin on a planned row: announced, not started). */
  begin: string;
  end: string;
  shortDescription: string;
  details: string;
  id: string;
}

const SEVERITY_ORDER: Record<StatusVerdict, number> = {
  operational: 0,
  unknown: 1,
  maintenance: 2,
  degraded: 3,
  down: 4,
};

/** The worse of two verdicts (down > degraded > maintenance > unknown > operational). */
export function worse(a: StatusVerdict, b: StatusVerdict): StatusVerdict {
  return SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a;
}

export function unreadable(
  source: SourceKind,
  why: string,
  extra: Partial<SourceReading> = {},
): SourceReading {
  return { source, verdict: 'unknown', readable: false, summary: why, ...extra };
}

/** ServiceNow writes `YYYY-MM-DD HH:mm:ss` (UTC through the API); ISO also accepted. Undefined when unreadable. */
export function parseServiceNowTime(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)
    ? `${text.replace(' ', 'T')}Z`
    : text;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const OUTAGE_TYPES = new Set(['planned', 'outage', 'degradation', 'info']);

/**
 * The verdict of one environment from its outage records at `now`: a running outage → down,
 * a running degradation → degraded, a running planned row → maintenance; planned rows not yet
 * begun are announced windows. Finished rows and info rows do not change the verdict.
 */
export function readOutageRecords(
  records: OutageRecord[],
  environment: string,
  now: Date,
  source: SourceKind = 'status-api',
): SourceReading {
  const mine = records.filter((r) => r.environment.trim().toLowerCase() === environment.trim().toLowerCase());
  const at = now.getTime();
  let verdict: StatusVerdict = 'operational';
  const said: string[] = [];
  const maintenance: MaintenanceWindow[] = [];
  for (const record of mine) {
    const type = record.type.trim().toLowerCase();
    if (!OUTAGE_TYPES.has(type)) {
      return unreadable(source, `unknown outage type "${record.type}" for ${environment}`);
    }
    const begin = parseServiceNowTime(record.begin);
    const end = parseServiceNowTime(record.end);
    if ((record.begin.trim() && !begin) || (record.end.trim() && !end)) {
      return unreadable(source, `unreadable dates on outage record ${record.id}`);
    }
    const ended = end !== undefined && Date.parse(end) <= at;
    if (ended) continue;
    const begun = begin !== undefined && Date.parse(begin) <= at;
    const title = record.shortDescription.trim() || type;
    if (type === 'planned') {
      maintenance.push({ id: record.id, title, start: begin ?? null, end: end ?? null, started: begun });
      if (begun) {
        verdict = worse(verdict, 'maintenance');
        said.push(`maintenance in progress: ${title}`);
      } else {
        said.push(`maintenance announced${begin ? ` for ${begin}` : ''}: ${title}`);
      }
      continue;
    }
    if (!begun) continue;
    if (type === 'outage') {
      verdict = worse(verdict, 'down');
      said.push(`outage: ${title}`);
    } else if (type === 'degradation') {
      verdict = worse(verdict, 'degraded');
      said.push(`degradation: ${title}`);
    } else {
      said.push(`information: ${title}`);
    }
  }
  return {
    source,
    verdict,
    readable: true,
    summary: said.length ? said.join('; ') : 'no current outage reported',
    maintenance,
  };
}

/** The phrases of the public status page and what they mean. */
export const STATUS_PAGE_PHRASES: readonly { phrase: string; verdict: StatusVerdict }[] = [
  { phrase: 'Service is operating normally', verdict: 'operational' },
  { phrase: 'Performance issues', verdict: 'degraded' },
  { phrase: 'Service disruption', verdict: 'down' },
  { phrase: 'Scheduled maintenance', verdict: 'maintenance' },
];

/** The visible text of an HTML page, one space between words (the mail reader's linear HTML scan). */
export function htmlText(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}

/** How far (in characters of visible text) a status phrase may follow the environment's name. */
const PHRASE_REACH = 200;

/**
 * The status page's verdict for one environment: of every place the name appears (a banner may
 * mention it too), the one followed most closely by a known phrase, with no other listed
 * environment in between. No name or no phrase near it → unknown.
 */
export function readStatusPageText(
  text: string,
  environment: string,
  otherEnvironments: readonly string[] = [],
  source: SourceKind = 'status-page',
): SourceReading {
  const lower = text.toLowerCase();
  const name = environment.toLowerCase();
  if (!lower.includes(name)) return unreadable(source, `"${environment}" not found on the status page`);
  let best: { distance: number; phrase: string; verdict: StatusVerdict } | undefined;
  for (let start = lower.indexOf(name); start >= 0; start = lower.indexOf(name, start + 1)) {
    const from = start + name.length;
    let stop = Math.min(lower.length, from + PHRASE_REACH);
    for (const other of otherEnvironments) {
      const otherName = other.toLowerCase();
      if (otherName === name) continue;
      const at = lower.indexOf(otherName, from);
      if (at >= 0 && at < stop) stop = at;
    }
    const section = lower.slice(from, stop);
    for (const { phrase, verdict } of STATUS_PAGE_PHRASES) {
      const distance = section.indexOf(phrase.toLowerCase());
      if (distance >= 0 && (!best || distance < best.distance)) best = { distance, phrase, verdict };
    }
  }
  if (!best) return unreadable(source, `no known status phrase next to "${environment}"`);
  return {
    source,
    verdict: best.verdict,
    readable: true,
    summary: best.phrase,
    maintenance:
      best.verdict === 'maintenance'
        ? [{ id: null, title: best.phrase, start: null, end: null, started: true }]
        : [],
  };
}

/** Status icons of the portal JSON, matched by keyword (icon names, CSS classes or image URLs). */
const ICON_KEYWORDS: readonly { pattern: RegExp; verdict: StatusVerdict; phrase: string }[] = [
  { pattern: /maint|planned|scheduled|wrench/i, verdict: 'maintenance', phrase: 'Scheduled maintenance' },
  { pattern: /outage|disrupt|\bdown\b|critical|\bred\b/i, verdict: 'down', phrase: 'Service disruption' },
  {
    pattern: /degrad|performance|partial|warn|\byellow\b|\borange\b/i,
    verdict: 'degraded',
    phrase: 'Performance issues',
  },
  {
    pattern: /operational|normal|\bok\b|available|\bgreen\b|check|success|\bup\b/i,
    verdict: 'operational',
    phrase: 'Service is operating normally',
  },
];

/** One service of the portal JSON: `name` and its status icon (as a string, or `{ icon }`). */
export interface PortalService {
  name: string;
  icon: string;
}

export function readPortalServices(
  services: PortalService[],
  environment: string,
  source: SourceKind = 'status-page',
): SourceReading {
  const service = services.find((s) => s.name.trim().toLowerCase() === environment.trim().toLowerCase());
  if (!service) return unreadable(source, `"${environment}" not listed in the status portal`);
  const match = ICON_KEYWORDS.find((k) => k.pattern.test(service.icon));
  if (!match) return unreadable(source, `unknown status icon "${service.icon}" for "${environment}"`);
  return {
    source,
    verdict: match.verdict,
    readable: true,
    summary: match.phrase,
    maintenance:
      match.verdict === 'maintenance'
        ? [{ id: null, title: match.phrase, start: null, end: null, started: true }]
        : [],
  };
}

/**
 * An institution's verdict from our probes: all readable probes up → operational, all failing
 * → down, some failing → degraded, none readable → unknown.
 */
export function combineProbes(readings: readonly SourceReading[]): StatusVerdict {
  const readable = readings.filter((r) => r.readable);
  if (readable.length === 0) return 'unknown';
  const failing = readable.filter((r) => r.verdict === 'down').length;
  if (failing === 0) return 'operational';
  return failing === readable.length ? 'down' : 'degraded';
}
