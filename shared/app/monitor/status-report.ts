import {
  type Availability,
  type AvailabilityWindow,
  availabilityWindows,
} from '../../domain/monitor/availability';
import { monitorTargets } from '../../domain/monitor/targets';
import type { MonitorTarget, StatusVerdict } from '../../domain/monitor/types';
import type { AppContext } from '../context';

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
  const from = new Date(now.getTime() - 30 * 86_400_000);
  return Promise.all(
    monitorTargets(ctx.config).map(async (target): Promise<StatusReportEntry> => {
      const [state, checks] = await Promise.all([
        ctx.monitor.getState(target.id),
        ctx.monitor.checks(target.id, from, now),
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
