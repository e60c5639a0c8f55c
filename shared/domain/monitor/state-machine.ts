import type {
  AlertIntent,
  Episode,
  EpisodeFlavor,
  MonitorSettings,
  Observation,
  Severity,
  StatusVerdict,
  TargetState,
} from './types';

/**
 * The monitor's memory of one target and the alerts a run owes. Alerts go on transitions only:
 * N failing runs open an episode (one alert), reminders while it lasts, M good runs close it
 * (one recovery notice). `evaluateTarget` never marks an alert as told: `acknowledgeAlert` does,
 * once the mail is sent, so a failed send is owed again on the next run.
 */

const MAX_TOLD_WINDOWS = 20;
const REMINDER_SLACK_MS = 60_000;

export function initialState(target: string, now: Date): TargetState {
  const at = now.toISOString();
  return {
    target,
    verdict: 'unknown',
    since: at,
    lastVerdict: 'unknown',
    lastCheckedAt: at,
    failureStreak: 0,
    successStreak: 0,
    unreadable: {},
    maintenanceTold: [],
    version: 0,
  };
}

function flavorOf(observation: Observation, severity: Severity): EpisodeFlavor {
  if (observation.target.kind === 'environment') return 'exlibris-outage';
  const exlibris = observation.exlibris;
  // The seed's special case: Ex Libris says all is well while our probes cannot reach Alma.
  if (severity === 'down' && exlibris?.readable && exlibris.verdict === 'operational')
    return 'status-mismatch';
  return 'probe-failure';
}

function audienceOf(flavor: EpisodeFlavor): 'alerts' | 'helpdesk' {
  return flavor === 'status-mismatch' ? 'helpdesk' : 'alerts';
}

function clone(state: TargetState): TargetState {
  return structuredClone(state);
}

/** The next state of a target after one run, and the alerts owed (not yet marked as told). */
export function evaluateTarget(
  previous: TargetState | undefined,
  observation: Observation,
  settings: MonitorSettings,
  now: Date,
): { next: TargetState; alerts: AlertIntent[] } {
  const at = now.toISOString();
  const prior = previous ?? initialState(observation.target.id, now);
  const next = clone(prior);
  const id = observation.target.id;
  next.lastVerdict = observation.verdict;
  next.lastCheckedAt = at;

  for (const reading of observation.readings) {
    const spell = next.unreadable[reading.source];
    if (reading.readable) {
      if (!spell) continue;
      // Operators never heard of it: forget it. Otherwise it ends here and they are told so once.
      if (!spell.alertedAt) delete next.unreadable[reading.source];
      else spell.endedAt ??= at;
      continue;
    }
    if (!spell) {
      next.unreadable[reading.source] = { since: at, runs: 1, cause: reading.cause ?? reading.summary };
      continue;
    }
    // Unreadable again before its end was told: the same spell goes on.
    spell.runs = (spell.runs ?? 0) + 1;
    delete spell.endedAt;
  }

  // Probe failures inside an announced maintenance are expected: not counted, not told.
  const suppressed = observation.inMaintenance && observation.target.kind === 'institution';
  const bad = (observation.verdict === 'down' || observation.verdict === 'degraded') && !suppressed;
  const good = observation.verdict === 'operational';
  // A window quiets our probes only: Ex Libris' own outage or degradation of the environment is told as usual.
  const quiet = observation.inMaintenance && !(observation.target.kind === 'environment' && bad);

  if (bad) {
    const severity = observation.verdict as Severity;
    next.successStreak = 0;
    delete next.recoveringSince;
    next.failureStreak += 1;
    next.failingSince ??= at;
    const episode = next.episode;
    if (episode) {
      // Failing again before the recovery was told: the same episode goes on.
      delete episode.endedAt;
      episode.severity = severity;
      if (!episode.alertedSeverity || (severity === 'down' && episode.alertedSeverity === 'degraded')) {
        episode.flavor = flavorOf(observation, severity);
      }
    } else if (next.failureStreak >= settings.failuresBeforeAlert) {
      next.episode = {
        start: next.failingSince,
        severity,
        flavor: flavorOf(observation, severity),
        confirmedAt: at,
        reminders: 0,
      };
    }
  } else if (good) {
    next.failureStreak = 0;
    delete next.failingSince;
    next.successStreak += 1;
    next.recoveringSince ??= at;
    const episode = next.episode;
    if (episode && !episode.endedAt && next.successStreak >= settings.successesBeforeRecovery) {
      episode.endedAt = next.recoveringSince;
    }
  } else if (suppressed) {
    next.failureStreak = 0;
    delete next.failingSince;
  }

  const alerts: AlertIntent[] = [];
  const base = { target: observation.target, observation };
  const episode: Episode | undefined = next.episode;
  let endedAt: string | undefined;
  if (episode && !episode.endedAt && !quiet) {
    const owed =
      !episode.alertedSeverity || (episode.severity === 'down' && episode.alertedSeverity === 'degraded');
    if (owed) {
      alerts.push({
        ...base,
        key: `alert#${id}#${episode.severity}#${episode.start}`,
        kind: episode.flavor,
        audience: audienceOf(episode.flavor),
        severity: episode.severity,
        flavor: episode.flavor,
        episodeStart: episode.start,
      });
    } else if (episode.alertedAt) {
      const last = Date.parse(episode.lastReminderAt ?? episode.alertedAt);
      // A minute of slack: scheduled runs jitter by seconds, and a reminder should not slip a whole run.
      if (now.getTime() - last >= settings.reminderEveryMinutes * 60_000 - REMINDER_SLACK_MS) {
        const reminderNumber = episode.reminders + 1;
        alerts.push({
          ...base,
          key: `alert#${id}#reminder#${episode.start}#${reminderNumber}`,
          kind: 'reminder',
          audience: audienceOf(episode.flavor),
          severity: episode.severity,
          flavor: episode.flavor,
          episodeStart: episode.start,
          reminderNumber,
        });
      }
    }
  } else if (episode?.endedAt) {
    endedAt = episode.endedAt;
    if (episode.alertedAt) {
      alerts.push({
        ...base,
        key: `alert#${id}#recovery#${episode.start}`,
        kind: 'recovery',
        audience: audienceOf(episode.flavor),
        severity: episode.alertedSeverity ?? episode.severity,
        flavor: episode.flavor,
        episodeStart: episode.start,
        endedAt: episode.endedAt,
      });
    } else {
      // Nobody was told it was down (e.g. it started inside a maintenance): nothing to recover from.
      delete next.episode;
    }
  }

  const verdict = displayVerdict(next, observation, suppressed);
  if (!previous || verdict !== prior.verdict) {
    const current = next.episode && !next.episode.endedAt ? next.episode : undefined;
    const enteringEpisode = current && prior.verdict !== 'down' && prior.verdict !== 'degraded';
    next.since = enteringEpisode ? current.start : verdict === 'operational' && endedAt ? endedAt : at;
  }
  next.verdict = verdict;

  // A maintenance without an identity (status page) is named after when it was first seen.
  if (observation.maintenance.some((w) => w.id === null)) next.unnamedMaintenanceSince ??= at;
  else if (observation.readings.every((r) => r.readable)) delete next.unnamedMaintenanceSince;
  for (const window of observation.maintenance) {
    const windowId = window.id ?? `seen-${next.unnamedMaintenanceSince}`;
    if (next.maintenanceTold.includes(windowId)) continue;
    alerts.push({
      ...base,
      key: `alert#${id}#maintenance#${windowId}`,
      kind: 'maintenance',
      audience: 'alerts',
      window: { ...window, id: windowId },
    });
  }

  for (const [source, spell] of Object.entries(next.unreadable)) {
    const told = {
      ...base,
      audience: 'operators' as const,
      source: source as AlertIntent['source'],
      since: spell.since,
      ...(spell.cause ? { cause: spell.cause } : {}),
    };
    if (spell.alertedAt && spell.endedAt) {
      alerts.push({
        ...told,
        key: `alert#${id}#readable#${source}#${spell.since}`,
        kind: 'source-recovered',
        endedAt: spell.endedAt,
      });
      continue;
    }
    // One unreadable answer is often a hiccup (a timeout under load): operators hear of a spell, as of an outage.
    if (spell.alertedAt || spell.runs < settings.failuresBeforeAlert) continue;
    alerts.push({
      ...told,
      key: `alert#${id}#unreadable#${source}#${spell.since}`,
      kind: 'source-unreadable',
    });
  }

  return { next, alerts };
}

