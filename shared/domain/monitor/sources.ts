import { htmlToText } from '../mail/parse-mime';
import { saysCompleted } from './exlibris-mail';
import { estimatedWindow, parseExlibrisTime } from './exlibris-times';
import type { MaintenanceWindow, SourceKind, SourceReading, StatusVerdict } from './types';

/**
 * Reading what Ex Libris says, from data already fetched and parsed: outage records of the
 * status API (ServiceNow `cmdb_ci_outage`), instances of the older XML interface, rows of the
 * status page's HTML (icons `icon-1`…`icon-5`, or its phrases), services of the portal JSON.
 * These shapes are known from public scripts that read them, not from Ex Libris' documentation,
 * so every reader is tolerant of what it does not need and an answer it cannot read is
 * `unknown` (readable: false, cause `shape`), never `down`.
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

/** An answer whose shape we do not know: told to operators once per source, whatever it says today. */
export function changedShape(
  source: SourceKind,
  why: string,
  extra: Partial<SourceReading> = {},
): SourceReading {
  return unreadable(source, why, { cause: 'shape', ...extra });
}

/** Environment names compare without case and runs of spaces; ServiceNow's external name may add a suffix. */
export function sameEnvironment(listed: string, configured: string): boolean {
  const a = listed.replace(/\s+/g, ' ').trim().toLowerCase();
  const b = configured.replace(/\s+/g, ' ').trim().toLowerCase();
  return a === b || (a.length > 0 && (a.startsWith(`${b} `) || b.startsWith(`${a} `)));
}

