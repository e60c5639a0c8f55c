import type { Account } from '../account';
import { addDays, type CalendarDate, compareDates, daysBetween } from '../calendar';

/**
 * Expiry notices. A run on `today` handles the days (lastRun, today]: normally just today,
 * after an outage every missed day too. Choice for catch-up: when several offsets fell in
 * the missed days, only the most urgent one (the smallest offset) goes out, late; the
 * less urgent ones are superseded, never sent after it. Nothing is sent for an end date
 * that has already passed.
 */

export interface DateWindow {
  from: CalendarDate;
  to: CalendarDate;
}

/** End-date windows to query so that only accounts with a notice due in (lastRun, today] are read. */
export function expiryQueryWindows(
  offsets: readonly number[],
  lastRun: CalendarDate,
  today: CalendarDate,
): DateWindow[] {
  const windows: DateWindow[] = [];
  for (const offset of [...offsets].sort((a, b) => a - b)) {
    const earliest = addDays(lastRun, 1 + offset);
    const from = compareDates(earliest, today) < 0 ? today : earliest;
    const to = addDays(today, offset);
    if (compareDates(from, to) <= 0) windows.push({ from, to });
  }
  windows.sort((a, b) => compareDates(a.from, b.from));
  // Overlapping windows after a long outage are merged so no account is read twice.
  const merged: DateWindow[] = [];
  for (const window of windows) {
    const last = merged.at(-1);
    if (last && compareDates(window.from, addDays(last.to, 1)) <= 0) {
      if (compareDates(window.to, last.to) > 0) last.to = window.to;
    } else merged.push({ ...window });
  }
  return merged;
}

/** The offset whose notice is due for this end date in (lastRun, today], the most urgent one; null when none. */
export function dueExpiryOffset(
  endDate: CalendarDate,
  offsets: readonly number[],
  lastRun: CalendarDate,
  today: CalendarDate,
): number | null {
  const daysLeft = daysBetween(today, endDate);
  if (daysLeft < 0) return null;
  const due = offsets.filter(
    (offset) => offset >= daysLeft && compareDates(addDays(endDate, -offset), lastRun) > 0,
  );
  return due.length ? Math.min(...due) : null;
}

/** Only active accounts without a closure request get expiry notices. */
export function receivesExpiryNotices(
  account: Pick<Account, 'status' | 'endDate' | 'deactivationDate'>,
): boolean {
  return account.status === 'active' && account.endDate !== null && account.deactivationDate === null;
}

/** End dates whose accounts become expired in (lastRun, today]: [lastRun, today - 1]; open-ended on a first run. */
export function expiringEndDates(
  lastRun: CalendarDate | null,
  today: CalendarDate,
): { from: CalendarDate | null; to: CalendarDate } {
  return { from: lastRun, to: addDays(today, -1) };
}