function displayVerdict(state: TargetState, observation: Observation, suppressed: boolean): StatusVerdict {
  if (state.episode && !state.episode.endedAt) return state.episode.severity;
  if (suppressed || observation.verdict === 'maintenance') return 'maintenance';
  if (observation.verdict === 'unknown') return 'unknown';
  // Failures not yet confirmed still show as operational: one bad run is not an outage.
  return 'operational';
}

/** Records that an alert was sent (or found already sent); idempotent, safe on a newer state. */
export function acknowledgeAlert(state: TargetState, alert: AlertIntent, now: Date): TargetState {
  const next = clone(state);
  const at = now.toISOString();
  const episode = next.episode && next.episode.start === alert.episodeStart ? next.episode : undefined;
  switch (alert.kind) {
    case 'exlibris-outage':
    case 'probe-failure':
    case 'status-mismatch':
      if (episode && alert.severity) {
        episode.alertedSeverity =
          episode.alertedSeverity === 'down' || alert.severity === 'down' ? 'down' : 'degraded';
        episode.alertedAt ??= at;
      }
      break;
    case 'reminder':
      if (episode && (alert.reminderNumber ?? 0) > episode.reminders) {
        episode.reminders = alert.reminderNumber ?? episode.reminders + 1;
        episode.lastReminderAt = at;
      }
      break;
    case 'recovery':
      if (episode?.endedAt) delete next.episode;
      break;
    case 'maintenance':
      if (alert.window && !next.maintenanceTold.includes(alert.window.id)) {
        next.maintenanceTold = [...next.maintenanceTold, alert.window.id].slice(-MAX_TOLD_WINDOWS);
      }
      break;
    case 'source-unreadable': {
      const spell = alert.source ? next.unreadable[alert.source] : undefined;
      if (spell && spell.since === alert.since) spell.alertedAt ??= at;
      break;
    }
    case 'source-recovered': {
      const spell = alert.source ? next.unreadable[alert.source] : undefined;
      if (alert.source && spell?.endedAt && spell.since === alert.since) delete next.unreadable[alert.source];
      break;
    }
  }
  return next;
}
