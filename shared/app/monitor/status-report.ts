import { addDays, brusselsDate } from '../../domain/calendar';
import {
  type Availability,
  type AvailabilityWindow,
  availabilityOf,
  availabilityOfDays,
  type DayBar,
  dayBars,
} from '../../domain/monitor/availability';
import { monitorTargets } from '../../domain/monitor/targets';
import type { AnnouncedWindow, MonitorTarget, StatusVerdict } from '../../domain/monitor/types';
import {
  isOpenWindow,
  type WindowBound,
  type WindowLimits,
  windowBound,
} from '../../domain/monitor/window-bound';
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
  /** 24 h from the raw checks; 7, 30 and 90 days from the daily roll-up. Announced maintenance is left out. */
  availability: Record<AvailabilityWindow, Availability>;
  /** Environment: the windows Ex Libris announced by mail (each with the mails that spoke of it). */
  maintenance?: AnnouncedWindow[];
  /** The next (or running) announced maintenance of this target's environment, with when it ends at the latest. */
  nextMaintenance: (AnnouncedWindow & { bound: WindowBound }) | null;
}

export interface StatusOverview {
  entries: StatusReportEntry[];
  /** One bar per day for the last BAR_DAYS days, per target id. */
  bars: Record<string, DayBar[]>;
  /** DynamoDB items read to build it (the status page must not read every check of 90 days). */
  itemsRead: number;
}

export const BAR_DAYS = 90;

/** The next window not finished and not past its bound, by start. */
function nextWindow(
  windows: readonly AnnouncedWindow[],
  now: Date,
  limits: WindowLimits,
): StatusReportEntry['nextMaintenance'] {
  const next = windows
    .filter((w) => isOpenWindow(w, now, limits))
    .sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''))[0];
  return next ? { ...next, bound: windowBound(next, limits) } : null;
}

/**
 * Every environment and institution: current state, open episode, announced maintenance,
 * availability and 90 daily bars. Per target: its state (1 item), the last 24 h of checks
 * (≤ 288 items), the daily roll-up (≤ 90 items) and, per environment, its windows.
 */
export async function statusOverview(
  ctx: Pick<AppContext, 'config' | 'monitor'>,
  now: Date,
): Promise<StatusOverview> {
  const today = brusselsDate(now);
  const first = addDays(today, -(BAR_DAYS - 1));
  const targets = monitorTargets(ctx.config);
  let itemsRead = 0;
  const windows = new Map(
    await Promise.all(
      ctx.config.monitor.environments.map(async (e) => {
        const { items, itemsRead: read } = await ctx.monitor.windows(e.name);
        itemsRead += read;
        return [e.name, items] as const;
      }),
    ),
  );
  const bars: Record<string, DayBar[]> = {};
  const entries = await Promise.all(
    targets.map(async (target): Promise<StatusReportEntry> => {
      const [state, checks, days] = await Promise.all([
        ctx.monitor.getState(target.id),
        ctx.monitor.checks(target.id, new Date(now.getTime() - 86_400_000), now),
        ctx.monitor.days(target.id, first, today),
      ]);
      itemsRead += 1 + checks.itemsRead + days.itemsRead;
      const within = (count: number) => days.items.filter((d) => d.day >= addDays(today, -(count - 1)));
      bars[target.id] = dayBars(days.items, today, BAR_DAYS);
      const environment = target.kind === 'environment' ? target.name : target.environment;
      const own = target.kind === 'environment' ? (windows.get(target.name) ?? []) : undefined;
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
        availability: {
          '24h': availabilityOf(checks.items, new Date(now.getTime() - 86_400_000), now),
          '7d': availabilityOfDays(within(7)),
          '30d': availabilityOfDays(within(30)),
          '90d': availabilityOfDays(within(90)),
        },
        ...(own ? { maintenance: own } : {}),
        nextMaintenance: environment
          ? nextWindow(windows.get(environment) ?? [], now, ctx.config.monitor.exlibrisMail)
          : null,
      };
    }),
  );
  return { entries, bars, itemsRead };
}

/** The current state of every environment and institution (what `alma-accounts status` prints). */
export async function statusReport(ctx: AppContext, now: Date): Promise<StatusReportEntry[]> {
  return (await statusOverview(ctx, now)).entries;
}
