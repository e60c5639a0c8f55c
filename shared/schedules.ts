import * as z from 'zod/mini';

/**
 * Every scheduled job, defined once: the CDK stack turns these into EventBridge Scheduler
 * schedules (time zone Europe/Brussels) and the local runtime runs the same definitions.
 */
export const JOB_NAMES = [
  'expiry-notices',
  'yearly-review',
  'password-rotation',
  'deactivation-list',
  'request-follow-up',
  'status-check',
  'account-purge',
  'alma-drift',
  'status-summary',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type ScheduleTiming =
  /** Every day at this Brussels wall-clock time. */
  | { kind: 'daily'; hour: number; minute: number }
  /** Every N minutes. */
  | { kind: 'rate'; minutes: number }
  /** Once a week on this day (EventBridge's MON…SUN) at this Brussels wall-clock time. */
  | { kind: 'weekly'; day: WeekDay; hour: number; minute: number };

export const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

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
    job: 'request-follow-up',
    description:
      'Requests waiting for missing fields: one reminder after requests.remindAfterDays, closed as abandoned after requests.abandonAfterDays',
    timing: { kind: 'daily', hour: 8, minute: 0 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'account-purge',
    description: 'Erases personal fields of accounts closed longer than the retention period',
    timing: { kind: 'daily', hour: 3, minute: 30 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'alma-drift',
    description: 'Weekly comparison of the open accounts with their Alma users; one digest to the helpdesk',
    timing: { kind: 'weekly', day: 'MON', hour: 6, minute: 30 },
    functionId: 'NoticesFunction',
  },
  {
    job: 'status-summary',
    description:
      'Weekly status summary (episodes, durations, availability) to the alert recipients, if opted in',
    timing: { kind: 'weekly', day: 'MON', hour: 8, minute: 0 },
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
  if (timing.kind === 'weekly') return `cron(${timing.minute} ${timing.hour} ? * ${timing.day} *)`;
  return `cron(${timing.minute} ${timing.hour} * * ? *)`;
}

/** The payload every schedule sends to its function. */
export interface ScheduledJobEvent {
  job: JobName;
  /** Set by the scheduler to the scheduled time (`<aws.scheduler.scheduled-time>`); the CLI sets it from --now. */
  scheduledTime?: string;
}

/** The jobs of the notices function: every daily job, not the status check. */
export type NoticeJobName = Exclude<JobName, 'status-check'>;
const NOTICE_JOB_NAMES = JOB_NAMES.filter((job): job is NoticeJobName => job !== 'status-check') as [
  NoticeJobName,
  ...NoticeJobName[],
];

/** The notices function's Scheduler payload. */
export const noticeJobEventSchema = z.object({
  job: z.enum(NOTICE_JOB_NAMES),
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});
export type NoticeJobEvent = z.infer<typeof noticeJobEventSchema>;

/** The status-check function's Scheduler payload (it checks now, whatever the scheduled time). */
export const statusCheckEventSchema = z.object({
  job: z.literal('status-check'),
  scheduledTime: z.optional(z.string()),
});
export type StatusCheckEvent = z.infer<typeof statusCheckEventSchema>;
