import { describe, expect, it } from 'vitest';
import { acknowledgeAlert, evaluateTarget } from '../../../shared/domain/monitor/state-machine';
import { announcedWindows } from '../../../shared/domain/monitor/targets';
import type {
  AlertIntent,
  AnnouncedWindow,
  MaintenanceWindow,
  MonitorSettings,
  MonitorTarget,
  Observation,
  SourceReading,
  StatusVerdict,
  TargetState,
} from '../../../shared/domain/monitor/types';

const settings: MonitorSettings = {
  failuresBeforeAlert: 2,
  successesBeforeRecovery: 2,
  reminderEveryMinutes: 120,
};
const T0 = Date.parse('2027-03-10T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const institution: MonitorTarget = {
  id: 'inst:LIB-A',
  kind: 'institution',
  name: 'Library A',
  code: 'LIB-A',
  environment: 'Alma EU02 - Production',
};
const environment: MonitorTarget = {
  id: 'env:Alma EU02 - Production',
  kind: 'environment',
  name: 'Alma EU02 - Production',
};

const probe = (verdict: StatusVerdict, source: SourceReading['source'] = 'alma-api'): SourceReading => ({
  source,
  verdict,
  readable: verdict !== 'unknown',
  summary: verdict,
});
const exlibris = (verdict: StatusVerdict, maintenance: MaintenanceWindow[] = []): SourceReading => ({
  source: 'status-api',
  verdict,
  readable: verdict !== 'unknown',
  summary: verdict,
  maintenance,
});

function probes(
  verdict: StatusVerdict,
  options: { exlibris?: StatusVerdict; inMaintenance?: boolean } = {},
): Observation {
  return {
    target: institution,
    readings: [probe(verdict)],
    verdict,
    exlibris: exlibris(options.exlibris ?? 'unknown'),
    inMaintenance: options.inMaintenance ?? false,
    maintenance: [],
  };
}

/** Runs observations one every 5 minutes from `startMinute`, acknowledging every alert (as a successful send does). */
function simulate(
  observations: Observation[],
  options: { state?: TargetState; startMinute?: number; step?: number; failSends?: boolean } = {},
) {
  let state = options.state;
  const told: { minute: number; alert: AlertIntent }[] = [];
  observations.forEach((observation, index) => {
    const minute = (options.startMinute ?? 0) + index * (options.step ?? 5);
    const now = at(minute);
    const { next, alerts } = evaluateTarget(state, observation, settings, now);
    state = { ...next, version: next.version + 1 };
    for (const alert of alerts) {
      if (options.failSends) continue;
      told.push({ minute, alert });
      state = acknowledgeAlert(state, alert, now);
    }
  });
  return { state: state!, told };
}

const repeat = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

describe('monitor state machine — confirmation before alerting', () => {
  it('alerts once after N consecutive failing runs, not before', () => {
    const { told, state } = simulate(repeat(5, probes('down')));
    expect(told.map((t) => [t.minute, t.alert.kind])).toEqual([[5, 'probe-failure']]);
    expect(told[0]!.alert.key).toBe(`alert#inst:LIB-A#down#${at(0).toISOString()}`);
    expect(state.verdict).toBe('down');
    expect(state.since).toBe(at(0).toISOString());
    expect(state.episode?.start).toBe(at(0).toISOString());
  });

  it('honours failuresBeforeAlert = 3', () => {
    let state: TargetState | undefined;
    const kinds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { next, alerts } = evaluateTarget(
        state,
        probes('down'),
        { ...settings, failuresBeforeAlert: 3 },
        at(i * 5),
      );
      state = next;
      kinds.push(...alerts.map((a) => `${i}:${a.kind}`));
    }
    expect(kinds).toEqual(['2:probe-failure']);
  });

  it('sends no alert at all when the target flaps up/down every run', () => {
    const flapping = Array.from({ length: 40 }, (_, i) => probes(i % 2 ? 'operational' : 'down'));
    const { told, state } = simulate(flapping);
    expect(told).toHaveLength(0);
    expect(state.verdict).toBe('operational');
  });

  it('does not start an alert storm when a confirmed outage flaps: one alert, reminders only on schedule', () => {
    const pattern = [
      probes('down'),
      probes('down'),
      ...Array.from({ length: 46 }, (_, i) => probes(i % 2 ? 'down' : 'operational')),
    ];
    const { told } = simulate(pattern); // 48 runs = 4 hours
    expect(told.map((t) => t.alert.kind)).toEqual(['probe-failure', 'reminder']);
  });

  it('treats unknown runs as neutral: they neither confirm nor reset a failure streak', () => {
    const { told } = simulate([probes('down'), probes('unknown'), probes('down')]);
    expect(told.map((t) => [t.minute, t.alert.kind])).toEqual([[10, 'probe-failure']]);
  });
});

