import type { Language } from '../../config/schema';
import {
  helpdeskAlmaAction,
  helpdeskAlmaBlock,
  helpdeskExpiryAction,
  helpdeskNothingInAlma,
  managerAlmaSentence,
} from '../../domain/alma/answer-parts';
import type { LinkApprovalInput } from '../../domain/alma/helpdesk-mails';
import { helpdeskAction } from '../../domain/mail';
import type { InboundPlan, RecordedPlan } from '../../domain/requests';
import { AlreadyExistsError, ConcurrentUpdateError, PlanOvertakenError } from '../../errors';
import { type AlmaSyncResult, provisionAccount, syncAlmaExpiry } from '../alma/provision';
import type { AppContext } from '../context';
import { renderAnswer } from './inbound-answers';
import type { InboundMail } from './ingest-result';

/** What the answers need of Alma's answer, recorded once with the plan so a retry says the same. */
export interface AlmaOutcome {
  outcome: AlmaSyncResult['outcome'];
  primaryId?: string;
  answer?: string;
  /** The user's expiry date in Alma after a date change ('none' for no end). */
  expiry?: string;
  /** `awaiting-link`: the question the helpdesk copy asks (the user Alma has, the link). */
  link?: LinkApprovalInput;
}

function almaOutcomeOf(result: AlmaSyncResult): AlmaOutcome {
  if (result.outcome === 'failed')
    return { outcome: 'failed', primaryId: result.primaryId, answer: result.error.message };
  if (result.outcome === 'awaiting-link')
    return {
      outcome: result.outcome,
      primaryId: result.primaryId,
      answer: result.answer,
      link: {
        primaryId: result.primaryId,
        held: result.held,
        dates: result.dates,
        accountEmail: result.account.email,
        approvalUrl: result.approvalUrl,
        changed: result.changed,
        emailDiffers: result.emailDiffers,
      },
    };
  if ('answer' in result)
    return {
      outcome: result.outcome,
      primaryId: result.primaryId,
      answer: result.answer,
      ...(result.outcome === 'updated' || result.outcome === 'in-sync'
        ? { expiry: result.account.deactivationDate ?? result.account.endDate ?? 'none' }
        : {}),
    };
  if (result.outcome === 'skipped') return { outcome: result.outcome, answer: result.reason };
  return { outcome: result.outcome };
}

/** The Alma words of the answers, from the recorded outcome (new accounts in `auto` mode). */
function almaWords(
  plan: InboundPlan,
  outcome: AlmaOutcome | undefined,
  managerLanguage: Language,
  helpdesk: Language,
) {
  const kind = plan.result.kind;
  if (!outcome) return undefined;
  const accountId = plan.alma?.accountId ?? '';
  if (outcome.outcome === 'awaiting-link' && outcome.link)
    return {
      manager: managerAlmaSentence(managerLanguage, 'awaiting-link'),
      action: helpdeskAlmaAction(helpdesk, 'awaiting-link'),
      block: helpdeskAlmaBlock(helpdesk, { status: 'awaiting-link', ...outcome.link }),
    };
  if (outcome.outcome === 'created' || outcome.outcome === 'linked')
    return {
      // What really happened: a user Alma already had is linked, not created.
      manager: managerAlmaSentence(managerLanguage, outcome.outcome),
      action: helpdeskAlmaAction(helpdesk, outcome.outcome),
      block: helpdeskAlmaBlock(helpdesk, {
        status: outcome.outcome,
        primaryId: outcome.primaryId ?? '',
        answer: outcome.answer ?? '',
      }),
    };
  if (outcome.outcome === 'failed')
    return {
      manager: managerAlmaSentence(managerLanguage, 'by-helpdesk'),
      action: helpdeskAlmaAction(helpdesk, 'failed'),
      block: helpdeskAlmaBlock(helpdesk, { status: 'failed', accountId, answer: outcome.answer ?? '' }),
    };
  return {
    manager: managerAlmaSentence(managerLanguage, 'by-helpdesk'),
    action: helpdeskAction(helpdesk, kind),
    block: '',
  };
}

/** The copy's action line after a renewal or closure moved (or could not move) the Alma user's dates. */
function expiryWords(plan: InboundPlan, outcome: AlmaOutcome | undefined, helpdesk: Language) {
  const todo = helpdeskAction(helpdesk, plan.result.kind);
  const nothing =
    outcome?.outcome === 'skipped' ? helpdeskNothingInAlma(helpdesk, outcome.answer) : undefined;
  const action =
    nothing ??
    (outcome?.expiry !== undefined
      ? helpdeskExpiryAction(helpdesk, { done: true, expiry: outcome.expiry })
      : outcome && outcome.outcome !== 'off'
        ? helpdeskExpiryAction(helpdesk, { done: false, todo, answer: outcome.answer ?? outcome.outcome })
        : todo);
  return { manager: '', action, block: '' };
}

