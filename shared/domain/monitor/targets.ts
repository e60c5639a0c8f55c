import { combineProbes, unreadable } from './sources';
import type {
  AnnouncedWindow,
  EnvironmentTarget,
  InstitutionTarget,
  MaintenanceWindow,
  MonitorTarget,
  Observation,
  SourceReading,
} from './types';
import { isOpenWindow, type WindowLimits, windowBound } from './window-bound';

/** The parts of the config the monitor reads to know what to watch. */
export interface MonitoredConfig {
  monitor: { environments: readonly { name: string }[] };
  institutions: readonly {
    code: string;
    name: string;
    almaEnvironment?: string;
    almaUrl?: string;
    almaApiBase?: string;
  }[];
}

export const environmentTargetId = (name: string) => `env:${name}`;
export const institutionTargetId = (code: string) => `inst:${code}`;

/** Every environment in `monitor.environments`, and every institution with something to probe. */
export function monitorTargets(config: MonitoredConfig): MonitorTarget[] {
  const environments: EnvironmentTarget[] = config.monitor.environments.map((e) => ({
    id: environmentTargetId(e.name),
    kind: 'environment',
    name: e.name,
  }));
  const institutions: InstitutionTarget[] = config.institutions
    .filter((i) => i.almaUrl || i.almaApiBase)
    .map((i) => ({
      id: institutionTargetId(i.code),
      kind: 'institution',
      name: i.name,
      code: i.code,
      ...(i.almaEnvironment ? { environment: i.almaEnvironment } : {}),
    }));
  return [...environments, ...institutions];
}

/** Institution codes per environment (for one alert naming them all). */
export function environmentMembers(targets: readonly MonitorTarget[]): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const t of targets) {
    if (t.kind !== 'institution' || !t.environment) continue;
    members.set(t.environment, [...(members.get(t.environment) ?? []), t.code]);
  }
  return members;
}

/**
 * What Ex Libris says of one environment in one run, all its sources together: the first readable
 * source (in config order) decides, readable ones that say otherwise are kept to be shown; the
 * maintenance windows are those the sources announce plus those Ex Libris mailed us.
 */
export interface EnvironmentView {
  decisive: SourceReading;
  readings: SourceReading[];
  disagreement: SourceReading[];
  maintenance: MaintenanceWindow[];
  inMaintenance: boolean;
}

/**
 * Windows Ex Libris mailed about, as the sources give them: running once begun, gone once finished
 * or past its bound (`end` is the bound: the announced end, clamped, or the lapse of an open end).
 */
export function announcedWindows(
  windows: readonly AnnouncedWindow[],
  now: Date,
  limits: WindowLimits,
): MaintenanceWindow[] {
  const at = now.getTime();
  return windows
    .filter((w) => isOpenWindow(w, now, limits))
    .map((w) => {
      const bound = windowBound(w, limits);
      return {
        id: w.id,
        title: w.title,
        start: w.start,
        end: bound.until,
        started: w.phase === 'started' || (w.start !== null && Date.parse(w.start) <= at),
        bound: bound.kind,
      };
    });
}

function mergeWindows(lists: readonly MaintenanceWindow[][]): MaintenanceWindow[] {
  const merged: MaintenanceWindow[] = [];
  for (const window of lists.flat()) {
    const same = merged.find(
      (w) => (w.id !== null && w.id === window.id) || (w.start !== null && w.start === window.start),
    );
    if (same) {
      same.started ||= window.started;
      if (same.end === null && window.end !== null) {
        same.end = window.end;
        if (window.bound) same.bound = window.bound;
      }
      continue;
    }
    merged.push({ ...window });
  }
  // A running window without identity (the page's icon) is the same as a named running one.
  const named = merged.some((w) => w.id !== null && w.started);
  return merged.filter((w) => w.id !== null || !named);
}

export function environmentView(
  readings: readonly SourceReading[],
  announced: readonly MaintenanceWindow[] = [],
): EnvironmentView {
  const readable = readings.filter((r) => r.readable);
  const decisive = readable[0] ?? readings[0] ?? unreadable('status-page', 'no source for this environment');
  const maintenance = mergeWindows([...readable.map((r) => r.maintenance ?? []), [...announced]]);
  const inMaintenance =
    (decisive.readable && decisive.verdict === 'maintenance') || maintenance.some((w) => w.started);
  return {
    decisive,
    readings: [...readings],
    disagreement: readable.filter((r) => r !== decisive && r.verdict !== decisive.verdict),
    maintenance,
    inMaintenance,
  };
}

export function environmentObservation(target: EnvironmentTarget, view: EnvironmentView): Observation {
  const said = view.decisive.readable ? view.decisive.verdict : 'unknown';
  // Ex Libris announced the window by mail while its page still says "normal": it is maintenance.
  const verdict = view.inMaintenance && (said === 'operational' || said === 'unknown') ? 'maintenance' : said;
  return {
    target,
    readings: view.readings,
    verdict,
    inMaintenance: view.inMaintenance,
    maintenance: view.maintenance,
    ...(view.disagreement.length ? { disagreement: view.disagreement } : {}),
  };
}

export function institutionObservation(
  target: InstitutionTarget,
  probes: SourceReading[],
  view: EnvironmentView | undefined,
): Observation {
  return {
    target,
    readings: probes,
    verdict: combineProbes(probes),
    ...(view ? { exlibris: view.decisive } : {}),
    inMaintenance: view?.inMaintenance ?? false,
    maintenance: [],
  };
}