describe('monitor state machine — reminders and recovery', () => {
  it('reminds every reminderEveryMinutes while still down, then one recovery after M good runs with the duration', () => {
    const down = repeat(2 + 24 + 24, probes('down')); // alerted at minute 5, runs until minute 245
    const { told, state } = simulate([
      ...down,
      probes('operational'),
      probes('operational'),
      probes('operational'),
    ]);
    const kinds = told.map((t) => [t.minute, t.alert.kind, t.alert.reminderNumber]);
    expect(kinds).toEqual([
      [5, 'probe-failure', undefined],
      [125, 'reminder', 1],
      [245, 'reminder', 2],
      [255, 'recovery', undefined],
    ]);
    const recovery = told.at(-1)!.alert;
    expect(recovery.episodeStart).toBe(at(0).toISOString());
    expect(recovery.endedAt).toBe(at(250).toISOString());
    expect(state.episode).toBeUndefined();
    expect(state.verdict).toBe('operational');
    expect(state.since).toBe(at(250).toISOString());
  });

  it('keeps the episode when a good run is followed by a bad one (recovery needs M consecutive good runs)', () => {
    const { told } = simulate([
      probes('down'),
      probes('down'),
      probes('operational'),
      probes('down'),
      probes('operational'),
      probes('operational'),
    ]);
    expect(told.map((t) => t.alert.kind)).toEqual(['probe-failure', 'recovery']);
  });

  it('owes an unsent alert again on the next run, under the same key', () => {
    const first = simulate(repeat(2, probes('down')), { failSends: true });
    expect(first.state.episode?.alertedAt).toBeUndefined();
    const { next, alerts } = evaluateTarget(first.state, probes('down'), settings, at(10));
    expect(alerts.map((a) => a.key)).toEqual([`alert#inst:LIB-A#down#${at(0).toISOString()}`]);
    expect(next.episode?.start).toBe(at(0).toISOString());
  });

  it('does not tell a recovery nobody was told about', () => {
    const { told } = simulate(
      [probes('down'), probes('down'), probes('operational'), probes('operational')],
      { failSends: true },
    );
    expect(told).toHaveLength(0);
  });

  it('escalates a degraded episode to down with one more alert, never back', () => {
    const degraded: Observation = {
      ...probes('degraded'),
      readings: [probe('down'), probe('operational', 'alma-url')],
    };
    const { told } = simulate([degraded, degraded, probes('down'), degraded, probes('down')]);
    expect(told.map((t) => [t.alert.kind, t.alert.severity])).toEqual([
      ['probe-failure', 'degraded'],
      ['probe-failure', 'down'],
    ]);
  });
});

