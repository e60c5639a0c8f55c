import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRUSSELS, brusselsDate, brusselsStartOfDay, brusselsTime } from '../../../shared/domain/calendar';

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

describe('Brussels clock (EU summer-time rule as arithmetic)', () => {
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

  it('agrees with ICU at any instant from 1900 to 2200, before 1996 too (read from ICU then)', () => {
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
