import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { dueRotationStages, monthDayIn, reviewStageOn } from '../../../shared/domain/notices/campaign';

const d = (s: string) => s as CalendarDate;
const review = { start: '11-15', reminder: '12-10', undecided: 'expire' as const };
const rotation = { date: '09-01', announceOffsetsDays: [30, 7] };

describe('yearly review campaign dates', () => {
  it.each([
    ['2031-11-14', null],
    ['2031-11-15', '2031:start'],
    ['2031-12-09', '2031:start'],
    ['2031-12-10', '2031:reminder'],
    ['2031-12-30', '2031:reminder'],
    ['2031-12-31', '2031:final'],
    ['2032-01-01', '2031:final'],
    ['2032-01-14', '2031:final'],
    ['2032-01-15', null],
    ['2032-06-01', null],
  ])('on %s the stage is %s', (day, expected) => {
    const stage = reviewStageOn(d(day), review);
    expect(stage ? `${stage.campaign}:${stage.stage}` : null).toBe(expected);
  });

  it('reads 29 February as the 28th in other years', () => {
    expect(monthDayIn(2031, '02-29')).toBe('2031-02-28');
    expect(monthDayIn(2032, '02-29')).toBe('2032-02-29');
  });
});

describe('password rotation stages', () => {
  it('announces 30 and 7 days before, then the day itself', () => {
    expect(dueRotationStages(d('2031-08-01'), d('2031-08-02'), rotation)).toEqual([
      { rotationDate: d('2031-09-01'), offset: 30 },
    ]);
    expect(dueRotationStages(d('2031-08-24'), d('2031-08-25'), rotation)).toEqual([
      { rotationDate: d('2031-09-01'), offset: 7 },
    ]);
    expect(dueRotationStages(d('2031-08-31'), d('2031-09-01'), rotation)).toEqual([
      { rotationDate: d('2031-09-01'), offset: 0 },
    ]);
    expect(dueRotationStages(d('2031-08-02'), d('2031-08-03'), rotation)).toEqual([]);
  });

  it('after an outage sends only the most urgent missed stage', () => {
    expect(dueRotationStages(d('2031-08-20'), d('2031-09-03'), rotation)).toEqual([
      { rotationDate: d('2031-09-01'), offset: 0 },
    ]);
    expect(dueRotationStages(d('2031-07-20'), d('2031-08-10'), rotation)).toEqual([
      { rotationDate: d('2031-09-01'), offset: 30 },
    ]);
  });
});

describe('rotation catch-up limit', () => {
  it('does not send a rotation notice more than a month late', () => {
    expect(dueRotationStages(d('2027-11-15'), d('2032-08-02'), rotation)).toEqual([
      { rotationDate: d('2032-09-01'), offset: 30 },
    ]);
  });
});