describe('monitor state machine — maintenance and the special case', () => {
  it('sends no probe alert inside an announced maintenance window, and counts afresh after it', () => {
    const inside = repeat(6, probes('down', { exlibris: 'maintenance', inMaintenance: true }));
    const { told, state } = simulate([...inside, probes('down'), probes('down')]);
    expect(told.map((t) => [t.minute, t.alert.kind])).toEqual([[35, 'probe-failure']]);
    expect(state.episode?.start).toBe(at(30).toISOString());
  });

  it('shows maintenance as the state during the window', () => {
    const { state } = simulate(repeat(2, probes('down', { exlibris: 'maintenance', inMaintenance: true })));
    expect(state.verdict).toBe('maintenance');
  });

  it('holds reminders while a maintenance runs', () => {
    const down = repeat(2, probes('down'));
    const maintenance = repeat(30, probes('down', { exlibris: 'maintenance', inMaintenance: true }));
    const { told } = simulate([...down, ...maintenance]);
    expect(told.map((t) => t.alert.kind)).toEqual(['probe-failure']);
  });

  it('tells an announced maintenance once, from announcement to start, by its record id', () => {
    const window: MaintenanceWindow = {
      id: 'CHG1',
      title: 'upgrade',
      start: null,
      end: null,
      started: false,
    };
    const envObs = (verdict: StatusVerdict, w: MaintenanceWindow): Observation => ({
      target: environment,
      readings: [exlibris(verdict, [w])],
      verdict,
      inMaintenance: w.started,
      maintenance: [w],
    });
    const started = { ...window, start: at(10).toISOString(), end: at(120).toISOString(), started: true };
    const { told, state } = simulate([
      envObs('operational', window),
      envObs('operational', window),
      envObs('maintenance', started),
      envObs('maintenance', started),
    ]);
    expect(told.map((t) => [t.minute, t.alert.kind, t.alert.key])).toEqual([
      [0, 'maintenance', 'alert#env:Alma EU02 - Production#maintenance#CHG1'],
    ]);
    expect(state.verdict).toBe('maintenance');
  });

  it('names a status-page maintenance (no record id) after when it was first seen, told once', () => {
    const w: MaintenanceWindow = {
      id: null,
      title: 'Scheduled maintenance',
      start: null,
      end: null,
      started: true,
    };
    const obs: Observation = {
      target: environment,
      readings: [exlibris('maintenance', [w])],
      verdict: 'maintenance',
      inMaintenance: true,
      maintenance: [w],
    };
    const { told } = simulate(repeat(5, obs));
    expect(told.map((t) => t.alert.key)).toEqual([
      `alert#env:Alma EU02 - Production#maintenance#seen-${at(0).toISOString()}`,
    ]);
  });

  it('tells the helpdesk when Ex Libris says operational but our probes fail', () => {
    const { told } = simulate(repeat(2, probes('down', { exlibris: 'operational' })));
    expect(told.map((t) => [t.alert.kind, t.alert.audience])).toEqual([['status-mismatch', 'helpdesk']]);
  });

  it('tells an ordinary probe failure when Ex Libris also reports the outage', () => {
    const { told } = simulate(repeat(2, probes('down', { exlibris: 'down' })));
    expect(told.map((t) => [t.alert.kind, t.alert.audience])).toEqual([['probe-failure', 'alerts']]);
  });

  it('tells an Ex Libris outage of an environment as such', () => {
    const obs: Observation = {
      target: environment,
      readings: [exlibris('down')],
      verdict: 'down',
      inMaintenance: false,
      maintenance: [],
    };
    const { told } = simulate(repeat(3, obs));
    expect(told.map((t) => t.alert.kind)).toEqual(['exlibris-outage']);
  });
});

describe('monitor state machine — unreadable sources', () => {
  it('raises one operator alert per unreadable spell of N runs, and a new one for a later spell', () => {
    const garbage: Observation = { ...probes('unknown'), readings: [probe('unknown')] };
    const ok = probes('operational');
    const { told, state } = simulate([garbage, garbage, garbage, ok, garbage, ok, garbage, garbage]);
    expect(told.map((t) => [t.minute, t.alert.kind, t.alert.audience])).toEqual([
      [5, 'source-unreadable', 'operators'],
      [15, 'source-recovered', 'operators'],
      [35, 'source-unreadable', 'operators'],
    ]);
    expect(told[1]!.alert).toMatchObject({ since: at(0).toISOString(), endedAt: at(15).toISOString() });
    expect(told[2]!.alert.since).toBe(at(30).toISOString());
    expect(state.verdict).toBe('unknown');
  });
});

describe('acknowledgeAlert', () => {
  it('is idempotent and ignores alerts of another episode', () => {
    const { state } = simulate(repeat(2, probes('down')), { failSends: true });
    const { alerts } = evaluateTarget(state, probes('down'), settings, at(10));
    const alert = alerts[0]!;
    const once = acknowledgeAlert(state, alert, at(10));
    expect(acknowledgeAlert(once, alert, at(11))).toEqual(once);
    const stranger = { ...alert, episodeStart: at(-60).toISOString() };
    expect(acknowledgeAlert(state, stranger, at(10)).episode?.alertedAt).toBeUndefined();
  });
});

