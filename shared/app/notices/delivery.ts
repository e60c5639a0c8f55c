import { randomUUID } from 'node:crypto';
import pMap from 'p-map';
import type { Account } from '../../domain/account';
import { generatedHeaders } from '../../domain/mail';
import {
  type AddressedNotice,
  type Digest,
  deliveriesOf,
  groupIntoDigests,
} from '../../domain/notices/digest';
import { deliveryKey, type NoticeKind, recipientTag } from '../../domain/notices/keys';
import type { RenderedMessage } from '../../domain/notices/notice-mails';
import type { ClaimToken } from '../../domain/ports';
import { type HeldClaim, sendExactlyOnce } from '../claimed-sends';
import type { DeliveryOutcome, NoticeRunScope, PlannedNotice } from './notice-job';

/** A notice a job decided to send: who gets it, about which account. */
export interface ScheduledNotice extends AddressedNotice {
  kind: NoticeKind;
  account: Account;
}

/** Claims are kept about two years: far longer than any catch-up window looks back. */
export const CLAIM_TTL_DAYS = 800;
const SEND_CONCURRENCY = 4;
export const CLAIM_CONCURRENCY = 32;

/**
 * The label of the one message a delivery goes out in: a run sends each recipient one digest
 * per group, so (group, recipient) names it. Hashed: labels are stored, addresses are not.
 */
const messageLabel = (group: string, recipient: string) => `${group}#${recipientTag(recipient)}`;

/**
 * Exactly once per recipient: claim each (notice, recipient) under one token for this call and the
 * label of the message it will go in, group what this run won into one digest per recipient,
 * send, then mark the message's labels done: one write completes all the claims of a message
 * (or release them when the send failed, so a retry sends it; a sent message's claims are never
 * released). A dry run claims nothing and sends nothing: it lists what would go out.
 */
export async function deliverNotices<N extends ScheduledNotice>(
  scope: NoticeRunScope,
  notices: N[],
  render: (digest: Digest<N>) => RenderedMessage,
): Promise<DeliveryOutcome> {
  const { ctx, mode } = scope;
  const deliveries = notices.flatMap((notice) => deliveriesOf(notice));
  /** Delivery keys known to be sent (by this run or an earlier one). */
  const done = new Set<string>();
  /** The claims this run holds, by delivery key. */
  const tokens = new Map<string, ClaimToken>();
  const outcome: Omit<DeliveryOutcome, 'handled'> = {
    planned: deliveries.length,
    alreadySent: 0,
    inFlight: 0,
    sent: 0,
    failures: [],
    notices: [],
  };
  let won = deliveries;
  if (mode.dryRun) {
    const fresh = deliveries.filter((d) => !mode.seen?.has(deliveryKey(d.notice.key, d.recipient)));
    const sentBefore = await pMap(
      fresh,
      (d) => ctx.noticeState.isDone(deliveryKey(d.notice.key, d.recipient)),
      { concurrency: CLAIM_CONCURRENCY },
    );
    won = fresh.filter((_, i) => !sentBefore[i]);
    for (const d of won) mode.seen?.add(deliveryKey(d.notice.key, d.recipient));
  } else {
    // Leases follow the later of the job's time and the wall clock, so a retry of an old schedule can take over.
    const leaseNow = new Date(Math.max(scope.now.getTime(), Date.now()));
    // One token for the claims of this delivery: its marks complete them message by message.
    const owner = randomUUID() as ClaimToken;
    const claimed = await pMap(
      deliveries,
      async (d) => {
        const key = deliveryKey(d.notice.key, d.recipient);
        const token = await ctx.claims.claim(
          key,
          { job: scope.job, kind: d.notice.kind, accountId: d.notice.account.id, day: scope.today },
          {
            now: leaseNow,
            ttlDays: CLAIM_TTL_DAYS,
            owner,
            doneBy: messageLabel(d.notice.group, d.recipient),
          },
        );
        if (token) tokens.set(key, token);
        else if (await ctx.noticeState.isDone(key)) done.add(key);
        else outcome.inFlight++;
        return token;
      },
      { concurrency: CLAIM_CONCURRENCY },
    );
    won = deliveries.filter((_, i) => claimed[i]);
    outcome.alreadySent = deliveries.length - won.length;
  }
  await pMap(
    groupIntoDigests(won),
    async (digest) => {
      const message = render(digest);
      const planned: PlannedNotice = {
        date: scope.today,
        job: scope.job,
        kind: digest.notices[0]!.kind,
        to: digest.to,
        cc: digest.cc,
        subject: message.subject,
        accountIds: digest.notices.map((n) => n.account.id),
        text: message.text,
        html: message.html,
      };
      if (mode.dryRun) {
        outcome.notices.push(planned);
        return;
      }
      const recipients = [...digest.to, ...digest.cc];
      const held: HeldClaim[] = digest.notices.flatMap((n) =>
        recipients.map((r) => {
          const key = deliveryKey(n.key, r);
          return { key, token: tokens.get(key)! };
        }),
      );
      const result = await sendExactlyOnce(ctx, {
        what: 'notice',
        log: { job: scope.job, kind: planned.kind },
        claims: { held },
        mail: {
          to: digest.to,
          cc: digest.cc,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: generatedHeaders('notice', { bulk: true }),
        },
        // One write per recipient completes all the claims of this message.
        mark: { labels: recipients.map((r) => messageLabel(digest.group, r)), ttlDays: CLAIM_TTL_DAYS },
        onSendFailure: 'report',
      });
      if (result.outcome === 'not-sent') outcome.failures.push(result.error);
      if (result.outcome !== 'sent') return;
      outcome.notices.push(planned);
      outcome.sent++;
      if (result.marked) for (const { key } of held) done.add(key);
      else outcome.failures.push(result.error);
    },
    { concurrency: SEND_CONCURRENCY },
  );
  // A notice is handled when every one of its recipients has it.
  const handled = new Set(
    notices
      .filter((n) => deliveriesOf(n).every((d) => done.has(deliveryKey(n.key, d.recipient))))
      .map((n) => n.key),
  );
  return { ...outcome, handled };
}
