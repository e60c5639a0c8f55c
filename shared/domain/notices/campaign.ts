import { addDays, type CalendarDate, calendarDate, compareDates, dateParts, daysInMonth } from '../calendar';

/** `MM-DD` of a given year; 29 February falls back to the 28th in other years. */
export function monthDayIn(year: number, monthDay: string): CalendarDate {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  return calendarDate(year, month, Math.min(day, daysInMonth(year, month)))!;
}

export interface ReviewSettings {
  start: string;
  reminder: string;
  undecided: 'expire' | 'renew';
}

export interface ReviewCampaignDates {
  campaign: number;
  start: CalendarDate;
  reminder: CalendarDate;
  /** 31 December: undecided accounts follow the policy and the helpdesk gets the final list. */
  deadline: CalendarDate;
}

/** After an outage over 31 December, the final stage still runs late for this many days. */
export const REVIEW_FINAL_CATCH_UP_DAYS = 14;

export function reviewCampaignDates(campaign: number, settings: ReviewSettings): ReviewCampaignDates {
  return {
    campaign,
    start: monthDayIn(campaign, settings.start),
    reminder: monthDayIn(campaign, settings.reminder),
    deadline: monthDayIn(campaign, '12-31'),
  };
}

export type ReviewStage = 'start' | 'reminder' | 'final';

/**
 * Which stage of which campaign a run on `today` works on. Between start and reminder the
 * first list goes out (late after an outage, and to accounts added meanwhile); from the
 * reminder to 30 December only the reminder (the most urgent stage); on 31 December, or
 * up to two weeks later after an outage, the final stage.
 */
export function reviewStageOn(
  today: CalendarDate,
  settings: ReviewSettings,
): { campaign: number; stage: ReviewStage; dates: ReviewCampaignDates } | null {
  const { year } = dateParts(today);
  const previous = reviewCampaignDates(year - 1, settings);
  if (compareDates(today, addDays(previous.deadline, REVIEW_FINAL_CATCH_UP_DAYS)) <= 0)
    return { campaign: year - 1, stage: 'final', dates: previous };
  const dates = reviewCampaignDates(year, settings);
  if (compareDates(today, dates.deadline) === 0) return { campaign: year, stage: 'final', dates };
  if (compareDates(today, dates.reminder) >= 0 && compareDates(today, dates.start) >= 0)
    return { campaign: year, stage: 'reminder', dates };
  if (compareDates(today, dates.start) >= 0) return { campaign: year, stage: 'start', dates };
  return null;
}

export interface RotationSettings {
  date: string;
  announceOffsetsDays: number[];
}

/** A rotation notice missed by a longer outage is no longer worth sending late. */
export const ROTATION_CATCH_UP_DAYS = 31;

/**
 * Password-rotation stages due in (lastRun, today]: per rotation date, the most urgent stage
 * whose day fell in that span (offset 0 is the day itself, with the helpdesk's list).
 */
export function dueRotationStages(
  lastRun: CalendarDate,
  today: CalendarDate,
  settings: RotationSettings,
): { rotationDate: CalendarDate; offset: number }[] {
  const { year } = dateParts(today);
  const oldest = addDays(today, -ROTATION_CATCH_UP_DAYS);
  const since = compareDates(lastRun, oldest) < 0 ? oldest : lastRun;
  const offsets = [...new Set([0, ...settings.announceOffsetsDays])];
  const due: { rotationDate: CalendarDate; offset: number }[] = [];
  for (const y of [year - 1, year, year + 1]) {
    const rotationDate = monthDayIn(y, settings.date);
    const inSpan = offsets.filter((offset) => {
      const day = addDays(rotationDate, -offset);
      return compareDates(day, since) > 0 && compareDates(day, today) <= 0;
    });
    if (inSpan.length) due.push({ rotationDate, offset: Math.min(...inSpan) });
  }
  return due;
}
