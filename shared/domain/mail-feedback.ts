import * as z from 'zod/mini';
import type { Account } from './account';
import { recipientTag } from './notices/keys';

/*
 * SES feedback (bounces and complaints) and what it does. The notification is the JSON SES
 * publishes to the configuration set's SNS topic (event publishing: `eventType`; identity
 * notifications: `notificationType`): "Amazon SNS notification contents for Amazon SES" and
 * "Contents of event data that Amazon SES publishes to Amazon SNS" in the SES developer guide.
 * SES may add fields: unknown ones are ignored. One notification may list several recipients.
 */

const header = z.object({ name: z.string(), value: z.string() });
const recipient = z.object({ emailAddress: z.string() });

export const SesFeedbackNotificationSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.object({
    timestamp: z.string(),
    messageId: z.string(),
    destination: z.array(z.string()),
    headers: z.optional(z.array(header)),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(
        z.object({
          emailAddress: z.string(),
          status: z.optional(z.string()),
          diagnosticCode: z.optional(z.string()),
        }),
      ),
      timestamp: z.string(),
      feedbackId: z.string().check(z.minLength(1), z.maxLength(200)),
    }),
  ),
  complaint: z.optional(
    z.object({
      complainedRecipients: z.array(recipient),
      complaintFeedbackType: z.optional(z.string()),
      complaintSubType: z.optional(z.nullable(z.string())),
      timestamp: z.string(),
      feedbackId: z.string().check(z.minLength(1), z.maxLength(200)),
    }),
  ),
});

export type SesFeedbackNotification = z.infer<typeof SesFeedbackNotificationSchema>;

/** What a bounce or complaint says about one recipient. */
export type FeedbackKind = 'permanent' | 'transient' | 'complaint';

/** What the bounced mail was, read from our own `X-Alma-Accounts-Reference` header. */
export type SentMailKind = 'notice' | 'answer' | 'staff' | 'unknown';

export interface RecipientFeedback {
  /** SES's feedback id: one bounce or complaint report (it may name several recipients). */
  feedbackId: string;
  kind: FeedbackKind;
  /** Lower-cased. */
  email: string;
  at: string;
  /** SES's bounce subtype (General, NoEmail, Suppressed, OnAccountSuppressionList, …) or complaint type. */
  detail: string;
  mailKind: SentMailKind;
  /** The request (REQ-…) an answer that bounced belongs to, from our reference header; null for other mail. */
  requestReference: string | null;
  /** The SES message id of the mail that bounced. */
  sesMessageId: string;
}

/** SES never tried the address: it is on SES's global or the account's suppression list. */
export const SUPPRESSED_SUBTYPES: ReadonlySet<string> = new Set(['Suppressed', 'OnAccountSuppressionList']);

/** `Name <a@b>` or `a@b`, lower-cased. */
function bareAddress(text: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(text);
  return (angle ? angle[1]! : text).trim().toLowerCase();
}

type MailHeaders = readonly { name: string; value: string }[] | undefined;

const referenceHeader = (headers: MailHeaders) =>
  headers?.find((h) => h.name.toLowerCase() === 'x-alma-accounts-reference')?.value.trim();

/** A request's reference as our answers carry it (`REQ-2027-AB12CD`); anything else is none. */
function requestReferenceOf(headers: MailHeaders): string | null {
  const reference = referenceHeader(headers);
  return reference && /^REQ-\d{4}-[0-9A-Za-z]{6,8}$/.test(reference) ? reference : null;
}

function mailKindOf(headers: MailHeaders): SentMailKind {
  const reference = referenceHeader(headers);
  if (!reference) return 'unknown';
  if (reference === 'notice') return 'notice';
  if (reference === 'status' || reference === 'alma' || reference === 'feedback') return 'staff';
  return 'answer';
}

/**
 * One line per recipient of a Bounce or Complaint notification; none for a Delivery (or any
 * other type), which changes nothing. Bounce types: Permanent, Transient, Undetermined (counted
 * as transient: SES could not tell).
 */
