/**
 * The status monitor's words: what a source said (SourceReading), what one run saw of a
 * target (Observation), what we remember between runs (TargetState) and what must be told
 * (AlertIntent). Pure data; no I/O.
 */

export const STATUS_VERDICTS = ['operational', 'degraded', 'down', 'maintenance', 'unknown'] as const;
export type StatusVerdict = (typeof STATUS_VERDICTS)[number];

/**
 * Where a reading comes from: one of Ex Libris' forms (the ServiceNow outage table, the older XML
 * interface, the HTML status page, the ServiceNow portal JSON) or one of our own probes.
 */
export type SourceKind =
  | 'status-api'
  | 'status-xml'
  | 'status-page'
  | 'status-portal'
  | 'alma-api'
  | 'alma-url';

export const EXLIBRIS_SOURCE_KINDS = ['status-api', 'status-xml', 'status-page', 'status-portal'] as const;
export type ExlibrisSourceKind = (typeof EXLIBRIS_SOURCE_KINDS)[number];

/** A maintenance Ex Libris announced; `started` once its begin has passed. */
export interface MaintenanceWindow {
  /** The outage record's number/sys_id; null when the source gives none (the status page): the monitor then names it after when it was first seen. */
  id: string | null;
  title: string;
  /** ISO instant, or null when announced without a start yet. */
  start: string | null;
  end: string | null;
  started: boolean;
  /** Mailed windows: how `end` was set (the end announced, none announced so it lapses, or clamped to the maximum). */
  bound?: 'announced' | 'no-end' | 'clamped';
}

export type WindowPhase = 'planned' | 'started' | 'finished';

/** A maintenance window Ex Libris announced by mail, as stored per environment; its history says which mail said what. */
export interface AnnouncedWindow {
  /** `mail:<start ISO>` (or `mail:<first mail's time>` when the mail gives no start). */
  id: string;
  environment: string;
  title: string;
  start: string | null;
  end: string | null;
  phase: WindowPhase;
  /** Every mail that spoke of it, oldest first. */
  history: { at: string; phase: WindowPhase; messageId: string; subject: string }[];
  /** Institution codes whose managers were told ahead. */
  told: string[];
  /** Optimistic lock: the stored item's version (0 = never stored). */
  version: number;
}

export interface SourceReading {
  source: SourceKind;
  verdict: StatusVerdict;
  /** False when the source answered with something we cannot read: verdict is then unknown. */
  readable: boolean;
  /** One line of what the source said, quoted in alert bodies. */
  summary: string;
  /**
   * Why a source is unreadable, stable across runs and targets (`secret:NotFoundError`, `http:401`,
   * `shape`): operators get one mail per cause, naming every target it touches. Default: the summary.
   */
  cause?: string;
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
  /** Environment only: readable sources that disagree with the one that decided (shown, not alerted). */
  disagreement?: SourceReading[];
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
  /** Sources currently unreadable: from when, for how many runs, why, and whether operators were told. */
  unreadable: Record<string, UnreadableSpell>;
  /** When a maintenance the source gives no identity for (status page) was first seen. */
  unnamedMaintenanceSince?: string;
  /** Maintenance window ids already told (newest last, bounded). */
  maintenanceTold: string[];
  /** Optimistic lock: the stored item's version (0 = never stored). */
  version: number;
}

/** A source we could not read; once operators were told, its end (the next readable run) is told too. */
export interface UnreadableSpell {
  since: string;
  runs: number;
  /** The first cause of the spell (its operators mail is grouped by it). */
  cause?: string;
  alertedAt?: string;
  /** Set when it became readable again after operators were told; dropped once the recovery is told. */
  endedAt?: string;
}

export type AlertKind =
  | EpisodeFlavor
  | 'reminder'
  | 'recovery'
  | 'maintenance'
  | 'source-unreadable'
  | 'source-recovered';

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
  /** Source-unreadable and source-recovered: which source, unreadable since when, why (mails are grouped by it). */
  source?: SourceKind;
  since?: string;
  cause?: string;
}

export interface MonitorSettings {
  failuresBeforeAlert: number;
  successesBeforeRecovery: number;
  reminderEveryMinutes: number;
}
