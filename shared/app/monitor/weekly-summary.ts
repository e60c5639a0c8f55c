import { getISODay } from 'date-fns';
import { addDays, brusselsDate, brusselsStartOfDay } from '../../domain/calendar';
import { generatedHeaders } from '../../domain/mail';
import { recipientsOf } from '../../domain/monitor/alerts';
import { availabilityOfDays } from '../../domain/monitor/availability';
import { monitorTargets } from '../../domain/monitor/targets';
import {
  episodesOf,
  renderWeeklySummary,
  type SummaryTarget,
} from '../../domain/monitor/weekly-summary-mail';
import { sendExactlyOnce } from '../claimed-sends';
import type { AppContext, JobReport } from '../context';

/**
 * The weekly summary (opt-in, `monitor.weeklySummary`): the last full Brussels week, Monday to
 * Sunday, per environment and institution its episodes with their durations (from that week's
 * checks) and its availability (from the daily roll-up), to `alerts.recipients`; once per week (claim).
 */
export async function runStatusSummary(ctx: AppContext, now: Date): Promise<JobReport> {
  const today = brusselsDate(now);
  const monday = addDays(today, -(getISODay(new Date(`${today}T12:00:00Z`)) - 1) - 7);
  const sunday = addDays(monday, 6);
  const base = { job: 'status-summary' as const, now: now.toISOString(), week: monday };
  if (!ctx.config.monitor.weeklySummary) return { ...base, sent: 0, itemsRead: 0, skipped: 'off' };
  const from = brusselsStartOfDay(monday);
  const to = brusselsStartOfDay(addDays(sunday, 1));
  let itemsRead = 0;
  const targets: SummaryTarget[] = await Promise.all(
    monitorTargets(ctx.config).map(async (target) => {
      const [checks, days] = await Promise.all([
        ctx.monitor.checks(target.id, from, new Date(to.getTime() - 1)),
        ctx.monitor.days(target.id, monday, sunday),
      ]);
      itemsRead += checks.itemsRead + days.itemsRead;
      return {
        name: target.kind === 'institution' ? `${target.name} (${target.code})` : target.name,
        availability: availabilityOfDays(days.items),
        episodes: episodesOf(checks.items, ctx.config.monitor.failuresBeforeAlert, to),
      };
    }),
  );
  const { subject, text } = renderWeeklySummary(
    { from: monday, to: sunday },
    targets,
    ctx.config.alerts.language,
  );
  const recipients = recipientsOf('alerts', {
    helpdesk: ctx.config.helpdesk,
    recipients: ctx.config.alerts.recipients,
    operators: ctx.config.alerts.operators,
  });
  const key = `status-summary#${monday}`;
  // A failed send gives the claim back and fails the run: the scheduler's retry sends it.
  const result = await sendExactlyOnce(ctx, {
    what: 'status summary',
    log: { key },
    claims: { key, details: base, options: { now, ttlDays: ctx.config.retention.monitorHistoryDays } },
    mail: { to: recipients, subject, text, headers: generatedHeaders('status', { bulk: true }) },
  });
  if (result.outcome !== 'sent') return { ...base, sent: 0, itemsRead, skipped: 'already sent' };
  return { ...base, sent: 1, itemsRead, episodes: targets.reduce((n, t) => n + t.episodes.length, 0) };
}
