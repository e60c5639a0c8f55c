import { DynamoDbMonitorStore } from '../../shared/adapters/dynamodb/monitor-store';
import { probeAlmaApi, probeAlmaUrl } from '../../shared/adapters/http/alma-probes';
import { createStatusSource } from '../../shared/adapters/http/status-sources';
import type { AppContext, JobReport } from '../../shared/app/context';
import type { Institution } from '../../shared/config/schema';
import { type AlertMail, planAlertMails, recipientsOf } from '../../shared/domain/monitor/alerts';
import {
  type Availability,
  type AvailabilityWindow,
  availabilityWindows,
} from '../../shared/domain/monitor/availability';
import { unreadable } from '../../shared/domain/monitor/sources';
import { acknowledgeAlert, evaluateTarget } from '../../shared/domain/monitor/state-machine';
import {
  environmentMembers,
  environmentObservation,
  institutionObservation,
  monitorTargets,
} from '../../shared/domain/monitor/targets';
import { renderAlertMail } from '../../shared/domain/monitor/texts';
import type {
  AlertIntent,
  MonitorSettings,
  MonitorTarget,
  Observation,
  SourceReading,
  StatusVerdict,
  TargetState,
} from '../../shared/domain/monitor/types';
import { ConcurrentUpdateError } from '../../shared/errors';

/**
 * One run of the status monitor: read Ex Libris and probe every institution in parallel (each
 * request with its own timeout), decide per target (pure state machine), store the state with
 * a version check, then send the alerts owed, each claimed once so overlapping runs never send
 * the same alert twice.
 */

const MAX_WRITE_ATTEMPTS = 5;

export interface RunOptions {
  /** The HTTP client of the sources and probes (tests and the bench pass their own). */
  fetch?: typeof fetch;
}

interface Settled {
  target: MonitorTarget;
  observation: Observation;
  stored: TargetState;
  alerts: AlertIntent[];
}

function settingsOf(ctx: AppContext): MonitorSettings {
  const { failuresBeforeAlert, successesBeforeRecovery, reminderEveryMinutes } = ctx.config.monitor;
  return { failuresBeforeAlert, successesBeforeRecovery, reminderEveryMinutes };
}

