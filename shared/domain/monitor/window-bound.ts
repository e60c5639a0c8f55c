import type { AnnouncedWindow } from './types';

/**
 * How long a maintenance window Ex Libris mailed about may quiet our probe alerts. One mail must
 * never silence the monitor for long: a window without an announced end lapses `openEndedHours`
 * after it began (or after the latest mail about it, which extends it), and no window lasts more
 * than `maxWindowHours` from its start, whatever end was announced.
 */
export interface WindowLimits {
  openEndedHours: number;
  maxWindowHours: number;
}

export const DEFAULT_WINDOW_LIMITS: WindowLimits = { openEndedHours: 6, maxWindowHours: 72 };

/** `announced`: the end Ex Libris gave; `no-end`: none given, lapses on its own; `clamped`: the end given was beyond the maximum. */
export type WindowBoundKind = 'announced' | 'no-end' | 'clamped';

export interface WindowBound {
  /** ISO instant the window ends at the latest. */
  until: string;
  kind: WindowBoundKind;
}

const HOUR_MS = 3_600_000;

/** When it began: the announced start, else the first mail saying it had started. */
function beganAt(window: AnnouncedWindow): number | undefined {
  if (window.start) return Date.parse(window.start);
  const started = window.history.find((h) => h.phase !== 'planned');
  return started ? Date.parse(started.at) : undefined;
}

export function windowBound(window: AnnouncedWindow, limits: WindowLimits): WindowBound {
  const began = beganAt(window);
  const mails = window.history.map((h) => Date.parse(h.at)).filter(Number.isFinite);
  const lastMail = mails.length ? Math.max(...mails) : (began ?? 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const end = window.end ? Date.parse(window.end) : undefined;
  if (began === undefined) {
    // Announced without a start and not begun: forgotten after the maximum without news.
    const cap = lastMail + limits.maxWindowHours * HOUR_MS;
    if (end !== undefined && end <= cap) return { until: iso(end), kind: 'announced' };
    return { until: iso(cap), kind: end === undefined ? 'no-end' : 'clamped' };
  }
  const cap = began + limits.maxWindowHours * HOUR_MS;
  if (end !== undefined)
    return end <= cap ? { until: iso(end), kind: 'announced' } : { until: iso(cap), kind: 'clamped' };
  const lapse = Math.max(began, lastMail) + limits.openEndedHours * HOUR_MS;
  return { until: iso(Math.min(lapse, cap)), kind: 'no-end' };
}

/** A mailed window still to come or running: not finished, not past its bound. */
export function isOpenWindow(window: AnnouncedWindow, now: Date, limits: WindowLimits): boolean {
  return window.phase !== 'finished' && Date.parse(windowBound(window, limits).until) > now.getTime();
}
