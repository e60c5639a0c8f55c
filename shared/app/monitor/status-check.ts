import type { Institution, StatusSourceConfig } from '../../config/schema';
import { planAlertMails } from '../../domain/monitor/alerts';
import { unreadable } from '../../domain/monitor/sources';
import { evaluateTarget } from '../../domain/monitor/state-machine';
import {
  announcedWindows,
  type EnvironmentView,
  environmentMembers,
  environmentObservation,
  environmentView,
  institutionObservation,
  monitorTargets,
} from '../../domain/monitor/targets';
import type {
  AlertIntent,
  MonitorSettings,
  MonitorTarget,
  Observation,
  SourceReading,
  StatusVerdict,
  TargetState,
} from '../../domain/monitor/types';
import { ConcurrentUpdateError } from '../../errors';
import { countCaughtFailure } from '../../metrics';
import type { AppContext, JobReport } from '../context';
import { acknowledgeAlerts, type MonitorCounters, sendAlertMail } from './alert-delivery';

/**
 * One run of the status monitor: read Ex Libris and probe every institution in parallel (each
 * request with its own timeout), decide per target (pure state machine), store the state with
 * a version check, then send the alerts owed, each claimed once so overlapping runs never send
 * the same alert twice.
 */

const MAX_WRITE_ATTEMPTS = 5;

interface Settled {
  target: MonitorTarget;
  observation: Observation;
  stored: TargetState;
  alerts: AlertIntent[];
}

function settingsOf(ctx: Pick<AppContext, 'config'>): MonitorSettings {
  const { failuresBeforeAlert, successesBeforeRecovery, reminderEveryMinutes } = ctx.config.monitor;
  return { failuresBeforeAlert, successesBeforeRecovery, reminderEveryMinutes };
}

/** What Ex Libris says per environment, each of its sources in config order: one request per distinct source, all in parallel. */
async function readExlibris(
  ctx: Pick<AppContext, 'config' | 'probes'>,
  now: Date,
): Promise<Map<string, SourceReading[]>> {
  const bySource = new Map<string, { source: StatusSourceConfig; names: string[] }>();
  for (const environment of ctx.config.monitor.environments) {
    for (const source of environment.sources) {
      const key = JSON.stringify(source);
      const group = bySource.get(key) ?? { source, names: [] };
      group.names.push(environment.name);
      bySource.set(key, group);
    }
  }
  const read = new Map<string, Map<string, SourceReading>>();
  await Promise.all(
    [...bySource.entries()].map(async ([key, { source, names }]) => {
      const readings = await ctx.probes.readExlibris(source, names, now);
      if ([...readings.values()].some((r) => !r.readable)) countCaughtFailure('StatusSourceUnreadable');
      read.set(key, readings);
    }),
  );
  return new Map(
    ctx.config.monitor.environments.map((environment) => [
      environment.name,
      environment.sources.flatMap((source) => {
        const reading = read.get(JSON.stringify(source))?.get(environment.name);
        return reading ? [reading] : [];
      }),
    ]),
  );
}

/** Every environment's view: its sources' readings and the windows Ex Libris mailed about. */
async function viewEnvironments(
  ctx: AppContext,
  now: Date,
  counters: MonitorCounters,
): Promise<Map<string, EnvironmentView>> {
  const [readings, windows] = await Promise.all([
    readExlibris(ctx, now),
    Promise.all(
      ctx.config.monitor.environments.map(async (e) => {
        const { items, itemsRead } = await ctx.monitor.windows(e.name);
        counters.itemsRead += itemsRead;
        return [e.name, items] as const;
      }),
    ),
  ]);
  const announced = new Map(windows);
  return new Map(
    [...readings.entries()].map(([name, list]) => [
      name,
      environmentView(
        list,
        announcedWindows(announced.get(name) ?? [], now, ctx.config.monitor.exlibrisMail),
      ),
    ]),
  );
}