/** What Ex Libris says per environment: one request per distinct source, all in parallel. */
async function readExlibris(ctx: AppContext, now: Date, fetchImpl: typeof fetch | undefined) {
  const bySource = new Map<
    string,
    { source: (typeof ctx.config.monitor.environments)[number]['source']; names: string[] }
  >();
  for (const environment of ctx.config.monitor.environments) {
    const key = JSON.stringify(environment.source);
    const group = bySource.get(key) ?? { source: environment.source, names: [] };
    group.names.push(environment.name);
    bySource.set(key, group);
  }
  const readings = new Map<string, SourceReading>();
  await Promise.all(
    [...bySource.values()].map(async ({ source, names }) => {
      const reader = createStatusSource(source, ctx.secrets, {
        timeoutMs: ctx.config.monitor.timeoutMs,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
      for (const [name, reading] of await reader.read(names, now)) readings.set(name, reading);
    }),
  );
  return readings;
}

/** Our two probes of one institution, in parallel. */
async function probeInstitution(
  ctx: AppContext,
  institution: Institution,
  fetchImpl: typeof fetch | undefined,
): Promise<SourceReading[]> {
  const options = { timeoutMs: ctx.config.monitor.timeoutMs, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  const probes: Promise<SourceReading>[] = [];
  if (institution.almaApiBase) {
    const apiBase = institution.almaApiBase;
    probes.push(
      (async () => {
        if (!institution.almaApiKeySecret) return unreadable('alma-api', 'no almaApiKeySecret configured');
        let apiKey: string;
        try {
          apiKey = await ctx.secrets.get(institution.almaApiKeySecret);
        } catch (error) {
          return unreadable('alma-api', `API key unavailable (${(error as Error).name})`);
        }
        return probeAlmaApi({ apiBase, apiKey }, options);
      })(),
    );
  }
  if (institution.almaUrl) probes.push(probeAlmaUrl({ url: institution.almaUrl }, options));
  return Promise.all(probes);
}

/**
 * One observation promise per target, each resolving as soon as its own probes (and Ex Libris)
 * have answered, so fast targets are stored while slow ones are still being waited for.
 */
function observeEach(
  ctx: AppContext,
  targets: MonitorTarget[],
  now: Date,
  fetchImpl?: typeof fetch,
): Promise<Observation>[] {
  const institutions = new Map(ctx.config.institutions.map((i) => [i.code, i]));
  const exlibris = readExlibris(ctx, now, fetchImpl);
  return targets.map(async (target): Promise<Observation> => {
    if (target.kind === 'environment') {
      const reading = (await exlibris).get(target.name);
      return environmentObservation(
        target,
        reading ?? unreadable('status-page', 'no reading for this environment'),
      );
    }
    const [probes, readings] = await Promise.all([
      probeInstitution(ctx, institutions.get(target.code)!, fetchImpl),
      exlibris,
    ]);
    return institutionObservation(
      target,
      probes,
      target.environment ? readings.get(target.environment) : undefined,
    );
  });
}

/** Decide and store one target; on a concurrent write, read again and decide again from the newer state. */
async function settle(
  store: DynamoDbMonitorStore,
  target: MonitorTarget,
  observation: Observation,
  previous: TargetState | undefined,
  settings: MonitorSettings,
  now: Date,
  counters: { itemsRead: number; conflicts: number },
): Promise<Settled> {
  let prior = previous;
  for (let attempt = 1; ; attempt++) {
    const { next, alerts } = evaluateTarget(prior, observation, settings, now);
    try {
      const stored = await store.putState(next);
      return { target, observation, stored, alerts };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      counters.conflicts += 1;
      counters.itemsRead += 1;
      prior = await store.getState(target.id);
    }
  }
}

/** Marks sent alerts as told on their targets' states (re-reading on a concurrent write). */
async function acknowledge(
  store: DynamoDbMonitorStore,
  settled: Settled,
  told: AlertIntent[],
  now: Date,
  counters: { itemsRead: number; conflicts: number },
): Promise<void> {
  let state = settled.stored;
  for (let attempt = 1; ; attempt++) {
    const next = told.reduce((s, alert) => acknowledgeAlert(s, alert, now), state);
    try {
      await store.putState(next);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      counters.conflicts += 1;
      counters.itemsRead += 1;
      const fresh = await store.getState(settled.target.id);
      if (!fresh) return;
      state = fresh;
    }
  }
}

interface MailOutcome {
  kind: string;
  targets: string[];
  subject?: string;
  outcome: 'sent' | 'duplicate' | 'failed';
}

/** Claims every alert of a mail, sends it naming those claimed, completes or releases the claims. */
async function sendMail(
  ctx: AppContext,
  mail: AlertMail,
  now: Date,
): Promise<{ outcome: MailOutcome; told: AlertIntent[] }> {
  // Keys are claimed in one order and the first decides: two runs planning the same mail never split it.
  const byKey = [...mail.intents].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const won = new Set<AlertIntent>();
  for (const [index, intent] of byKey.entries()) {
    const details = {
      job: 'status-check',
      target: intent.target.id,
      kind: intent.kind,
      at: now.toISOString(),
    };
    const ok = await ctx.claims.claim(intent.key, details, {
      now,
      ttlDays: ctx.config.retention.monitorHistoryDays,
    });
    if (ok) won.add(intent);
    else if (index === 0) break;
  }
  const claimed = mail.intents.filter((i) => won.has(i));
  const targets = mail.intents.map((i) => i.target.id);
  if (claimed.length === 0) return { outcome: { kind: mail.kind, targets, outcome: 'duplicate' }, told: [] };
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
  try {
    const { messageId } = await ctx.mailer.send({
      to,
      subject,
      text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Alma-Accounts-Reference': 'status' },
    });
    await Promise.all(claimed.map((i) => ctx.claims.complete(i.key, { messageId })));
    return {
      outcome: { kind: mail.kind, targets: claimed.map((i) => i.target.id), subject, outcome: 'sent' },
      told: claimed,
    };
  } catch (error) {
    // Given back: the state does not record it as told, so the next run owes it again.
    await Promise.all(claimed.map((i) => ctx.claims.release(i.key)));
    ctx.logger.error('status alert not sent', { kind: mail.kind, targets, error: error as Error });
    return { outcome: { kind: mail.kind, targets, subject, outcome: 'failed' }, told: [] };
  }
}

/** The verdict kept in history: probe failures inside an announced maintenance count as maintenance. */
function checkVerdict(observation: Observation): StatusVerdict {
  const failing = observation.verdict === 'down' || observation.verdict === 'degraded';
  return observation.inMaintenance && observation.target.kind === 'institution' && failing
    ? 'maintenance'
    : observation.verdict;
}

export async function runStatusCheck(
  ctx: AppContext,
  now: Date,
  options: RunOptions = {},
): Promise<JobReport> {
  const started = performance.now();
  const store = new DynamoDbMonitorStore(ctx.db, ctx.tableName);
  const settings = settingsOf(ctx);
  const targets = monitorTargets(ctx.config);
  const counters = { itemsRead: 0, conflicts: 0 };

  const retentionDays = ctx.config.retention.monitorHistoryDays;
  const observing = observeEach(ctx, targets, now, options.fetch);
  let probedMs = 0;
  // Each target is decided and stored as soon as it is observed: the run ends right after its slowest probe.
  const settled = await Promise.all(
    targets.map(async (target, index) => {
      const [observation, previous] = await Promise.all([observing[index]!, store.getState(target.id)]);
      probedMs = Math.max(probedMs, Math.round(performance.now() - started));
      const [result] = await Promise.all([
        settle(store, target, observation, previous, settings, now, counters),
        store.appendCheck(target.id, now, checkVerdict(observation), observation.readings, retentionDays),
      ]);
      return result;
    }),
  );
  counters.itemsRead += targets.length;

  const mails = planAlertMails(
    settled.flatMap((s) => s.alerts),
    environmentMembers(targets),
  );
  const outcomes = await Promise.all(mails.map((mail) => sendMail(ctx, mail, now)));

  const toldByTarget = new Map<string, AlertIntent[]>();
  for (const { told } of outcomes) {
    for (const intent of told)
      toldByTarget.set(intent.target.id, [...(toldByTarget.get(intent.target.id) ?? []), intent]);
  }
  await Promise.all(
    settled
      .filter((s) => toldByTarget.has(s.target.id))
      .map((s) => acknowledge(store, s, toldByTarget.get(s.target.id)!, now, counters)),
  );

  const verdicts: Record<string, StatusVerdict> = {};
  const observed: Record<string, StatusVerdict> = {};
  settled.forEach((s) => {
    verdicts[s.target.id] = s.stored.verdict;
    observed[s.target.id] = s.observation.verdict;
  });
  const report: JobReport = {
    job: 'status-check',
    now: now.toISOString(),
    sent: outcomes.filter((o) => o.outcome.outcome === 'sent').length,
    itemsRead: counters.itemsRead,
    targets: targets.length,
    verdicts,
    observed,
    alerts: outcomes.map((o) => o.outcome),
    duplicatesSkipped: outcomes.filter((o) => o.outcome.outcome === 'duplicate').length,
    sendFailures: outcomes.filter((o) => o.outcome.outcome === 'failed').length,
    writeConflicts: counters.conflicts,
    probedMs,
    durationMs: Math.round(performance.now() - started),
  };
  ctx.logger.info('status check done', {
    verdicts,
    sent: report.sent,
    duplicatesSkipped: report.duplicatesSkipped,
    sendFailures: report.sendFailures,
    durationMs: report.durationMs,
  });
  return report;
}

export interface StatusReportEntry {
  target: string;
  kind: MonitorTarget['kind'];
  name: string;
  code?: string;
  environment?: string;
  /** `unchecked` when no run has stored a state for it yet. */
  verdict: StatusVerdict | 'unchecked';
  since: string | null;
  lastVerdict: StatusVerdict | null;
  lastCheckedAt: string | null;
  /** Start of the current outage episode, when one is open. */
  episodeStart: string | null;
  availability: Record<AvailabilityWindow, Availability>;
}

/** The current state of every environment and institution, with availability over 24 h, 7 d and 30 d. */
export async function statusReport(ctx: AppContext, now: Date): Promise<StatusReportEntry[]> {
  const store = new DynamoDbMonitorStore(ctx.db, ctx.tableName);
  const from = new Date(now.getTime() - 30 * 86_400_000);
  return Promise.all(
    monitorTargets(ctx.config).map(async (target): Promise<StatusReportEntry> => {
      const [state, checks] = await Promise.all([
        store.getState(target.id),
        store.checks(target.id, from, now),
      ]);
      return {
        target: target.id,
        kind: target.kind,
        name: target.name,
        ...(target.kind === 'institution'
          ? { code: target.code, ...(target.environment ? { environment: target.environment } : {}) }
          : {}),
        verdict: state?.verdict ?? 'unchecked',
        since: state?.since ?? null,
        lastVerdict: state?.lastVerdict ?? null,
        lastCheckedAt: state?.lastCheckedAt ?? null,
        episodeStart: state?.episode && !state.episode.endedAt ? state.episode.start : null,
        availability: availabilityWindows(checks.items, now),
      };
    }),
  );
}
