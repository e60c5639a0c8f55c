import { createHash } from 'node:crypto';
import type { CalendarDate } from '../calendar';

/** Every kind of notice the scheduled jobs send. */
export type NoticeKind =
  | 'expiry'
  | 'review'
  | 'review-reminder'
  | 'review-final'
  | 'rotation'
  | 'rotation-list'
  | 'deactivation'
  /** Follow-up of a request waiting for fields (not about an account). */
  | 'request-reminder'
  | 'request-abandoned'
  | 'request-abandoned-helpdesk';

/**
 * A notice is keyed by (account, kind, date, stage): the date is the end date (or rotation /
 * deactivation date), so a changed end date makes the notices for the new date due again.
 */
export function noticeKey(
  kind: NoticeKind,
  accountId: string,
  date: CalendarDate,
  stage: string | number,
): string {
  return `notice#${kind}#${accountId}#${date}#${stage}`;
}

/** One recipient's copy of a notice: claimed on its own so a digest failing for one person never doubles another's. */
export function deliveryKey(notice: string, recipient: string): string {
  return `${notice}#${recipientTag(recipient)}`;
}

/** A short hash of an address, so claim keys hold no e-mail address in clear. */
export function recipientTag(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex').slice(0, 16);
}