/** ServiceNow writes `YYYY-MM-DD HH:mm:ss` (UTC through the API); ISO also accepted. Undefined when unreadable. */
export function parseServiceNowTime(value: string): string | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const time = Date.parse(text);
    return Number.isNaN(time) ? undefined : new Date(time).toISOString();
  }
  return parseExlibrisTime(text);
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
  const mine = records.filter((r) => sameEnvironment(r.environment, environment));
  const at = now.getTime();
  let verdict: StatusVerdict = 'operational';
  const said: string[] = [];
  const maintenance: MaintenanceWindow[] = [];
  for (const record of mine) {
    const type = record.type.trim().toLowerCase();
    if (!OUTAGE_TYPES.has(type)) {
      return changedShape(source, `unknown outage type "${record.type}" for ${environment}`);
    }
    // A planned row is often announced with empty begin/end and the times in `details`.
    const estimated = estimatedWindow(htmlToText(record.details));
    const begin = parseServiceNowTime(record.begin) ?? (record.begin.trim() ? undefined : estimated.start);
    const end = parseServiceNowTime(record.end);
    const estimatedEnd = record.end.trim() ? undefined : estimated.end;
    if ((record.begin.trim() && !begin) || (record.end.trim() && !end)) {
      return changedShape(source, `unreadable dates on outage record ${record.id}`);
    }
    const ended = end !== undefined && Date.parse(end) <= at;
    if (ended) continue;
    const begun = begin !== undefined && Date.parse(begin) <= at;
    const title = record.shortDescription.trim() || type;
    if (type === 'planned') {
      maintenance.push({
        id: record.id,
        title,
        start: begin ?? null,
        end: end ?? estimatedEnd ?? null,
        started: begun,
      });
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
  if (!lower.includes(name)) return changedShape(source, `"${environment}" not found on the status page`);
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
  if (!best) return changedShape(source, `no known status phrase next to "${environment}"`);
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

/**
 * Status icons of the portal JSON, matched by keyword (icon names, CSS classes or image URLs):
 * ServiceNow's portal uses Font Awesome names (`fa-check-circle` for normal), other forms words.
 */
const ICON_KEYWORDS: readonly { pattern: RegExp; verdict: StatusVerdict; phrase: string }[] = [
  {
    pattern: /maint|planned|scheduled|wrench|calendar/i,
    verdict: 'maintenance',
    phrase: 'Scheduled maintenance',
  },
  {
    pattern: /outage|disrupt|\bdown\b|critical|\bred\b|times-circle|exclamation-circle|\bban\b|fa-close/i,
    verdict: 'down',
    phrase: 'Service disruption',
  },
  {
    pattern: /degrad|performance|partial|warn|\byellow\b|\borange\b|exclamation-triangle|minus-circle/i,
    verdict: 'degraded',
    phrase: 'Performance issues',
  },
  {
    pattern: /operational|normal|\bok\b|available|\bgreen\b|check|success|\bup\b|info-circle/i,
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
  const service = services.find((s) => sameEnvironment(s.name, environment));
  if (!service) return changedShape(source, `"${environment}" not listed in the status portal`);
  const match = ICON_KEYWORDS.find((k) => k.pattern.test(service.icon));
  if (!match) return changedShape(source, `unknown status icon "${service.icon}" for "${environment}"`);
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

/** The status page's icons, in the order the public scripts that read it list them. */
export const STATUS_PAGE_ICONS: Record<number, { verdict: StatusVerdict; phrase: string }> = {
  1: { verdict: 'operational', phrase: 'Service is operating normally' },
  2: { verdict: 'degraded', phrase: 'Performance issues' },
  3: { verdict: 'down', phrase: 'Service disruption' },
  4: { verdict: 'maintenance', phrase: 'Scheduled maintenance' },
  5: { verdict: 'operational', phrase: 'Service is operating normally, with a note' },
};

/** One environment row of the status page: the icon number of its status cell and that cell's text. */
export interface StatusPageRow {
  environment: string;
  icon: number;
  note: string;
}

/** An environment's row of the status page; undefined when the page has none for it (read its phrases instead). */
export function readStatusPageRow(
  rows: readonly StatusPageRow[],
  environment: string,
  now: Date,
  source: SourceKind = 'status-page',
): SourceReading | undefined {
  const row = rows.find((r) => sameEnvironment(r.environment, environment));
  if (!row) return undefined;
  const meaning = STATUS_PAGE_ICONS[row.icon];
  if (!meaning) return changedShape(source, `unknown status icon icon-${row.icon} for "${environment}"`);
  const note = row.note.replace(/\s+/g, ' ').trim();
  const window = estimatedWindow(row.note);
  const maintenance: MaintenanceWindow[] = [];
  if (meaning.verdict === 'maintenance' || window.start) {
    const started = meaning.verdict === 'maintenance' || Date.parse(window.start ?? '') <= now.getTime();
    maintenance.push({
      id: window.start ? `page:${window.start}` : null,
      title: meaning.verdict === 'maintenance' ? meaning.phrase : note.slice(0, 160) || meaning.phrase,
      start: window.start ?? null,
      end: window.end ?? null,
      started,
    });
  }
  return {
    source,
    verdict: meaning.verdict,
    readable: true,
    summary: note && row.icon !== 1 ? `${meaning.phrase}: ${note.slice(0, 200)}` : meaning.phrase,
    maintenance,
  };
}

/** One `<instance>` of the XML interface's `/exlibriscloudstatus` answer. */
export interface StatusXmlInstance {
  /** The environment (instance) name, e.g. "Alma EU02" or "Primo MT NA04". */
  id: string;
  service: string;
  status: string;
  /** Text of each `<schedule>` child: announced maintenance, one entry per notice. */
  schedule: string[];
  /** Text of each `<message>` child: what is going on now. */
  message: string[];
}

/** OK, PERF, ERROR, MAINT, SERVICE: normal, performance issues, disruption, maintenance, normal with a note. */
const XML_STATUSES: Record<string, { verdict: StatusVerdict; phrase: string }> = {
  OK: { verdict: 'operational', phrase: 'Service is operating normally' },
  PERF: { verdict: 'degraded', phrase: 'Performance issues' },
  ERROR: { verdict: 'down', phrase: 'Service disruption' },
  MAINT: { verdict: 'maintenance', phrase: 'Scheduled maintenance' },
  SERVICE: { verdict: 'operational', phrase: 'Service is operating normally, with a note' },
};

/**
 * An environment's reading from the XML interface: the instance's status, and each schedule
 * entry (its `Estimated Start/End`) as an announced window, running once begun.
 */
export function readStatusXml(
  instances: readonly StatusXmlInstance[],
  environment: string,
  now: Date,
  source: SourceKind = 'status-xml',
): SourceReading {
  const instance =
    instances.find((i) => sameEnvironment(i.id, environment)) ??
    instances.find((i) => sameEnvironment(`${i.service} ${i.id}`, environment)) ??
    (instances.length === 1 ? instances[0] : undefined);
  if (!instance) return changedShape(source, `"${environment}" not in the XML status answer`);
  const meaning = XML_STATUSES[instance.status.trim().toUpperCase()];
  if (!meaning) return changedShape(source, `unknown status "${instance.status}" for "${environment}"`);
  // The same completion reader as Ex Libris' mails: one list of wordings, negations and futures.
  const finished = instance.message.some(saysCompleted);
  const maintenance: MaintenanceWindow[] = [];
  const at = now.getTime();
  for (const entry of instance.schedule) {
    const { start, end } = estimatedWindow(entry);
    if (!start) continue;
    if ((end && Date.parse(end) <= at) || (finished && Date.parse(start) <= at)) continue;
    const title = /Description\s*:\s*(.+?)(?:Regards|$)/is.exec(entry)?.[1]?.replace(/\s+/g, ' ').trim();
    maintenance.push({
      id: `xml:${start}`,
      title: (title || meaning.phrase).slice(0, 160),
      start,
      end: end ?? null,
      started: meaning.verdict === 'maintenance' || Date.parse(start) <= at,
    });
  }
  if (meaning.verdict === 'maintenance' && !maintenance.some((w) => w.started))
    maintenance.push({ id: null, title: meaning.phrase, start: null, end: null, started: true });
  const said = instance.message.map((m) => m.replace(/\s+/g, ' ').trim()).filter(Boolean)[0];
  return {
    source,
    verdict: meaning.verdict,
    readable: true,
    summary: said ? `${meaning.phrase}: ${said.slice(0, 200)}` : meaning.phrase,
    maintenance,
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