/** The account change of the plan; a retry finds its own change (by the messageId in the history). */
async function changeAccount(ctx: Pick<AppContext, 'accounts'>, plan: InboundPlan): Promise<void> {
  const effect = plan.account;
  if (!effect) return;
  const ours = async (accountId: string) =>
    (await ctx.accounts.history(accountId)).some((e) => e.messageId === plan.messageId);
  if (effect.kind === 'history') return ctx.accounts.appendHistory(effect.event, effect.eventId);
  try {
    if (effect.kind === 'create') await ctx.accounts.create(effect.account, effect.event);
    else await ctx.accounts.update(effect.next, effect.event);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError || error instanceof ConcurrentUpdateError)) throw error;
    if (effect.kind === 'create') {
      const existing = (
        await ctx.accounts.findByEmail(effect.account.email, effect.account.institution)
      ).find((a) => a.status !== 'closed');
      if (existing && (await ours(existing.id))) return;
    } else if (await ours(effect.next.id)) return;
    throw new PlanOvertakenError('the account changed after this mail was decided', { cause: error });
  }
}

async function writeRequest(ctx: Pick<AppContext, 'requests'>, plan: InboundPlan): Promise<void> {
  if (!plan.request) return;
  try {
    await ctx.requests.putRequest(plan.request);
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    const stored = await ctx.requests.getRequest(plan.request.reference);
    if (stored?.messageIds.includes(plan.messageId)) return;
    throw new PlanOvertakenError('the request changed after this mail was decided', { cause: error });
  }
}

/**
 * Carries out a recorded plan, or what is left of it: the account change, the Alma step, the
 * request record, then each answer SES has not accepted yet (marked sent one by one). A retry
 * runs the same steps again; each is safe to repeat. PlanOvertakenError when a change it was
 * decided on is no longer true and nothing of it reached anyone yet.
 */
export async function carryOutPlan(
  ctx: AppContext,
  mail: InboundMail,
  recorded: RecordedPlan,
): Promise<void> {
  const { plan } = recorded;
  const nothingSent = Object.keys(recorded.sent).length === 0;
  try {
    await changeAccount(ctx, plan);
  } catch (error) {
    if (error instanceof PlanOvertakenError && !nothingSent) {
      ctx.logger.warn('plan step overtaken after answers went out; kept as decided', { step: 'account' });
    } else throw error;
  }
  let alma = recorded.outcomes.alma as AlmaOutcome | undefined;
  if (plan.alma && !alma) {
    const via = plan.result.reference ?? plan.messageId;
    const actor = plan.request?.sender ?? 'inbound-mail';
    const result =
      plan.alma.kind === 'provision'
        ? await provisionAccount(ctx, plan.alma.accountId, { actor, via, notify: false, now: mail.now })
        : await syncAlmaExpiry(ctx, plan.alma.accountId, { actor, via, now: mail.now });
    alma = almaOutcomeOf(result);
    await ctx.requests.recordOutcome(plan.messageId, 'alma', alma);
    // Another attempt may have recorded first: its outcome is the one the answers tell.
    alma = ((await ctx.requests.getPlan(plan.messageId))?.outcomes.alma as AlmaOutcome | undefined) ?? alma;
  }
  if (nothingSent) await writeRequest(ctx, plan);
  else
    await writeRequest(ctx, plan).catch((error) => {
      if (!(error instanceof PlanOvertakenError)) throw error;
    });
  const words =
    plan.alma?.kind === 'provision'
      ? almaWords(plan, alma, (plan.request?.language ?? 'en') as Language, ctx.config.alerts.language)
      : plan.alma?.kind === 'sync-expiry'
        ? expiryWords(plan, alma, ctx.config.alerts.language)
        : undefined;
  // The answers are independent of each other: sent together, each marked as SES accepts it.
  const sending = await Promise.allSettled(
    plan.answers
      .filter((answer) => !recorded.sent[answer.id])
      .map(async (answer) => {
        const { messageId } = await ctx.mailer.send(renderAnswer(answer, words, mail.raw));
        // Between SES accepting and this mark is the one place a crash sends an answer twice.
        await ctx.requests.markAnswerSent(plan.messageId, answer.id, messageId);
        recorded.sent[answer.id] = messageId;
      }),
  );
  const failed = sending.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}
