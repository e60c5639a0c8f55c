import { type CalendarDate, formatBelgian } from '../calendar';
import type { Availability, CheckRecord } from './availability';
import {
  ALERT_PHRASES,
  type AlertLanguage,
  formatDuration,
  formatInstant,
  type RenderedAlert,
} from './texts';
import type { Severity } from './types';

/** The weekly summary: per target its episodes (from the week's checks), their durations, its availability. */
export interface SummaryEpisode {
  start: string;
  end: string;
  severity: Severity;
}

/**
 * The episodes of a week's checks: `minimumRuns` or more failing checks in a row (the same
 * confirmation the alerts use), from the first failing check to the first good one after it.
 * Maintenance checks neither extend nor break an episode; unknown ones break nothing either.
 */
export function episodesOf(
  checks: readonly CheckRecord[],
  minimumRuns: number,
  weekEnd: Date,
): SummaryEpisode[] {
  const episodes: SummaryEpisode[] = [];
  let open: { start: string; runs: number; severity: Severity } | undefined;
  const close = (end: string) => {
    if (open && open.runs >= minimumRuns) episodes.push({ start: open.start, end, severity: open.severity });
    open = undefined;
  };
  for (const check of checks) {
    if (check.verdict === 'down' || check.verdict === 'degraded') {
      open ??= { start: check.at, runs: 0, severity: check.verdict };
      open.runs += 1;
      if (check.verdict === 'down') open.severity = 'down';
    } else if (check.verdict === 'operational') close(check.at);
  }
  close(weekEnd.toISOString());
  return episodes;
}

export interface SummaryTarget {
  name: string;
  availability: Availability;
  episodes: SummaryEpisode[];
}

const PHRASES: Record<
  AlertLanguage,
  {
    subject: (from: string, to: string) => string;
    lead: (from: string, to: string) => string;
    /** "Alma EU02: availability 98.5 %" / "… : disponibilité 98,5 %" / "…: geen gegevens over de beschikbaarheid". */
    line: (name: string, percent: string | null) => string;
    none: string;
    episode: (severity: string, start: string, end: string, duration: string) => string;
    severity: Record<Severity, string>;
    excluding: string;
    footer: string;
  }
> = {
  en: {
    subject: (f, t) => `[SUMMARY] Alma status, week of ${f} to ${t}`,
    lead: (f, t) => `The Alma status monitor's week, ${f} to ${t} (Brussels time).`,
    line: (name, percent) =>
      `${name}: ${percent === null ? 'no availability data' : `availability ${percent}`}`,
    none: 'no outage',
    episode: (s, a, b, d) => `  - ${s} from ${a} to ${b} (${d})`,
    severity: { down: 'down', degraded: 'degraded' },
    excluding: 'Announced maintenance is not counted against availability.',
    footer: 'Automatic message from the Alma status monitor. Do not reply.',
  },
  fr: {
    subject: (f, t) => `[SUMMARY] Statut d’Alma, semaine du ${f} au ${t}`,
    lead: (f, t) => `La semaine du moniteur de statut Alma, du ${f} au ${t} (heure de Bruxelles).`,
    line: (name, percent) =>
      `${name} : ${percent === null ? 'aucune donnée de disponibilité' : `disponibilité ${percent}`}`,
    none: 'aucune panne',
    episode: (s, a, b, d) => `  - ${s} du ${a} au ${b} (${d})`,
    severity: { down: 'en panne', degraded: 'dégradé' },
    excluding: 'Les maintenances annoncées ne sont pas comptées dans la disponibilité.',
    footer: 'Message automatique du moniteur de statut Alma. Merci de ne pas répondre.',
  },
  nl: {
    subject: (f, t) => `[SUMMARY] Status van Alma, week van ${f} tot ${t}`,
    lead: (f, t) => `De week van de Alma-statusmonitor, van ${f} tot ${t} (Brusselse tijd).`,
    line: (name, percent) =>
      `${name}: ${percent === null ? 'geen gegevens over de beschikbaarheid' : `beschikbaarheid ${percent}`}`,
    none: 'geen storing',
    episode: (s, a, b, d) => `  - ${s} van ${a} tot ${b} (${d})`,
    severity: { down: 'onbeschikbaar', degraded: 'verstoord' },
    excluding: 'Aangekondigd onderhoud telt niet mee in de beschikbaarheid.',
    footer: 'Automatisch bericht van de Alma-statusmonitor. Gelieve niet te antwoorden.',
  },
};

export function renderWeeklySummary(
  week: { from: CalendarDate; to: CalendarDate },
  targets: readonly SummaryTarget[],
  language: AlertLanguage,
): RenderedAlert {
  const p = PHRASES[language];
  const from = formatBelgian(week.from);
  const to = formatBelgian(week.to);
  const lines = [p.lead(from, to), ''];
  for (const target of targets) {
    const percent = target.availability.percent;
    // 98.51 in English, 98,51 in French and Dutch (Belgian usage).
    const shown =
      percent === null ? null : `${percent.toLocaleString(language === 'en' ? 'en-GB' : `${language}-BE`)} %`;
    lines.push(p.line(target.name, shown));
    if (target.episodes.length === 0) lines.push(`  - ${p.none}`);
    for (const e of target.episodes)
      lines.push(
        p.episode(
          p.severity[e.severity],
          formatInstant(e.start),
          formatInstant(e.end),
          formatDuration(Date.parse(e.end) - Date.parse(e.start), ALERT_PHRASES[language].units),
        ),
      );
  }
  lines.push('', p.excluding, '', '--', p.footer);
  return { subject: p.subject(from, to), text: `${lines.join('\n')}\n` };
}
