import { formatInstant } from '../calendar';
import type { Language } from '../language';
import { ALERT_TEXTS, type AlertTexts } from '../texts/alert-texts';
import { type AlertMail, environmentOf } from './alerts';
import type { AlertIntent, Severity, SourceReading, StatusVerdict } from './types';

/** Alert mails in FR/NL/EN (words: texts/alert-texts.ts). The subject starts with the state tag ([DOWN] …) in every language, so filters work. */

export interface RenderedAlert {
  subject: string;
  text: string;
}

export interface RenderContext {
  statusPageUrl: string;
  now: Date;
}

const TAGS: Record<StatusVerdict, string> = {
  down: '[DOWN]',
  degraded: '[DEGRADED]',
  operational: '[OPERATIONAL]',
  maintenance: '[MAINTENANCE]',
  unknown: '[UNKNOWN]',
};

/** `2 h 10 min`, `1 d 3 h`, `45 min`. */
export function formatDuration(ms: number, units: AlertTexts['units'] = ALERT_TEXTS.en.units): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} ${units.day}`);
  if (hours) parts.push(`${hours} ${units.hour}`);
  if (rest || parts.length === 0) parts.push(`${rest} ${units.minute}`);
  return parts.slice(0, 2).join(' ');
}

function targetLabel(intent: AlertIntent): string {
  const t = intent.target;
  return t.kind === 'institution' ? `${t.name} (${t.code})` : t.name;
}

function placeOf(mail: AlertMail, p: AlertTexts): { place: string; who: string } {
  const first = mail.intents[0]!;
  const t = first.target;
  const environments = new Set(mail.intents.map((i) => environmentOf(i.target) ?? 'Alma'));
  // One cause touching targets in several environments is told under Alma itself.
  const place = environments.size === 1 ? [...environments][0]! : 'Alma';
  if (mail.wholeEnvironment)
    return { place: mail.wholeEnvironment, who: p.allInstitutions(mail.intents.length) };
  if (t.kind === 'environment' && FAMILY_OF_ENVIRONMENT.has(mail.kind)) return { place: t.name, who: t.name };
  return { place, who: mail.intents.map(targetLabel).join(', ') };
}

/** Kinds whose mail is about the environment itself, the institutions being listed apart. */
const FAMILY_OF_ENVIRONMENT = new Set<AlertMail['kind']>([
  'exlibris-outage',
  'reminder',
  'recovery',
  'maintenance',
]);

function readingLine(reading: SourceReading, p: AlertTexts): string {
  const facts: string[] = [];
  if (reading.httpStatus !== undefined) facts.push(`HTTP ${reading.httpStatus}`);
  if (reading.latencyMs !== undefined) facts.push(`${reading.latencyMs} ms`);
  if (reading.apiRemaining !== undefined) facts.push(`X-Exl-Api-Remaining ${reading.apiRemaining}`);
  return `  - ${p.source[reading.source]}${p.colon} ${p.verdict[reading.verdict]} — ${reading.summary}${facts.length ? ` (${facts.join(', ')})` : ''}`;
}

function sourcesBlock(mail: AlertMail, p: AlertTexts): string[] {
  const lines = [`${p.sourcesSaid}${p.colon}`];
  const exlibrisSeen = new Set<string>();
  for (const intent of mail.intents) {
    const obs = intent.observation;
    if (mail.intents.length > 1 || intent.target.kind === 'institution')
      lines.push(`${targetLabel(intent)}${p.colon}`);
    const exlibris = obs.exlibris;
    // Ex Libris's reading is the same for every institution of the environment: quoted once.
    if (exlibris && !exlibrisSeen.has(exlibris.source)) {
      exlibrisSeen.add(exlibris.source);
      lines.push(readingLine(exlibris, p));
    }
    for (const reading of obs.readings) {
      if (intent.target.kind === 'environment') exlibrisSeen.add(reading.source);
      lines.push(readingLine(reading, p));
    }
  }
  return lines;
}

/** The subject and body of one alert mail. */
export function renderAlertMail(mail: AlertMail, language: Language, context: RenderContext): RenderedAlert {
  const p = ALERT_TEXTS[language];
  const first = mail.intents[0]!;
  const { place, who } = placeOf(mail, p);
  const severity: Severity = first.severity ?? 'down';
  const since = formatInstant(first.episodeStart ?? first.since ?? context.now.toISOString());
  let subject: string;
  const lead: string[] = [];
  switch (mail.kind) {
    case 'exlibris-outage':
      subject = `${TAGS[severity]} ${place} — ${p.exlibrisOutage[severity]}`;
      lead.push(p.exlibrisOutageLead(place, severity));
      break;
    case 'probe-failure':
      subject = `${TAGS[severity]} ${place} — ${p.probeFailure(who, severity)}`;
      lead.push(
        p.probeFailureLead(
          who,
          severity,
          first.observation.exlibris?.readable ? first.observation.exlibris.summary : undefined,
        ),
      );
      break;
    case 'status-mismatch':
      subject = `${TAGS[severity]} ${place} — ${p.mismatch(who)}`;
      lead.push(p.mismatchLead(who));
      break;
    case 'reminder':
      subject = `${TAGS[severity]} ${place} — ${p.reminder(p.state[severity], since, first.reminderNumber ?? 1)}`;
      lead.push(
        first.flavor === 'exlibris-outage'
          ? p.exlibrisOutageLead(place, severity)
          : first.flavor === 'status-mismatch'
            ? p.mismatchLead(who)
            : p.probeFailureLead(who, severity, first.observation.exlibris?.summary),
      );
      break;
    case 'recovery': {
      const ended = first.endedAt ?? context.now.toISOString();
      const duration = formatDuration(Date.parse(ended) - Date.parse(first.episodeStart ?? ended), p.units);
      subject = `${TAGS.operational} ${place} — ${p.recovery(duration)}`;
      lead.push(p.recoveryLead(since, formatInstant(ended), duration));
      break;
    }
    case 'maintenance': {
      const w = first.window!;
      subject = `${TAGS.maintenance} ${place} — ${w.started ? p.maintenanceRunning(w.title) : p.maintenanceAnnounced(w.title)}`;
      const until = w.end ? formatInstant(w.end) : null;
      // Without an announced end, or beyond the longest window, the alert says when the quiet ends at the latest.
      const bound = until && w.bound && w.bound !== 'announced' ? p.bound[w.bound](until) : undefined;
      lead.push(p.window(w.start ? formatInstant(w.start) : null, bound ? null : until, bound));
      break;
    }
    case 'source-unreadable': {
      const source = p.source[first.source ?? 'status-page'];
      const reading = first.observation.readings.find((r) => r.source === first.source);
      subject = `${TAGS.unknown} ${place} — ${p.unreadable(source)}`;
      lead.push(p.unreadableLead(source, who, since, reading?.summary ?? '?'));
      break;
    }
    case 'source-recovered': {
      const source = p.source[first.source ?? 'status-page'];
      const ended = first.endedAt ?? context.now.toISOString();
      const duration = formatDuration(Date.parse(ended) - Date.parse(first.since ?? ended), p.units);
      subject = `${TAGS.operational} ${place} — ${p.readableAgain(source)}`;
      lead.push(p.readableAgainLead(source, who, since, formatInstant(ended), duration));
      break;
    }
  }
  const institutions = mail.intents.filter((i) => i.target.kind === 'institution').map(targetLabel);
  if (mail.kind === 'source-unreadable' || mail.kind === 'source-recovered') {
    // Who is touched is already in the lead; nothing to add.
  } else if (mail.intents[0]!.target.kind === 'environment' && institutions.length > 0) {
    lead.push(
      mail.kind === 'exlibris-outage'
        ? p.alsoProbes(institutions.join(', '))
        : `${p.institutions}${p.colon} ${institutions.join(', ')}.`,
    );
  } else if (mail.wholeEnvironment) {
    lead.push(`${p.institutions}${p.colon} ${institutions.join(', ')}.`);
  }
  const body = [
    ...lead,
    '',
    `${p.since}${p.colon} ${since}`,
    '',
    ...sourcesBlock(mail, p),
    '',
    `${p.statusPage}${p.colon} ${context.statusPageUrl}`,
    '',
    '--',
    p.footer,
  ];
  return { subject, text: `${body.join('\n')}\n` };
}
