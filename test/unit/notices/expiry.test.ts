import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate, compareDates } from '../../../shared/domain/calendar';
import {
  dueExpiryOffset,
  expiringEndDates,
  expiryQueryWindows,
  receivesExpiryNotices,
} from '../../../shared/domain/notices/expiry';

const d = (s: string) => s as CalendarDate;
const OFFSETS = [30, 7];

/** Simulates the job on the given run days; returns [day, offset] of every notice for one end date. */
function simulate(
  endDate: CalendarDate,
  runDays: CalendarDate[],
  offsets = OFFSETS,
): [CalendarDate, number][] {
  const sent: [CalendarDate, number][] = [];
  let lastRun: CalendarDate | undefined;
  for (const day of runDays) {
    const from = lastRun ?? addDays(day, -1);
    const inWindow = expiryQueryWindows(offsets, from, day).some(
      (w) => compareDates(endDate, w.from) >= 0 && compareDates(endDate, w.to) <= 0,
    );
    const offset = dueExpiryOffset(endDate, offsets, from, day);
    // The windows must read every account that has a notice due (and the rule decides which).
    if (offset !== null) expect(inWindow).toBe(true);
    if (offset !== null) sent.push([day, offset]);
    lastRun = day;
  }
  return sent;
}

function days(from: string, count: number): CalendarDate[] {
  return Array.from({ length: count }, (_, i) => addDays(d(from), i));
}

describe('expiry notices: which are due', () => {
  it('sends the 30-day and the 7-day notice on their days when the job runs daily', () => {
    expect(simulate(d('2031-06-30'), days('2031-05-01', 70))).toEqual([
      [d('2031-05-31'), 30],
      [d('2031-06-23'), 7],
    ]);
  });

  it('reads only the two end dates due today on a normal day', () => {
    expect(expiryQueryWindows(OFFSETS, d('2031-05-09'), d('2031-05-10'))).toEqual([
      { from: d('2031-05-17'), to: d('2031-05-17') },
      { from: d('2031-06-09'), to: d('2031-06-09') },
    ]);
  });

  it('sends a missed notice once, late, after an outage', () => {
    const runs = days('2031-05-01', 70).filter((day) => day < d('2031-05-29') || day > d('2031-06-02'));
    expect(simulate(d('2031-06-30'), runs)).toEqual([
      [d('2031-06-03'), 30],
      [d('2031-06-23'), 7],
    ]);
  });

  it('sends only the most urgent notice when the outage covered both days', () => {
    const runs = days('2031-05-01', 70).filter((day) => day < d('2031-05-25') || day > d('2031-06-25'));
    expect(simulate(d('2031-06-30'), runs)).toEqual([[d('2031-06-26'), 7]]);
  });

  it('sends nothing once the end date has passed', () => {
    const runs = days('2031-05-01', 70).filter((day) => day < d('2031-05-25') || day > d('2031-07-01'));
    expect(simulate(d('2031-06-30'), runs)).toEqual([]);
  });

  it('never sends an offset twice nor a less urgent one after a more urgent one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.array(fc.boolean(), { minLength: 100, maxLength: 100 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }),
        (endOffset, running, offsets) => {
          const endDate = addDays(d('2031-03-01'), endOffset);
          const runs = days('2031-01-01', 100).filter((_, i) => running[i]);
          const sent = simulate(endDate, runs, offsets);
          const sentOffsets = sent.map(([, o]) => o);
          expect(new Set(sentOffsets).size).toBe(sentOffsets.length);
          for (let i = 1; i < sentOffsets.length; i++)
            expect(sentOffsets[i]!).toBeLessThan(sentOffsets[i - 1]!);
          for (const [day, offset] of sent) {
            expect(compareDates(day, addDays(endDate, -offset))).toBeGreaterThanOrEqual(0);
            expect(compareDates(day, endDate)).toBeLessThanOrEqual(0);
          }
          // Daily runs over the whole span: every offset whose day is in the span is sent on its day.
          if (running.every(Boolean)) {
            const expected = [...offsets]
              .sort((a, b) => b - a)
              .map((o) => addDays(endDate, -o))
              .filter(
                (day) => compareDates(day, d('2031-01-01')) >= 0 && compareDates(day, d('2031-04-10')) <= 0,
              );
            expect(sent.map(([day]) => day)).toEqual(expected);
          }
        },
      ),
    );
  });

  it('gives no expiry notices to closure-requested, expired or open-ended accounts', () => {
    const end = d('2031-06-30');
    expect(receivesExpiryNotices({ status: 'active', endDate: end, deactivationDate: null })).toBe(true);
    expect(receivesExpiryNotices({ status: 'active', endDate: end, deactivationDate: d('2031-06-01') })).toBe(
      false,
    );
    expect(receivesExpiryNotices({ status: 'expired', endDate: end, deactivationDate: null })).toBe(false);
    expect(receivesExpiryNotices({ status: 'active', endDate: null, deactivationDate: null })).toBe(false);
  });

  it('expires accounts whose end date is before today, since the last run', () => {
    expect(expiringEndDates(d('2031-06-29'), d('2031-07-01'))).toEqual({
      from: d('2031-06-29'),
      to: d('2031-06-30'),
    });
    expect(expiringEndDates(null, d('2031-07-01'))).toEqual({ from: null, to: d('2031-06-30') });
  });
});
