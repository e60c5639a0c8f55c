import type { AccountEvent } from '../../domain/account';
import { generatedHeaders } from '../../domain/mail';
import {
  decideFeedback,
  feedbackIdOf,
  feedbackOf,
  type HelpdeskReason,
  type RecipientFeedback,
  receivesNotices,
  type SesFeedbackNotification,
} from '../../domain/mail-feedback';
import { recipientTag } from '../../domain/notices/keys';
import {
  bounceQuestionMessage,
  feedbackHelpdeskMessage,
  type RenderedMessage,
} from '../../domain/notices/notice-mails';
import { signLink } from '../../domain/notices/token';
import { ConcurrentUpdateError, FeedbackInFlightError } from '../../errors';
import { pseudonym } from '../../logging';
import { sendExactlyOnce } from '../claimed-sends';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { CLAIM_TTL_DAYS } from '../notices/delivery';
import { decisionUrl, helpdeskLanguage, institutionOf, portalAccountUrl } from '../notices/recipients';

/** The ses-feedback function's timeout (infra/stack.ts uses it). */
export const SES_FEEDBACK_TIMEOUT_SECONDS = 60;
/**
 * A feedback's claim outlives the invocation holding it, and no more: SNS's retry of a crashed
 * invocation (Lambda's async retries come after 1 and 2 minutes) finds it free again.
 */
export const FEEDBACK_CLAIM_LEASE_SECONDS = SES_FEEDBACK_TIMEOUT_SECONDS + 30;
/** How long the managers' "close / keep" links work. */
export const BOUNCE_LINK_DAYS = 60;

export interface FeedbackReport {
  outcome: 'handled' | 'duplicate' | 'ignored';
  feedbackId: string | null;
  recipients: number;
  /** Addresses made undeliverable or complained by this notification. */
  acted: number;
  messages: number;
}

/**
 * One SES notification (from the configuration set's SNS topic), handled once per feedback id:
 * a claim held while its steps run, each of them safe to run again (the address counts a
 * feedback id once, history lines and messages are keyed), completed at the end. A failure
 * gives the claim back and fails the invocation, so the retry carries the rest out.
 */
export async function handleSesFeedback(
  ctx: AppContext,
  notification: SesFeedbackNotification,
  now: Date,
): Promise<FeedbackReport> {
  const feedbackId = feedbackIdOf(notification);
  const lines = feedbackOf(notification);
  if (!feedbackId || !lines.length)
    return { outcome: 'ignored', feedbackId, recipients: 0, acted: 0, messages: 0 };
  const key = `ses-feedback#${feedbackId}`;
  const token = await ctx.claims.claim(
    key,
    { kind: 'ses-feedback' },
    {
      now: new Date(Math.max(now.getTime(), Date.now())),
      leaseSeconds: FEEDBACK_CLAIM_LEASE_SECONDS,
      ttlDays: CLAIM_TTL_DAYS,
    },
  );
  if (!token) {
    if (await ctx.claims.isDone(key))
      return { outcome: 'duplicate', feedbackId, recipients: lines.length, acted: 0, messages: 0 };
    throw new FeedbackInFlightError(`SES feedback ${feedbackId} is being handled by another invocation`);
  }
  const report: FeedbackReport = {
    outcome: 'handled',
    feedbackId,
    recipients: lines.length,
    acted: 0,
    messages: 0,
  };
  try {
    for (const line of lines) {
      const { acted, messages } = await handleRecipient(ctx, line, now);
      if (acted) report.acted++;
      report.messages += messages;
    }
  } catch (error) {
    await ctx.claims.release(key, token).catch(() => undefined);
    throw error;
  }
  await ctx.claims.complete(key, token, { recipients: lines.length });
  return report;
}

async function handleRecipient(
  ctx: AppContext,
  f: RecipientFeedback,
  now: Date,
): Promise<{ acted: boolean; messages: number }> {
  const managerOf = ctx.config.institutions.filter((i) => i.managers.includes(f.email)).map((i) => i.code);
  let plan: ReturnType<typeof decideFeedback> | undefined;
  for (let attempt = 1; !plan; attempt++) {
    const [standing, ownAccounts] = await Promise.all([
      ctx.feedback.get(f.email),
      ctx.accounts.findByEmail(f.email),
    ]);
    const open = ownAccounts.filter((a) => a.status !== 'closed');
    const decided = decideFeedback({
      feedback: f,
      standing,
      ownAccounts,
      staffAddress: open.length === 0 && (f.mailKind === 'notice' || f.mailKind === 'staff'),
      managerOf,
      transientLimit: ctx.config.notices.transientBounceLimit,
    });
    try {
      if (decided.standing) await ctx.feedback.put(decided.standing);
      plan = decided;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 3) throw error;
    }
  }
  const tag = recipientTag(f.email);
  for (const line of plan.history) {
    const event: AccountEvent = {
      accountId: line.accountId,
      // SES's time of the bounce, not this attempt's: the line's key is (at, id), so a retry rewrites the same line.
      at: stableInstant(f.at, now),
      actor: 'ses',
      action: line.action,
      reason: line.reason,
      messageId: f.sesMessageId,
    };
    await ctx.accounts.appendHistory(event, `feedback-${f.feedbackId}-${tag}`);
  }
  let messages = 0;
  for (const accountId of plan.askManagers) if (await askManagers(ctx, accountId, f, now)) messages++;
  for (const tell of plan.tellHelpdesk) if (await tellHelpdesk(ctx, tell, f, managerOf, now)) messages++;
  ctx.logger.info('ses feedback', {
    kind: f.kind,
    detail: f.detail,
    mailKind: f.mailKind,
    address: pseudonym(f.email),
    acted: plan.acted,
    history: plan.history.length,
  });
  return { acted: plan.acted, messages };
}

