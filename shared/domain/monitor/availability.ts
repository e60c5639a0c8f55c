import { addDays, type CalendarDate } from '../calendar';
import type { DayRecord } from '../ports';
import type { StatusVerdict } from './types';

/** One stored check of a target: the verdict of one run. */
export interface CheckRecord {
  at: string;
  verdict: StatusVerdict;
}

export interface Availability {
  /** Share of checks where Alma was usable (operational or degraded) among those with a verdict; null without any. */
  percent: number | null;
  checks: number;
  operational: number;
  degraded: number;
  down: number;
  maintenance: number;
  unknown: number;
}

export const AVAILABILITY_WINDOWS = { '24h': 1, '7d': 7, '30d': 30, '90d': 90 } as const;
export type AvailabilityWindow = keyof typeof AVAILABILITY_WINDOWS;

/**
 * Availability over [from, to]. Maintenance and unknown checks are counted but left out of the
 * percentage: a planned window or a blind checker says nothing about Alma's reliability.
 */
export function availabilityOf(checks: readonly CheckRecord[], from: Date, to: Date): Availability {
  const result: Availability = {
    percent: null,
    checks: 0,
    operational: 0,
    degraded: 0,
    down: 0,
    maintenance: 0,
    unknown: 0,
  };
  const start = from.getTime();
  const end = to.getTime();
  for (const check of checks) {
    const at = Date.parse(check.at);
    if (at < start || at > end) continue;
    result.checks += 1;
    result[check.verdict] += 1;
  }
  const counted = result.operational + result.degraded + result.down;
  if (counted > 0) {
    result.percent = Math.round(((result.operational + result.degraded) / counted) * 10_000) / 100;
  }
  return result;
}

/** Availability over the last 24 h, 7 d and 30 d before `now`. */
export function availabilityWindows(
  checks: readonly CheckRecord[],
  now: Date,
): Record<AvailabilityWindow, Availability> {
  const windows = {} as Record<AvailabilityWindow, Availability>;
  for (const [name, days] of Object.entries(AVAILABILITY_WINDOWS) as [AvailabilityWindow, number][]) {
    windows[name] = availabilityOf(checks, new Date(now.getTime() - days * 86_400_000), now);
  }
  return windows;
}

/** One day of a target's roll-up, as the status page draws it (a day without checks has all counts 0). */
export interface DayBar extends DayRecord {
  /** Share of the day's checks with a verdict (maintenance and unknown left out) where Alma was usable; null without any. */
  up: number | null;
}

/** Availability over a run of day roll-ups (maintenance and unknown left out, as availabilityOf does). */
export function availabilityOfDays(days: readonly DayRecord[]): Availability {
  const result: Availability = {
    percent: null,
    checks: 0,
    operational: 0,
    degraded: 0,
    down: 0,
    maintenance: 0,
    unknown: 0,
  };
  for (const day of days) {
    result.checks += day.checks;
    for (const verdict of ['operational', 'degraded', 'down', 'maintenance', 'unknown'] as const)
      result[verdict] += day[verdict];
  }
  const counted = result.operational + result.degraded + result.down;
  if (counted > 0) {
    result.percent = Math.round(((result.operational + result.degraded) / counted) * 10_000) / 100;
  }
  return result;
}

/** The last `count` Brussels days up to `today`, oldest first, a bar each. */
export function dayBars(days: readonly DayRecord[], today: CalendarDate, count: number): DayBar[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const bars: DayBar[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const day = addDays(today, -back);
    const record = byDay.get(day) ?? {
      day,
      checks: 0,
      operational: 0,
      degraded: 0,
      down: 0,
      maintenance: 0,
      unknown: 0,
    };
    const counted = record.operational + record.degraded + record.down;
    bars.push({ ...record, up: counted > 0 ? (record.operational + record.degraded) / counted : null });
  }
  return bars;
}