describe('monitor state machine — a maintenance window quiets our probes only', () => {
  it('tells an outage Ex Libris reports for the environment during a window, and its reminders', () => {
    const obs: Observation = {
      target: environment,
      readings: [exlibris('down')],
      verdict: 'down',
      inMaintenance: true,
      maintenance: [{ id: 'mail:x', title: 'upgrade', start: at(0).toISOString(), end: null, started: true }],
    };
    const { told } = simulate(repeat(27, obs));
    expect(told.map((t) => [t.minute, t.alert.kind])).toEqual([
      [0, 'maintenance'],
      [5, 'exlibris-outage'],
      [125, 'reminder'],
    ]);
  });

  it('tells a degradation Ex Libris reports during a window', () => {
    const obs: Observation = {
      target: environment,
      readings: [exlibris('degraded')],
      verdict: 'degraded',
      inMaintenance: true,
      maintenance: [],
    };
    expect(simulate(repeat(2, obs)).told.map((t) => t.alert.kind)).toEqual(['exlibris-outage']);
  });

  it('still quiets our probes inside the window', () => {
    const inside = repeat(6, probes('down', { exlibris: 'down', inMaintenance: true }));
    expect(simulate(inside).told).toEqual([]);
  });
});

describe('mailed maintenance windows are bounded', () => {
  const limits = { openEndedHours: 6, maxWindowHours: 72 };
  const hours = (h: number) => new Date(T0 + h * 3_600_000);
  const mailed = (over: Partial<AnnouncedWindow> = {}): AnnouncedWindow => ({
    id: `mail:${hours(0).toISOString()}`,
    environment: 'Alma EU02 - Production',
    title: 'maintenance',
    start: hours(0).toISOString(),
    end: null,
    phase: 'started',
    history: [{ at: hours(0).toISOString(), phase: 'started', messageId: '<a@x>', subject: 'started' }],
    told: [],
    version: 1,
    ...over,
  });
  const running = (w: AnnouncedWindow, h: number) => announcedWindows([w], hours(h), limits);

  it('lapses openEndedHours after a start without an end', () => {
    expect(running(mailed(), 5.9)).toEqual([
      expect.objectContaining({ started: true, end: hours(6).toISOString(), bound: 'no-end' }),
    ]);
    expect(running(mailed(), 6)).toEqual([]);
  });

  it('is extended by a later mail, never beyond maxWindowHours from its start', () => {
    const mails = [0, 5, 10, 15].map((h) => ({
      at: hours(h).toISOString(),
      phase: 'started' as const,
      messageId: `<${h}@x>`,
      subject: 'still running',
    }));
    expect(running(mailed({ history: mails }), 20)[0]?.end).toBe(hours(21).toISOString());
    expect(running(mailed({ history: mails }), 21)).toEqual([]);
    const daily = Array.from({ length: 10 }, (_, d) => ({ ...mails[0]!, at: hours(d * 5).toISOString() }));
    expect(running(mailed({ history: daily }), 50)[0]?.end).toBe(hours(51).toISOString());
    const forever = Array.from({ length: 30 }, (_, d) => ({ ...mails[0]!, at: hours(d * 5).toISOString() }));
    expect(running(mailed({ history: forever }), 71)[0]?.end).toBe(hours(72).toISOString());
    expect(running(mailed({ history: forever }), 72)).toEqual([]);
  });

  it('clamps an announced end ten years ahead to start + maxWindowHours', () => {
    const far = mailed({ phase: 'planned', end: new Date(T0 + 10 * 365 * 86_400_000).toISOString() });
    expect(running(far, 71)).toEqual([
      expect.objectContaining({ end: hours(72).toISOString(), bound: 'clamped', started: true }),
    ]);
    expect(running(far, 72)).toEqual([]);
    // An announced end within the maximum is kept as it is.
    const near = mailed({ end: hours(2).toISOString() });
    expect(running(near, 1)).toEqual([
      expect.objectContaining({ end: hours(2).toISOString(), bound: 'announced' }),
    ]);
  });
});