export function feedbackOf(notification: SesFeedbackNotification): RecipientFeedback[] {
  const type = notification.eventType ?? notification.notificationType;
  const mailKind = mailKindOf(notification.mail.headers);
  const requestReference = mailKind === 'answer' ? requestReferenceOf(notification.mail.headers) : null;
  const sesMessageId = notification.mail.messageId;
  if (type === 'Bounce' && notification.bounce) {
    const b = notification.bounce;
    const kind: FeedbackKind = b.bounceType === 'Permanent' ? 'permanent' : 'transient';
    return b.bouncedRecipients.map((r) => ({
      feedbackId: b.feedbackId,
      kind,
      email: bareAddress(r.emailAddress),
      at: b.timestamp,
      detail: `${b.bounceType}/${b.bounceSubType ?? 'General'}`,
      mailKind,
      requestReference,
      sesMessageId,
    }));
  }
  if (type === 'Complaint' && notification.complaint) {
    const c = notification.complaint;
    return c.complainedRecipients.map((r) => ({
      feedbackId: c.feedbackId,
      kind: 'complaint' as const,
      email: bareAddress(r.emailAddress),
      at: c.timestamp,
      detail: `Complaint/${c.complaintSubType ?? c.complaintFeedbackType ?? 'abuse'}`,
      mailKind,
      requestReference,
      sesMessageId,
    }));
  }
  return [];
}

/** The feedback id of a notification (the claim that makes it handled once); null for a delivery. */
export function feedbackIdOf(notification: SesFeedbackNotification): string | null {
  return notification.bounce?.feedbackId ?? notification.complaint?.feedbackId ?? null;
}

/**
 * What is known of one address: `undeliverable` (a permanent bounce, or transient ones past the
 * limit), `complained` (its owner marked our mail as spam). Either way no notice goes there.
 */
export type AddressState = 'deliverable' | 'undeliverable' | 'complained';

export interface AddressStanding {
  email: string;
  state: AddressState;
  /** When it became undeliverable or complained. */
  since: string | null;
  /** SES's words for the last bounce or complaint (`Permanent/General`, `Transient/MailboxFull`…). */
  detail: string | null;
  /** Transient bounces since the address last took mail (reset never: the limit is a lifetime's). */
  transientBounces: number;
  /** The feedback ids already counted (the last few): a notification handled again counts once. */
  feedbackIds: string[];
  version: number;
}

/** How many feedback ids an address remembers (a replay comes within days, not after dozens of bounces). */
const REMEMBERED_FEEDBACK = 20;

/** Whether notices may go to an address (answers to one's own requests always go). */
export function receivesNotices(standing: Pick<AddressStanding, 'state'> | undefined): boolean {
  return !standing || standing.state === 'deliverable';
}

/**
 * Where the managers' question "mail to X bounces: has X left?" stands for an account: `open`
 * (asked, not yet answered: the bounce links and the portal offer close / keep), `kept` (a manager
 * answered "keep" after the last bounce), `closed`, or `changed` (gone, or its address takes mail
 * again). One rule for the mailed links and the portal, so an answer in one is "already decided"
 * in the other.
 */
export type BounceQuestionState = 'open' | 'kept' | 'closed' | 'changed';

export function bounceQuestionState(
  account: Pick<Account, 'status'> | undefined,
  standing: Pick<AddressStanding, 'state'> | undefined,
  history: readonly { action: string; at: string }[],
): BounceQuestionState {
  if (!account) return 'changed';
  if (account.status === 'closed') return 'closed';
  if (receivesNotices(standing)) return 'changed';
  const lastBounce = history.reduce(
    (last, e) => (e.action === 'mail-bounced' && e.at > last ? e.at : last),
    '',
  );
  return history.some((e) => e.action === 'bounce-kept' && e.at >= lastBounce) ? 'kept' : 'open';
}

export interface FeedbackFacts {
  feedback: RecipientFeedback;
  standing: AddressStanding | undefined;
  /** Accounts whose own address this is. */
  ownAccounts: readonly Pick<Account, 'id' | 'status'>[];
  /**
   * The address got a notice or a staff message yet holds no open account: notices go only to
   * account holders, their supervisors, managers and the helpdesk, so it is a staff address.
   */
  staffAddress: boolean;
  /** Institutions whose manager this address is. */
  managerOf: readonly string[];
  /** Transient bounces acted on at this count (config `notices.transientBounceLimit`). */
  transientLimit: number;
}

