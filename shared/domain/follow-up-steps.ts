import { addDays, brusselsDate, type CalendarDate, daysBetween } from './calendar';
import type { AccountRequest } from './requests';

/**
 * Requests that wait for missing fields are followed up (issue 15): one reminder to the
 * requester after `remindAfterDays` without an answer, then closed as abandoned after
 * `abandonAfterDays`, the requester and the helpdesk told once each. Pure: the daily sweep
 * (shared/app/notices/request-follow-up.ts) reads, decides here, records, then sends.
 */
export interface FollowUpSettings {
  remindAfterDays: number;
  abandonAfterDays: number;
}

export type FollowUpStep =
  /** Remind the requester once of what is still missing. */
  | { kind: 'reminder'; waitingSince: CalendarDate; closesOn: CalendarDate }
  /** Close the request as abandoned (recorded first), then tell the requester and the helpdesk. */
  | { kind: 'abandon'; waitingSince: CalendarDate }
  /** Closed already; telling the requester or the helpdesk did not finish: tell what is left. */
  | { kind: 'tell-abandoned'; waitingSince: CalendarDate };

/**
 * A request waits while it is pending, and an abandoned one until both were told: only these
 * carry the sparse index key the sweep queries.
 */
export function isWaiting(request: AccountRequest): boolean {
  return request.status === 'pending' || (request.status === 'abandoned' && !request.abandonmentToldAt);
}

/** The Brussels day the request last asked for something: its last needs-info answer. */
export function waitingSince(request: AccountRequest): CalendarDate {
  return brusselsDate(new Date(request.updatedAt));
}

/**
 * What the sweep of `today` does for one request. Days are Brussels calendar days since the last
 * needs-info answer (a partial reply asks again, so the wait starts again). Past the abandon day
 * no reminder is sent any more (a sweep that did not run for weeks closes at once).
 */
export function followUpStep(
  request: AccountRequest,
  today: CalendarDate,
  settings: FollowUpSettings,
): FollowUpStep | null {
  if (!isWaiting(request)) return null;
  const since = waitingSince(request);
  if (request.status === 'abandoned') return { kind: 'tell-abandoned', waitingSince: since };
  const days = daysBetween(since, today);
  if (days >= settings.abandonAfterDays) return { kind: 'abandon', waitingSince: since };
  if (days >= settings.remindAfterDays)
    return { kind: 'reminder', waitingSince: since, closesOn: addDays(since, settings.abandonAfterDays) };
  return null;
}

/** Claim keys of the follow-up messages: one reminder per wait, one abandonment notice per recipient. */
export function reminderKey(reference: string, since: CalendarDate): string {
  return `request#reminder#${reference}#${since}`;
}

export function abandonmentKey(reference: string, recipient: 'requester' | 'helpdesk'): string {
  return `request#abandoned#${reference}#${recipient}`;
}
