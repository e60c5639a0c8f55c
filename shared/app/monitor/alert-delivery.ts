import { generatedHeaders } from '../../domain/mail';
import { renderAlertMail } from '../../domain/monitor/alert-mail';
import { type AlertMail, recipientsOf } from '../../domain/monitor/alerts';
import { acknowledgeAlert } from '../../domain/monitor/state-machine';
import type { AlertIntent, MonitorTarget, TargetState } from '../../domain/monitor/types';
import { ALERT_CLAIM_LEASE_SECONDS, type ClaimToken } from '../../domain/ports';
import { ConcurrentUpdateError } from '../../errors';
import { type HeldClaim, sendExactlyOnce } from '../claimed-sends';
import type { AppContext } from '../context';

const MAX_WRITE_ATTEMPTS = 5;

/** A target as one run left it: its stored state, the target itself. */
export interface SettledTarget {
  target: MonitorTarget;
  stored: TargetState;
}

export interface MonitorCounters {
  itemsRead: number;
  conflicts: number;
}

/** Marks sent alerts as told on their targets' states (re-reading on a concurrent write). */
export async function acknowledgeAlerts(
  ctx: Pick<AppContext, 'monitor'>,
  settled: SettledTarget,
  told: AlertIntent[],
  now: Date,
  counters: MonitorCounters,
): Promise<void> {
  let state = settled.stored;
  for (let attempt = 1; ; attempt++) {
    const next = told.reduce((s, alert) => acknowledgeAlert(s, alert, now), state);
    try {
      await ctx.monitor.putState(next);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      counters.conflicts += 1;
      counters.itemsRead += 1;
      const fresh = await ctx.monitor.getState(settled.target.id);
      if (!fresh) return;
      state = fresh;
    }
  }
}

export interface MailOutcome {
  kind: string;
  targets: string[];
  subject?: string;
  outcome: 'sent' | 'duplicate' | 'failed';
}

/**
 * Claims every alert of a mail, sends it naming those claimed, then completes the claims (or
 * releases them when the send failed). An alert whose claim is already done went out in an
 * earlier run whose acknowledgement was lost: it counts as told now, so the state catches up
 * (reminders and the recovery follow) instead of owing it forever.
 */
export async function sendAlertMail(
  ctx: AppContext,
  mail: AlertMail,
  now: Date,
): Promise<{ outcome: MailOutcome; told: AlertIntent[] }> {
  // Keys are claimed in one order and the first decides: two runs planning the same mail never split it.
  const byKey = [...mail.intents].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const won = new Map<AlertIntent, ClaimToken>();
  const toldBefore: AlertIntent[] = [];
  for (const [index, intent] of byKey.entries()) {
    const details = {
      job: 'status-check',
      target: intent.target.id,
      kind: intent.kind,
      at: now.toISOString(),
    };
    const token = await ctx.claims.claim(intent.key, details, {
      now,
      leaseSeconds: ALERT_CLAIM_LEASE_SECONDS,
      ttlDays: ctx.config.retention.monitorHistoryDays,
    });
    if (token) won.set(intent, token);
    else if (await ctx.claims.isDone(intent.key)) toldBefore.push(intent);
    else if (index === 0) break;
  }
  const claimed = mail.intents.filter((i) => won.has(i));
  const targets = mail.intents.map((i) => i.target.id);
  if (claimed.length === 0)
    return { outcome: { kind: mail.kind, targets, outcome: 'duplicate' }, told: toldBefore };
  // A mail names the whole environment only when this run claimed every one of its alerts.
  const toSend: AlertMail = {
    kind: mail.kind,
    audience: mail.audience,
    intents: claimed,
    ...(mail.wholeEnvironment && claimed.length === mail.intents.length
      ? { wholeEnvironment: mail.wholeEnvironment }
      : {}),
  };
  const { subject, text } = renderAlertMail(toSend, ctx.config.alerts.language, {
    statusPageUrl: ctx.config.monitor.statusPageUrl,
    now,
  });
  const to = recipientsOf(mail.audience, {
    helpdesk: ctx.config.helpdesk,
    recipients: ctx.config.alerts.recipients,
    operators: ctx.config.alerts.operators,
  });
  const held: HeldClaim[] = claimed.map((i) => ({ key: i.key, token: won.get(i)! }));
  // Not sent: given back, and the state does not record it as told, so the next run owes it again.
  // Sent: told, whatever happens to the bookkeeping (a claim left held only delays a repeat).
  const result = await sendExactlyOnce(ctx, {
    what: 'status alert',
    log: { kind: mail.kind, targets },
    claims: { held },
    mail: { to, subject, text, headers: generatedHeaders('status', { bulk: true }) },
    onSendFailure: 'report',
  });
  if (result.outcome !== 'sent')
    return { outcome: { kind: mail.kind, targets, subject, outcome: 'failed' }, told: toldBefore };
  return {
    outcome: { kind: mail.kind, targets: claimed.map((i) => i.target.id), subject, outcome: 'sent' },
    told: [...claimed, ...toldBefore],
  };
}
