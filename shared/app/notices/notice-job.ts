import type { CalendarDate } from '../../domain/calendar';
import type { NoticeKind } from '../../domain/notices/keys';
import { AlmaAccountsError } from '../../errors';
import type { AppContext, JobReport } from '../context';

/** The daily notice jobs (the status check and the purge have their own use cases). */
export const NOTICE_JOBS = [
  'expiry-notices',
  'yearly-review',
  'password-rotation',
  'deactivation-list',
  'request-follow-up',
] as const;
export type NoticeJob = (typeof NOTICE_JOBS)[number];

/** One message a job sends (or, in a dry run or preview, would send). */
export interface PlannedNotice {
  /** The Brussels day the job sends it. */
  date: CalendarDate;
  job: NoticeJob;
  kind: NoticeKind;
  to: string[];
  cc: string[];
  subject: string;
  accountIds: string[];
  /** The request references a follow-up message is about. */
  references?: string[];
  text: string;
  html: string;
}

export type NoticeJobReport = JobReport & { notices?: PlannedNotice[] };

/** Some messages could not be sent; their claims were released so the scheduler's retry sends them. */
export class NoticeSendError extends AlmaAccountsError {
  constructor(
    message: string,
    readonly report: NoticeJobReport,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** How a job runs: for real, as a dry run, or as one day of a preview. */
export interface NoticeRunMode {
  dryRun: boolean;
  /** Preview: the day before (as if the job had run daily) instead of the stored mark. */
  lastRun?: CalendarDate;
  /** Preview: delivery keys already listed on an earlier day of the preview. */
  seen?: Set<string>;
}

/** What every job of one run is given; never changed while the run goes. */
export interface NoticeRunScope {
  ctx: AppContext;
  job: NoticeJob;
  now: Date;
  /** The Brussels day of `now`. */
  today: CalendarDate;
  mode: NoticeRunMode;
}

/** What one delivery round did (deliverNotices). */
export interface DeliveryOutcome {
  /** (notice, recipient) deliveries considered. */
  planned: number;
  /** Deliveries already sent by an earlier run, or held by another run. */
  alreadySent: number;
  /** Deliveries held by another run (in flight or crashed): the day is not marked done. */
  inFlight: number;
  /** Messages sent. */
  sent: number;
  failures: unknown[];
  notices: PlannedNotice[];
  /** Keys of the notices every recipient now has. */
  handled: Set<string>;
}

/** What one job reports back to the runner. */
export interface JobOutcome {
  itemsRead: number;
  deliveries: DeliveryOutcome[];
  /** The stored "last day handled" mark the job started from (jobs that follow one). */
  lastRun?: CalendarDate | null;
  /** Nothing could be due (decided from dates alone): no need to move the mark. */
  nothingDue?: boolean;
  /** Job-specific counts for the report (expired, stage, pendingDeactivations…). */
  details?: Record<string, unknown>;
}

export const NO_DELIVERY: DeliveryOutcome = {
  planned: 0,
  alreadySent: 0,
  inFlight: 0,
  sent: 0,
  failures: [],
  notices: [],
  handled: new Set(),
};