/** Our two probes of one institution, in parallel. */
async function probeInstitution(
  ctx: Pick<AppContext, 'probes' | 'secrets'>,
  institution: Institution,
): Promise<SourceReading[]> {
  const probes: Promise<SourceReading>[] = [];
  if (institution.almaApiBase) {
    const apiBase = institution.almaApiBase;
    probes.push(
      (async () => {
        if (!institution.almaApiKeySecret)
          return unreadable('alma-api', 'no almaApiKeySecret configured', { cause: 'config' });
        let apiKey: string;
        try {
          apiKey = await ctx.secrets.get(institution.almaApiKeySecret);
        } catch (error) {
          const name = (error as Error).name;
          // The cause, not the institution: one missing secret named by three institutions is one operator mail.
          countCaughtFailure('StatusSourceUnreadable');
          return unreadable('alma-api', `API key unavailable (${name})`, { cause: `secret:${name}` });
        }
        return ctx.probes.probeAlmaApi({ apiBase, apiKey });
      })(),
    );
  }
  if (institution.almaUrl) probes.push(ctx.probes.probeAlmaUrl({ url: institution.almaUrl }));
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
  counters: MonitorCounters,
): Promise<Observation>[] {
  const institutions = new Map(ctx.config.institutions.map((i) => [i.code, i]));
  const views = viewEnvironments(ctx, now, counters);
  return targets.map(async (target): Promise<Observation> => {
    if (target.kind === 'environment') {
      return environmentObservation(target, (await views).get(target.name) ?? environmentView([]));
    }
    const [probes, known] = await Promise.all([probeInstitution(ctx, institutions.get(target.code)!), views]);
    return institutionObservation(
      target,
      probes,
      target.environment ? known.get(target.environment) : undefined,
    );
  });
}

/** Decide and store one target; on a concurrent write, read again and decide again from the newer state. */
async function settle(
  ctx: Pick<AppContext, 'monitor'>,
  target: MonitorTarget,
  observation: Observation,
  previous: TargetState | undefined,
  settings: MonitorSettings,
  now: Date,
  counters: MonitorCounters,
): Promise<Settled> {
  let prior = previous;
  for (let attempt = 1; ; attempt++) {
    const { next, alerts } = evaluateTarget(prior, observation, settings, now);
    try {
      const stored = await ctx.monitor.putState(next);
      return { target, observation, stored, alerts };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      counters.conflicts += 1;
      counters.itemsRead += 1;
      prior = await ctx.monitor.getState(target.id);
    }
  }
}

/** The verdict kept in history: probe failures inside an announced maintenance count as maintenance. */
function checkVerdict(observation: Observation): StatusVerdict {
  const failing = observation.verdict === 'down' || observation.verdict === 'degraded';
  return observation.inMaintenance && observation.target.kind === 'institution' && failing
    ? 'maintenance'
    : observation.verdict;
}

export async function runStatusCheck(ctx: AppContext, now: Date): Promise<JobReport> {
  const started = performance.now();
  const settings = settingsOf(ctx);
  const targets = monitorTargets(ctx.config);
  const counters = { itemsRead: 0, conflicts: 0 };

  const retentionDays = ctx.config.retention.monitorHistoryDays;
  const observing = observeEach(ctx, targets, now, counters);
  let probedMs = 0;
  // Each target is decided and stored as soon as it is observed: the run ends right after its slowest probe.
  const settled = await Promise.all(
    targets.map(async (target, index) => {
      const [observation, previous] = await Promise.all([observing[index]!, ctx.monitor.getState(target.id)]);
      probedMs = Math.max(probedMs, Math.round(performance.now() - started));
      const [result] = await Promise.all([
        settle(ctx, target, observation, previous, settings, now, counters),
        ctx.monitor.appendCheck(
          target.id,
          now,
          checkVerdict(observation),
          observation.readings,
          retentionDays,
        ),
      ]);
      return result;
    }),
  );
  counters.itemsRead += targets.length;

  const mails = planAlertMails(
    settled.flatMap((s) => s.alerts),
    environmentMembers(targets),
  );
  const outcomes = await Promise.all(mails.map((mail) => sendAlertMail(ctx, mail, now)));

  const toldByTarget = new Map<string, AlertIntent[]>();
  for (const { told } of outcomes) {
    for (const intent of told)
      toldByTarget.set(intent.target.id, [...(toldByTarget.get(intent.target.id) ?? []), intent]);
  }
  await Promise.all(
    settled
      .filter((s) => toldByTarget.has(s.target.id))
      .map((s) => acknowledgeAlerts(ctx, s, toldByTarget.get(s.target.id)!, now, counters)),
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