export type HelpdeskReason = 'staff-bounce' | 'answer-bounce' | 'complaint';

export interface FeedbackPlan {
  /** The address's next standing; null when this feedback was counted already. */
  standing: AddressStanding | null;
  /** Whether this feedback makes the address undeliverable or complained (now or before). */
  acted: boolean;
  /** History lines on the accounts whose own address it is. */
  history: { accountId: string; action: 'mail-bounced' | 'mail-complaint'; reason: string }[];
  /** Open accounts whose managers are asked "has X left?" (once per account and address). */
  askManagers: string[];
  /** Messages to the helpdesk, each once per key. */
  tellHelpdesk: { key: string; reason: HelpdeskReason }[];
}

/**
 * What one recipient's bounce or complaint does (pure). Every part of the plan is safe to carry
 * out again: the standing counts a feedback id once, history lines and messages are keyed.
 */
export function decideFeedback(facts: FeedbackFacts): FeedbackPlan {
  const { feedback: f, transientLimit } = facts;
  const before: AddressStanding = facts.standing ?? {
    email: f.email,
    state: 'deliverable',
    since: null,
    detail: null,
    transientBounces: 0,
    feedbackIds: [],
    version: 0,
  };
  const counted = before.feedbackIds.includes(f.feedbackId);
  let after = before;
  if (!counted) {
    const transientBounces = before.transientBounces + (f.kind === 'transient' ? 1 : 0);
    const becomes: AddressState =
      f.kind === 'permanent' || (f.kind === 'transient' && transientBounces >= transientLimit)
        ? 'undeliverable'
        : f.kind === 'complaint' && before.state === 'deliverable'
          ? 'complained'
          : before.state;
    after = {
      ...before,
      state: becomes,
      since: becomes !== before.state ? f.at : before.since,
      detail: f.detail,
      transientBounces,
      feedbackIds: [...before.feedbackIds, f.feedbackId].slice(-REMEMBERED_FEEDBACK),
      version: before.version + 1,
    };
  }
  const open = facts.ownAccounts.filter((a) => a.status !== 'closed');
  const tag = recipientTag(f.email);
  const tellHelpdesk: FeedbackPlan['tellHelpdesk'] = [];
  const history: FeedbackPlan['history'] = [];
  if (f.kind === 'complaint') {
    for (const a of open)
      history.push({
        accountId: a.id,
        action: 'mail-complaint',
        reason: `SES complaint (${f.detail}): no more notices go to this address; answers to its own requests still do`,
      });
    tellHelpdesk.push({ key: `complaint#${tag}`, reason: 'complaint' });
    return { standing: counted ? null : after, acted: true, history, askManagers: [], tellHelpdesk };
  }
  // A permanent bounce, or a transient one reaching the limit (also when reached before: a replay acts alike).
  const acted = f.kind === 'permanent' || after.state === 'undeliverable';
  for (const a of open)
    history.push({
      accountId: a.id,
      action: 'mail-bounced',
      reason: acted
        ? SUPPRESSED_SUBTYPES.has(f.detail.split('/')[1] ?? '')
          ? `SES did not send to the account's address: it is on the SES suppression list (${f.detail}); marked undeliverable, no more notices go there`
          : `mail to the account's address bounced (${f.detail}): marked undeliverable, no more notices go there`
        : `mail to the account's address bounced (${f.detail}), ${after.transientBounces} of ${transientLimit} before it counts`,
    });
  if (!acted) return { standing: counted ? null : after, acted, history, askManagers: [], tellHelpdesk: [] };
  if (f.mailKind === 'answer')
    tellHelpdesk.push({ key: `answer#${f.feedbackId}#${tag}`, reason: 'answer-bounce' });
  if (facts.staffAddress || facts.managerOf.length)
    tellHelpdesk.push({ key: `staff#${tag}`, reason: 'staff-bounce' });
  return {
    standing: counted ? null : after,
    acted,
    history,
    askManagers: open.map((a) => a.id),
    tellHelpdesk,
  };
}
