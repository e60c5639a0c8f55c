import { type CalendarDate, formatBelgian, formatInstant } from '../calendar';
import type { Language } from '../language';
import { ALERT_TEXTS } from '../texts/alert-texts';
import { formatDuration, type RenderedAlert } from './alert-mail';
import type { Availability, CheckRecord } from './availability';
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

export function renderWeeklySummary(
  week: { from: CalendarDate; to: CalendarDate },
  targets: readonly SummaryTarget[],
  language: Language,
): RenderedAlert {
  const p = ALERT_TEXTS[language].weeklySummary;
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
          formatDuration(Date.parse(e.end) - Date.parse(e.start), ALERT_TEXTS[language].units),
        ),
      );
  }
  lines.push('', p.excluding, '', '--', p.footer);
  return { subject: p.subject(from, to), text: `${lines.join('\n')}\n` };
}
