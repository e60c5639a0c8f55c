import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  BRUSSELS,
  brusselsDate,
  brusselsStartOfDay,
  brusselsTime,
  type CalendarDate,
  calendarDate,
  daysBetween,
  daysInMonth,
  formatBelgian,
  parseCalendarDate,
} from '../../../shared/domain/calendar';

/** The reference: ICU's tz data, as Node ships it. */
const icu = new Intl.DateTimeFormat('en-CA', {
  timeZone: BRUSSELS,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function icuWall(instant: Date): { date: string; time: string } {
  const p: Record<string, string> = {};
  for (const part of icu.formatToParts(instant)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

describe('Brussels clock (tz data through @date-fns/tz)', () => {
  it('agrees with ICU every 30 minutes around every change from 1996 to 2100', () => {
    let checked = 0;
    for (let year = 1996; year <= 2100; year++) {
      for (const month of [3, 10]) {
        // Every instant from the 24th to the end of the month covers the last Sunday and its change.
        const from = Date.UTC(year, month - 1, 24);
        const to = Date.UTC(year, month, 1);
        for (let t = from; t < to; t += 30 * 60_000) {
          const instant = new Date(t);
          expect({ date: brusselsDate(instant), time: brusselsTime(instant) }).toEqual(icuWall(instant));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(70_000);
  });

  it('agrees with ICU at any instant from 1900 to 2200, before 1996 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (t) => {
        const instant = new Date(t);
        expect({ date: brusselsDate(instant), time: brusselsTime(instant) }).toEqual(icuWall(instant));
      }),
      { numRuns: 20_000 },
    );
  });

  it('starts each day at local midnight, on both sides of the changes', () => {
    expect(brusselsStartOfDay('2027-03-28' as never).toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(brusselsStartOfDay('2027-03-29' as never).toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(brusselsStartOfDay('2027-10-31' as never).toISOString()).toBe('2027-10-30T22:00:00.000Z');
    expect(brusselsStartOfDay('2027-11-01' as never).toISOString()).toBe('2027-10-31T23:00:00.000Z');
    expect(brusselsStartOfDay('1990-07-01' as never).toISOString()).toBe('1990-06-30T22:00:00.000Z');
  });

  it('changes at 02:00 → 03:00 in March and 03:00 → 02:00 in October', () => {
    expect(brusselsTime(new Date('2027-03-28T00:59:00Z'))).toBe('01:59');
    expect(brusselsTime(new Date('2027-03-28T01:00:00Z'))).toBe('03:00');
    expect(brusselsTime(new Date('2027-10-31T00:59:00Z'))).toBe('02:59');
    expect(brusselsTime(new Date('2027-10-31T01:00:00Z'))).toBe('02:00');
  });
});

describe('calendar dates do not depend on the machine time zone', () => {
  const d = (s: string) => s as CalendarDate;
  const answers = () => ({
    // Samoa skipped 30 December 2011; Santiago changes clocks at midnight; Kolkata is +05:30.
    skipped: addDays(d('2011-12-29'), 1),
    acrossMarch: addDays(d('2027-03-27'), 1),
    acrossOctober: daysBetween(d('2027-10-30'), d('2027-11-01')),
    santiago: addDays(d('2027-09-04'), 1),
    clamped: addMonths(d('2027-01-31'), 1),
    exists: calendarDate(2011, 12, 30),
    february: daysInMonth(2028, 2),
    parsed: parseCalendarDate('2027-04-06'),
    belgian: formatBelgian(d('2027-04-06')),
    brussels: brusselsDate(new Date('2027-06-30T22:30:00Z')),
    midnight: brusselsStartOfDay(d('2027-03-28')).toISOString(),
  });

  it('gives the same answers whatever TZ the process runs in', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const reference = answers();
      expect(reference).toEqual({
        skipped: '2011-12-30',
        acrossMarch: '2027-03-28',
        acrossOctober: 2,
        santiago: '2027-09-05',
        clamped: '2027-02-28',
        exists: '2011-12-30',
        february: 29,
        parsed: '2027-04-06',
        belgian: '06/04/2027',
        brussels: '2027-07-01',
        midnight: '2027-03-27T23:00:00.000Z',
      });
      for (const zone of [
        'Pacific/Apia',
        'America/Santiago',
        'Asia/Kolkata',
        'Europe/Brussels',
        'America/New_York',
      ]) {
        process.env.TZ = zone;
        expect({ zone, ...answers() }).toEqual({ zone, ...reference });
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
