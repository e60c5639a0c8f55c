/**
 * Calendar dates as people in Belgium mean them: `YYYY-MM-DD` strings, no time, no zone.
 * Every "today" is taken in Europe/Brussels (a mail received at 00:30 on 1 January
 * in Brussels belongs to the new year, even though it is still 31 December in UTC).
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

export const BRUSSELS = 'Europe/Brussels';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Builds a date from parts; undefined when the date does not exist (31/02, month 13…). */
export function calendarDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as CalendarDate;
}

/** Reads a strict `YYYY-MM-DD`; undefined for anything else or an impossible date. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isCalendarDate(text: unknown): text is CalendarDate {
  return typeof text === 'string' && parseCalendarDate(text) === text;
}

export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Adds months, clamping to the end of the month: 31 Jan + 1 month → 28 or 29 Feb. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return calendarDate(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)))!;
}

const DAY_MS = 86_400_000;

function toUtcMs(date: CalendarDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(toUtcMs(date) + days * DAY_MS);
  return calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())!;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

export function endOfYear(year: number): CalendarDate {
  return calendarDate(year, 12, 31)!;
}

const HOUR_MS = 3_600_000;

/** The last Sunday of a month, at 01:00 UTC: when EU summer time starts (March) and ends (October). */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0, 1);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS;
}

/** Rules before 1996 differ (summer time ended in September): read from ICU, made only when needed. */
let icuBrussels: Intl.DateTimeFormat | undefined;

/** Minutes Brussels is ahead of UTC at that instant. */
function brusselsOffsetMinutes(instant: Date): number {
  const ms = instant.getTime();
  const year = instant.getUTCFullYear();
  if (year >= 1996) {
    // EU rule (Directive 2000/84/EC, in force since 1996): CEST from the last Sunday of March
    // 01:00 UTC to the last Sunday of October 01:00 UTC, CET otherwise. Plain arithmetic: building an
    // Intl formatter with a time zone costs a cold start about 25 ms. test/unit/domain/calendar.test.ts
    // checks this against ICU's tz data around every change until 2100.
    return ms >= lastSundayAt0100Utc(year, 3) && ms < lastSundayAt0100Utc(year, 10) ? 120 : 60;
  }
  icuBrussels ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: BRUSSELS,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p: Record<string, number> = {};
  for (const part of icuBrussels.formatToParts(instant)) p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant shifted to Brussels wall-clock time, to be read with getUTC… */
function brusselsWall(instant: Date): Date {
  return new Date(instant.getTime() + brusselsOffsetMinutes(instant) * 60_000);
}

/** The calendar date in Brussels at that instant. */
export function brusselsDate(instant: Date): CalendarDate {
  const wall = brusselsWall(instant);
  return calendarDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate())!;
}

/** `HH:MM` wall-clock time in Brussels at that instant. */
export function brusselsTime(instant: Date): string {
  const wall = brusselsWall(instant);
  return `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
}

/** The instant a Brussels calendar date starts (handles CET/CEST). */
export function brusselsStartOfDay(date: CalendarDate): Date {
  const guess = new Date(`${date}T00:00:00Z`);
  for (const offsetHours of [1, 2, 0]) {
    const candidate = new Date(guess.getTime() - offsetHours * HOUR_MS);
    if (brusselsDate(candidate) === date && brusselsTime(candidate) === '00:00') return candidate;
  }
  return new Date(guess.getTime() - HOUR_MS);
}

/** Belgian writing of a date: 31/12/2027. */
export function formatBelgian(date: CalendarDate): string {
  const { year, month, day } = dateParts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
