import type { CalendarDate } from '../calendar';
import type { ReviewDecisionRecord } from './review';

/** Decisions of the yearly review, one per account per campaign (the latest wins). */
export interface ReviewDecisionStore {
  put(record: ReviewDecisionRecord): Promise<void>;
  get(campaign: number, accountId: string): Promise<ReviewDecisionRecord | undefined>;
  /** Every decision of a campaign, with the items read for the no-Scan reports. */
  list(campaign: number): Promise<{ items: ReviewDecisionRecord[]; itemsRead: number }>;
  /** Decisions and which accounts were already asked at which stage, in one Query of the campaign. */
  campaign(
    campaign: number,
  ): Promise<{ decisions: ReviewDecisionRecord[]; asked: Set<string>; itemsRead: number }>;
  /** Remembers that these accounts' notices of a stage went out, so later days skip them without claiming again. */
  markAsked(campaign: number, entries: { stage: string; accountId: string }[]): Promise<void>;
}

/** The key of an "asked" entry. */
export function askedKey(stage: string, accountId: string): string {
  return `${stage}#${accountId}`;
}

/** Per-job bookkeeping of the notice jobs. */
export interface NoticeStateStore {
  /** The last Brussels day a job handled completely; undefined before its first run. */
  lastRun(job: string): Promise<CalendarDate | undefined>;
  /** Moves the mark forward only (an older, slower run never moves it back). */
  markRun(job: string, day: CalendarDate): Promise<void>;
  /** True when the claim of this key is completed (sent), false when free or still held by a run. */
  isDone(claimKey: string): Promise<boolean>;
}
