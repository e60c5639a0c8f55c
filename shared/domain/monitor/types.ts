/**
 * The status monitor's words: what a source said (SourceReading), what one run saw of a
 * target (Observation), what we remember between runs (TargetState) and what must be told
 * (AlertIntent). Pure data; no I/O.
 */

export const STATUS_VERDICTS = ['operational', 'degraded', 'down', 'maintenance', 'unknown'] as const;
export type StatusVerdict = (typeof STATUS_VERDICTS)[number];

/** Where a reading comes from: Ex Libris (status API or status page) or our own probes. */
export type SourceKind = 'status-api' | 'status-page' | 'alma-api' | 'alma-url';

/** A maintenance Ex Libris announced; `started` once its begin has passed. */
export interface MaintenanceWindow {
  /** The outage record's number/sys_id; null when the source gives none (the status page): the monitor then names it after when it was first seen. */
  id: string | null;
  title: string;
  /** ISO instant, or null when announced without a start yet. */
  start: string | null;
  end: string | null;
  started: boolean;
}

export interface SourceReading {
  source: SourceKind;
  verdict: StatusVerdict;
  /** False when the source answered with something we cannot read: verdict is then unknown. */
  readable: boolean;
  /** One line of what the source said, quoted in alert bodies. */
  summary: string;
  /** Maintenance windows the source announces (Ex Libris sources only). */
  maintenance?: MaintenanceWindow[];
  httpStatus?: number;
  latencyMs?: number;
  /** `X-Exl-Api-Remaining` of the Alma API answer (daily API calls left). */
  apiRemaining?: number;
}

export interface EnvironmentTarget {
  id: string;
  kind: 'environment';
  name: string;
}

export interface InstitutionTarget {
  id: string;
  kind: 'institution';
  name: string;
  code: string;
  environment?: string;
}

export type MonitorTarget = EnvironmentTarget | InstitutionTarget;

/** What one run saw of one target. */
export interface Observation {
  target: MonitorTarget;
  /** Every source read for this target in this run. */
  readings: SourceReading[];
  /** The combined verdict of this run (before confirmation counters). */
  verdict: StatusVerdict;
  /** For an institution: what Ex Libris says about its environment in this run. */
  exlibris?: SourceReading;
  /** An Ex Libris maintenance is running on the target's environment: probe failures are expected. */
  inMaintenance: boolean;
  /** Environment only: maintenance windows announced or running, told once each. */
  maintenance: MaintenanceWindow[];
}

export type Severity = 'down' | 'degraded';

/** How an outage episode is told: Ex Libris says so, our probes say so, or our probes contradict Ex Libris. */
export type EpisodeFlavor = 'exlibris-outage' | 'probe-failure' | 'status-mismatch';

/** A confirmed outage of one target, from its first failing run until the recovery notice is sent. */
export interface Episode {
  /** First failing run of the streak that confirmed it (ISO); part of every alert key of the episode. */
  start: string;
  severity: Severity;
  flavor: EpisodeFlavor;
  confirmedAt: string;
  /** Highest severity already told (unset: nothing told yet). */
  alertedSeverity?: Severity;
  alertedAt?: string;
  reminders: number;
  lastReminderAt?: string;
  /** Set when recovery is confirmed (first good run of the streak); the episode is dropped once the notice is sent. */
  endedAt?: string;
}

export interface TargetState {
  target: string;
  /** What `alma-accounts status` shows. */
  verdict: StatusVerdict;
  since: string;
  lastVerdict: StatusVerdict;
  lastCheckedAt: string;
  failureStreak: number;
  failingSince?: string;
  successStreak: number;
  recoveringSince?: string;
  episode?: Episode;
  /** Sources currently unreadable: from when, for how many runs, and whether operators were told. */
  unreadable: Record<string, { since: string; runs: number; alertedAt?: string }>;
  /** When a maintenance the source gives no identity for (status page) was first seen. */
  unnamedMaintenanceSince?: string;
  /** Maintenance window ids already told (newest last, bounded). */
  maintenanceTold: string[];
  /** Optimistic lock: the stored item's version (0 = never stored). */
  version: number;
}

export type AlertKind = EpisodeFlavor | 'reminder' | 'recovery' | 'maintenance' | 'source-unreadable';

/** Who hears it: alert recipients; helpdesk + recipients (the seed's special case); operators. */
export type Audience = 'alerts' | 'helpdesk' | 'operators';

export interface AlertIntent {
  /** Claim key: one alert identity, sent once ever. */
  key: string;
  kind: AlertKind;
  audience: Audience;
  target: MonitorTarget;
  observation: Observation;
  severity?: Severity;
  /** For outage, reminder and recovery: the episode this belongs to. */
  episodeStart?: string;
  /** Recovery: when it ended; the duration is endedAt - episodeStart. */
  endedAt?: string;
  /** How the episode is told (reminders and recoveries keep the episode's flavor). */
  flavor?: EpisodeFlavor;
  reminderNumber?: number;
  /** Maintenance: the window, with its id resolved. */
  window?: MaintenanceWindow & { id: string };
  /** Source-unreadable: which source, unreadable since when. */
  source?: SourceKind;
  since?: string;
}

export interface MonitorSettings {
  failuresBeforeAlert: number;
  successesBeforeRecovery: number;
  reminderEveryMinutes: number;
}
