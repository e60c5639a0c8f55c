import { TZDateMini, tzOffset } from '@date-fns/tz';
// The mini classes: the full UTCDate builds three Intl formatters at import (~14 ms of cold start).
import { UTCDateMini } from '@date-fns/utc/date/mini';
import {
  addDays as addDaysTo,
  addMonths as addMonthsTo,
  differenceInCalendarDays,
  formatISO,
  getDaysInMonth,
  isLeapYear as isLeapYearOf,
  lightFormat,
} from 'date-fns';

/**
 * Calendar dates as people in Belgium mean them: `YYYY-MM-DD` strings, no time, no zone.
 * Every "today" is taken in Europe/Brussels (a mail received at 00:30 on 1 January
 * in Brussels belongs to the new year, even though it is still 31 December in UTC).
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

export const BRUSSELS = 'Europe/Brussels';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Midnight of that day on a UTC calendar, for date-fns to count on: a zone-less date never meets
 * the machine's time zone, and UTCDateMini needs no tz data (a TZDate costs 40 µs an operation).
 */
function calendarDay(year: number, month: number, day: number): Date {
  return new UTCDateMini(year, month - 1, day);
}

function toDay(date: CalendarDate): Date {
  const { year, month, day } = dateParts(date);
  return calendarDay(year, month, day);
}

/** The date a UTCDateMini shows in its own zone (formatISO: a fifth of lightFormat's cost). */
function fromDay(day: Date): CalendarDate {
  return formatISO(day, { representation: 'date' }) as CalendarDate;
}

export function isLeapYear(year: number): boolean {
  return isLeapYearOf(calendarDay(year, 1, 1));
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) return 0;
  return getDaysInMonth(calendarDay(year, month, 1));
}

/** Builds a date from parts; undefined when the date does not exist (31/02, month 13…). */
export function calendarDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return fromDay(calendarDay(year, month, day));
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
  return fromDay(addMonthsTo(toDay(date), months));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDay(addDaysTo(toDay(date), days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(toDay(to), toDay(from));
}

export function endOfYear(year: number): CalendarDate {
  return calendarDate(year, 12, 31)!;
}

/**
 * The Brussels wall clock at that instant, as the fields of a UTCDateMini: the instant moved by
 * Brussels' offset then, from the tz data Node ships (a change of the EU rule is a data update).
 * One tzOffset lookup; a TZDate read through date-fns makes two.
 */
function brusselsClock(instant: Date): Date {
  return new UTCDateMini(instant.getTime() + tzOffset(BRUSSELS, instant) * 60_000);
}

/** The calendar date in Brussels at that instant. */
export function brusselsDate(instant: Date): CalendarDate {
  return fromDay(brusselsClock(instant));
}

/** `HH:MM` wall-clock time in Brussels at that instant. */
export function brusselsTime(instant: Date): string {
  return lightFormat(brusselsClock(instant), 'HH:mm');
}

/** The instant a Brussels calendar date starts (handles CET/CEST). */
export function brusselsStartOfDay(date: CalendarDate): Date {
  const { year, month, day } = dateParts(date);
  return new Date(new TZDateMini(year, month - 1, day, BRUSSELS).getTime());
}

/** Belgian writing of a date: 31/12/2027. */
export function formatBelgian(date: CalendarDate): string {
  return lightFormat(toDay(date), 'dd/MM/yyyy');
}

/** `31/12/2027 14:05` in Brussels time, from an ISO instant. */
export function formatInstant(iso: string): string {
  const instant = new Date(iso);
  return `${formatBelgian(brusselsDate(instant))} ${brusselsTime(instant)}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
