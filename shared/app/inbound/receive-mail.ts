import type { InboundPlan, IngestResult } from '../../domain/requests';
import { MessageInFlightError, PlanOvertakenError } from '../../errors';
import { messageRef } from '../../logging';
import type { AppContext } from '../context';
import { carryOutPlan } from './carry-out-plan';
import type { InboundMail } from './ingest-result';
import { planInboundMail } from './plan-mail';

/** Outside Lambda a delivery gets this long before another one may take over (its holder died). */
const LOCAL_ATTEMPT_MS = 120_000;
/** A plan overtaken before anything of it went out is decided again, a few times at most. */
const MAX_DECISIONS = 3;

/**
 * One inbound mail, start to end, as the Lambda and `alma-accounts ingest` run it. Once per SES
 * messageId (the inbound ledger): decide (read state, write nothing) → record the plan → carry it
 * out. A failed attempt leaves the plan recorded; the retry carries out the same plan, sending
 * only the answers SES has not accepted yet, and never decides again. A second delivery of a
 * handled message is `duplicate` and changes nothing.
 */
export async function receiveInboundMail(
  ctx: AppContext,
  mail: InboundMail,
  /** What decides the plan: a mail's reading (the default), or the portal's form, read as the same mail. */
  planner: (ctx: AppContext, mail: InboundMail) => Promise<InboundPlan> = planInboundMail,
): Promise<IngestResult> {
  const remaining = ctx.remainingTimeMs ?? (() => LOCAL_ATTEMPT_MS);
  try {
    const { value, replayed } = await ctx.inbound.once(mail.messageId, remaining, () =>
      handleMessage(ctx, mail, planner),
    );
    if (!replayed) return value;
    ctx.logger.info('duplicate delivery', { messageId: messageRef(mail.messageId) });
    return { ...value, outcome: 'duplicate' };
  } catch (error) {
    if (!(error instanceof MessageInFlightError) || mail.whenInFlight === 'retry') throw error;
    ctx.logger.info('delivery while another is in flight', { messageId: messageRef(mail.messageId) });
    return {
      messageId: mail.messageId,
      outcome: 'duplicate',
      kind: 'other',
      reference: null,
      missing: [],
      reason: 'being processed by another delivery',
      account: null,
    };
  }
}

async function handleMessage(
  ctx: AppContext,
  mail: InboundMail,
  planner: (ctx: AppContext, mail: InboundMail) => Promise<InboundPlan>,
): Promise<IngestResult> {
  for (let decision = 1; ; decision++) {
    let recorded = await ctx.requests.getPlan(mail.messageId);
    if (!recorded) {
      const plan = await planner(ctx, mail);
      recorded = (await ctx.requests.putPlan(plan, mail.now))
        ? { plan, sent: {}, outcomes: {} }
        : await ctx.requests.getPlan(mail.messageId);
      if (!recorded) throw new Error(`plan of ${messageRef(mail.messageId)} vanished`);
    }
    try {
      await carryOutPlan(ctx, mail, recorded);
    } catch (error) {
      // Decided on a state another mail changed first, nothing sent yet: decide again.
      if (
        error instanceof PlanOvertakenError &&
        decision < MAX_DECISIONS &&
        (await ctx.requests.dropPlan(mail.messageId))
      )
        continue;
      throw error;
    }
    const { plan } = recorded;
    ctx.logger.info('mail processed', {
      messageId: messageRef(mail.messageId),
      outcome: plan.result.outcome,
      kind: plan.result.kind,
      reference: plan.result.reference,
      reason: plan.result.reason,
      answers: plan.answers.length,
    });
    return { messageId: mail.messageId, ...plan.result };
  }
}
