import { combineProbes } from './sources';
import type {
  EnvironmentTarget,
  InstitutionTarget,
  MonitorTarget,
  Observation,
  SourceReading,
} from './types';

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

function maintenanceRunning(reading: SourceReading | undefined): boolean {
  if (!reading?.readable) return false;
  return reading.verdict === 'maintenance' || (reading.maintenance ?? []).some((w) => w.started);
}

export function environmentObservation(target: EnvironmentTarget, reading: SourceReading): Observation {
  return {
    target,
    readings: [reading],
    verdict: reading.verdict,
    inMaintenance: maintenanceRunning(reading),
    maintenance: reading.readable ? (reading.maintenance ?? []) : [],
  };
}

export function institutionObservation(
  target: InstitutionTarget,
  probes: SourceReading[],
  exlibris: SourceReading | undefined,
): Observation {
  return {
    target,
    readings: probes,
    verdict: combineProbes(probes),
    ...(exlibris ? { exlibris } : {}),
    inMaintenance: maintenanceRunning(exlibris),
    maintenance: [],
  };
}