function stableInstant(text: string, fallback: Date): string {
  const t = Date.parse(text);
  return Number.isNaN(t) ? fallback.toISOString() : new Date(t).toISOString();
}

/** Addresses that still take notices (a manager's own address may bounce too). */
async function reachable(ctx: Pick<AppContext, 'feedback'>, addresses: readonly string[]): Promise<string[]> {
  const standings = await ctx.feedback.getMany(addresses);
  return addresses.filter((a) => receivesNotices(standings.get(a.toLowerCase())));
}

async function askManagers(
  ctx: AppContext,
  accountId: string,
  f: RecipientFeedback,
  now: Date,
): Promise<boolean> {
  const account = await ctx.accounts.get(accountId);
  if (!account || account.status === 'closed') return false;
  const institution = institutionOf(ctx.config, account.institution);
  const to = await reachable(ctx, institution.managers);
  if (!to.length) {
    ctx.logger.warn('no reachable manager to ask about a bounce', { institution: account.institution });
    return false;
  }
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + BOUNCE_LINK_DAYS * 86_400;
  const link = async (decision: 'close' | 'keep') =>
    decisionUrl(ctx.config, await signLink({ purpose: 'bounce', accountId, decision, expiresAt }, key));
  const message = bounceQuestionMessage(institution.language, {
    mailbox: ctx.config.mailbox,
    institutionName: institution.name,
    fullName: account.fullName,
    email: account.email,
    accountId,
    detail: f.detail,
    closeUrl: await link('close'),
    keepUrl: await link('keep'),
    portalUrl: portalAccountUrl(ctx.config, accountId),
  });
  // Once per account and address: a second bounce of the same address asks nobody again.
  return sendOnce(ctx, `bounce-ask#${accountId}#${recipientTag(f.email)}`, to, message, now);
}

async function tellHelpdesk(
  ctx: AppContext,
  tell: { key: string; reason: HelpdeskReason },
  f: RecipientFeedback,
  managerOf: string[],
  now: Date,
): Promise<boolean> {
  const language = helpdeskLanguage(ctx.config);
  const roles = managerOf.map((code) => `manager: ${institutionOf(ctx.config, code).name} (${code})`);
  if (tell.reason === 'staff-bounce' && !managerOf.length) roles.push('supervisor (no account of their own)');
  const message = feedbackHelpdeskMessage(language, {
    mailbox: ctx.config.mailbox,
    reason: tell.reason,
    email: f.email,
    detail: f.detail,
    reference: tell.reason === 'answer-bounce' ? f.requestReference : null,
    roles,
  });
  return sendOnce(ctx, `feedback-helpdesk#${tell.key}`, [ctx.config.helpdesk], message, now);
}

/**
 * Claim, send, complete: released only when the send itself failed (then this throws, and the
 * notification's retry sends it), never after SES accepted it.
 */
async function sendOnce(
  ctx: AppContext,
  key: string,
  to: string[],
  message: RenderedMessage,
  now: Date,
): Promise<boolean> {
  const sent = await sendExactlyOnce(ctx, {
    what: 'feedback message',
    claims: {
      key,
      details: { kind: 'ses-feedback-message' },
      options: {
        now: new Date(Math.max(now.getTime(), Date.now())),
        leaseSeconds: FEEDBACK_CLAIM_LEASE_SECONDS,
        ttlDays: CLAIM_TTL_DAYS,
      },
    },
    mail: {
      to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: generatedHeaders('feedback'),
    },
  });
  if (sent.outcome === 'already-sent') return false;
  // Held by an invocation that crashed before sending: the retry takes it over after the lease.
  if (sent.outcome === 'held')
    throw new FeedbackInFlightError('a feedback message is held by another invocation');
  return true;
}
