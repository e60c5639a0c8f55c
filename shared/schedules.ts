/**
 * Every scheduled job, defined once: the CDK stack turns these into EventBridge Scheduler
 * schedules (time zone Europe/Brussels) and the local runtime runs the same definitions.
 */
export const JOB_NAMES = [
  'expiry-notices',
  'yearly-review',
  'password-rotation',
  'deactivation-list',
  'status-check',
  'account-purge',
  'status-summary',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type ScheduleTiming =
  /** Every day at this Brussels wall-clock time. */
  | { kind: 'daily'; hour: number; minute: number }
  /** Every N minutes. */
  | { kind: 'rate'; minutes: number }
  /** Every week on this weekday (1 = Monday … 7 = Sunday) at this Brussels wall-clock time. */
  | { kind: 'weekly'; weekday: number; hour: number; minute: number };

export interface JobSchedule {
  job: JobName;
  description: string;
  timing: ScheduleTiming;
  /** The Lambda function that runs it (one per area). */
  functionId: 'NoticesFunction' | 'StatusCheckFunction';
}

export const SCHEDULES: readonly JobSchedule[] = [
  {
    job: 'expiry-notices',
    description: 'Expiry notices before accounts end; marks accounts expired the day after',
    timing: { kind: 'daily', hour: 7, minute: 0 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'yearly-review',
    description: 'Yearly review of accounts ending 31 December: start, reminder, final list',
    timing: { kind: 'daily', hour: 7, minute: 15 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'password-rotation',
    description: 'Shared-account password rotation: announcements, day-of notice, helpdesk list',
    timing: { kind: 'daily', hour: 7, minute: 30 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'deactivation-list',
    description: 'Daily list of accounts to deactivate in Alma for the helpdesk',
    timing: { kind: 'daily', hour: 7, minute: 45 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'account-purge',
    description: 'Erases personal fields of accounts closed longer than the retention period',
    timing: { kind: 'daily', hour: 3, minute: 30 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'status-summary',
    description:
      'Weekly status summary (episodes, durations, availability) to the alert recipients, if opted in',
    timing: { kind: 'weekly', weekday: 1, hour: 8, minute: 0 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'status-check',
    description: 'Ex Libris status and our own Alma probes',
    timing: { kind: 'rate', minutes: 5 },
    functionId: 'StatusCheckFunction',
  },
];

/** EventBridge Scheduler expression for a timing (evaluated in Europe/Brussels). */
export function scheduleExpression(timing: ScheduleTiming): string {
  if (timing.kind === 'rate') return `rate(${timing.minutes} ${timing.minutes === 1 ? 'minute' : 'minutes'})`;
  if (timing.kind === 'weekly')
    return `cron(${timing.minute} ${timing.hour} ? * ${WEEKDAYS[timing.weekday - 1]} *)`;
  return `cron(${timing.minute} ${timing.hour} * * ? *)`;
}

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** The payload every schedule sends to its function. */
export interface ScheduledJobEvent {
  job: JobName;
  /** Set by the scheduler to the scheduled time (`<aws.scheduler.scheduled-time>`); the CLI sets it from --now. */
  scheduledTime?: string;
}
