import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOutageTable, parsePortalServices } from '../../../shared/adapters/http/status-sources';
import { formatDuration, renderAlertMail } from '../../../shared/domain/monitor/alert-mail';
import { planAlertMails, recipientsOf } from '../../../shared/domain/monitor/alerts';
import { availabilityWindows } from '../../../shared/domain/monitor/availability';
import {
  combineProbes,
  htmlText,
  readOutageRecords,
  readPortalServices,
  readStatusPageText,
} from '../../../shared/domain/monitor/sources';
import type { AlertIntent, MonitorTarget, Observation } from '../../../shared/domain/monitor/types';

const EU02 = 'Alma EU02 - Production';
const fixture = (path: string) => readFileSync(join('events/status', path), 'utf8');
const now = new Date('2027-03-10T08:00:00Z');

describe('status API outage records', () => {
  const read = (file: string, at = now) =>
    readOutageRecords(parseOutageTable(fixture(`status-api/${file}`))!, EU02, at);

  it.each([
    ['operational.json', 'operational'],
    ['degraded.json', 'degraded'],
    ['outage.json', 'down'],
    ['maintenance-announced.json', 'operational'],
    ['maintenance-started.json', 'maintenance'],
    ['maintenance-finished.json', 'operational'],
  ])('%s → %s', (file, verdict) => {
    expect(read(file).verdict).toBe(verdict);
  });

  it('reads an announced maintenance (empty begin) as a window not started, with its record id', () => {
    expect(read('maintenance-announced.json').maintenance).toEqual([
      expect.objectContaining({ id: '7f3a0c1e1b2d4e5f8a9b0c1d2e3f4a05', start: null, started: false }),
    ]);
  });

  it('ignores other environments and finished rows', () => {
    expect(read('operational.json').summary).toBe('no current outage reported');
  });

  it('refuses what is not the outage table', () => {
    expect(parseOutageTable(fixture('status-api/garbage.html'))).toBeUndefined();
    expect(parseOutageTable('{"result": [{"type": "outage"}]}')).toBeUndefined();
  });

  it('gives unknown for an unknown outage type', () => {
    const reading = readOutageRecords(
      [{ environment: EU02, type: 'meteor', begin: '', end: '', shortDescription: '', details: '', id: '1' }],
      EU02,
      now,
    );
    expect([reading.verdict, reading.readable]).toEqual(['unknown', false]);
  });
});

describe('status page HTML and portal JSON', () => {
  const others = [EU02, 'Alma EU00 - Production'];
  it.each([
    ['operational.html', 'operational'],
    ['degraded.html', 'degraded'],
    ['outage.html', 'down'],
    ['maintenance.html', 'maintenance'],
  ])('page %s → %s (not fooled by banners naming the environment)', (file, verdict) => {
    expect(readStatusPageText(htmlText(fixture(`status-page/${file}`)), EU02, others).verdict).toBe(verdict);
  });

  it('gives unknown, not down, for a page it cannot read', () => {
    const reading = readStatusPageText(htmlText(fixture('status-page/garbage.html')), EU02, others);
    expect([reading.verdict, reading.readable]).toEqual(['unknown', false]);
  });

  it.each([
    ['operational.json', 'operational'],
    ['degraded.json', 'degraded'],
    ['outage.json', 'down'],
    ['maintenance.json', 'maintenance'],
  ])('portal %s → %s', (file, verdict) => {
    expect(readPortalServices(parsePortalServices(fixture(`portal/${file}`))!, EU02).verdict).toBe(verdict);
  });

  it('refuses portal JSON of another shape and unknown icons', () => {
    expect(parsePortalServices(fixture('portal/garbage.json'))).toBeUndefined();
    expect(readPortalServices([{ name: EU02, icon: 'sparkles' }], EU02).readable).toBe(false);
  });
});

describe('probe combination', () => {
  const r = (verdict: 'operational' | 'down' | 'unknown') => ({
    source: 'alma-api' as const,
    verdict,
    readable: verdict !== 'unknown',
    summary: '',
  });
  it('down when all readable probes fail, degraded when some do, unknown when none is readable', () => {
    expect(combineProbes([r('down'), r('down')])).toBe('down');
    expect(combineProbes([r('down'), r('operational')])).toBe('degraded');
    expect(combineProbes([r('unknown'), r('operational')])).toBe('operational');
    expect(combineProbes([r('unknown')])).toBe('unknown');
  });
});

const inst = (code: string): MonitorTarget => ({
  id: `inst:${code}`,
  kind: 'institution',
  name: `Library ${code}`,
  code,
  environment: EU02,
});
const env: MonitorTarget = { id: `env:${EU02}`, kind: 'environment', name: EU02 };
function intent(
  target: MonitorTarget,
  kind: AlertIntent['kind'],
  extra: Partial<AlertIntent> = {},
): AlertIntent {
  const observation: Observation = {
    target,
    readings: [
      {
        source: 'alma-api',
        verdict: 'down',
        readable: true,
        summary: 'server error',
        httpStatus: 503,
        latencyMs: 12,
      },
    ],
    verdict: 'down',
    exlibris: {
      source: 'status-api',
      verdict: 'operational',
      readable: true,
      summary: 'no current outage reported',
    },
    inMaintenance: false,
    maintenance: [],
  };
  return {
    key: `alert#${target.id}#${kind}`,
    kind,
    audience: kind === 'status-mismatch' ? 'helpdesk' : 'alerts',
    target,
    observation,
    severity: 'down',
    episodeStart: '2027-03-10T07:55:00.000Z',
    ...extra,
  };
}

describe('alert mails', () => {
  const members = new Map([[EU02, ['A', 'B', 'C']]]);

  it('names every institution in one mail when all of an environment fail together', () => {
    const mails = planAlertMails(
      ['A', 'B', 'C'].map((c) => intent(inst(c), 'status-mismatch')),
      members,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.wholeEnvironment).toBe(EU02);
    const { subject, text } = renderAlertMail(mails[0]!, 'en', {
      statusPageUrl: 'https://status.exlibrisgroup.com',
      now,
    });
    expect(subject).toBe(
      `[DOWN] ${EU02} — Alma unreachable for all 3 institutions while Ex Libris reports normal operation`,
    );
    expect(text).toContain('Library A (A), Library B (B), Library C (C)');
    expect(text).toContain('https://status.exlibrisgroup.com');
  });

  it('tells probe failures sharing an environment in one mail naming them, not as the whole environment', () => {
    const mails = planAlertMails(
      [intent(inst('A'), 'probe-failure'), intent(inst('B'), 'probe-failure')],
      members,
    );
    expect(mails.map((m) => m.intents.length)).toEqual([2]);
    expect(mails[0]!.wholeEnvironment).toBeUndefined();
    const { subject } = renderAlertMail(mails[0]!, 'en', { statusPageUrl: 'https://s', now });
    expect(subject).toBe(`[DOWN] ${EU02} — Alma unreachable for Library A (A), Library B (B)`);
  });

  it('tells episodes of one environment that recover in the same run in one mail, to everyone they went to', () => {
    // Ex Libris' outage (to the alerts list) and our probes' mismatch (to the helpdesk) ended together.
    const mails = planAlertMails(
      [
        intent(env, 'recovery', { audience: 'alerts' }),
        intent(inst('A'), 'recovery', { audience: 'helpdesk', severity: 'degraded' }),
      ],
      members,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.audience).toBe('helpdesk');
    expect(mails[0]!.intents.map((i) => i.target.kind)).toEqual(['environment', 'institution']);
  });

  it('folds our failing probes into the Ex Libris outage mail of the same run', () => {
    const mails = planAlertMails(
      [intent(inst('A'), 'probe-failure'), intent(env, 'exlibris-outage')],
      members,
    );
    expect(mails).toHaveLength(1);
    const { subject, text } = renderAlertMail(mails[0]!, 'en', { statusPageUrl: 'https://s', now });
    expect(subject).toBe(`[DOWN] ${EU02} — Ex Libris reports an outage`);
    expect(text).toContain('Our own probes also fail for: Library A (A).');
  });

  it.each([
    [
      'fr',
      `[DOWN] ${EU02} — Alma inaccessible pour Library A (A) alors qu’Ex Libris annonce un fonctionnement normal`,
      'Depuis : 10/03/2027 08:55',
    ],
    [
      'nl',
      `[DOWN] ${EU02} — Alma onbereikbaar voor Library A (A) terwijl Ex Libris normale werking meldt`,
      'Sinds: 10/03/2027 08:55',
    ],
    [
      'en',
      `[DOWN] ${EU02} — Alma unreachable for Library A (A) while Ex Libris reports normal operation`,
      'Since: 10/03/2027 08:55',
    ],
  ] as const)('writes the special case in %s, times in Brussels', (language, subject, since) => {
    const mail = planAlertMails([intent(inst('A'), 'status-mismatch')], members)[0]!;
    const rendered = renderAlertMail(mail, language, { statusPageUrl: 'https://s', now });
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(since);
    expect(rendered.text).toContain('HTTP 503');
  });

  it('says how long an outage lasted in the recovery subject', () => {
    const mail = planAlertMails(
      [intent(env, 'recovery', { endedAt: '2027-03-10T10:10:00.000Z' })],
      members,
    )[0]!;
    expect(renderAlertMail(mail, 'en', { statusPageUrl: 'https://s', now }).subject).toBe(
      `[OPERATIONAL] ${EU02} — back to normal after 2 h 15 min`,
    );
    expect(formatDuration(26 * 3_600_000 + 60_000)).toBe('1 d 2 h');
  });

  it('sends the special case to the helpdesk and the alert recipients, operators alerts to operators', () => {
    const config = {
      helpdesk: 'help@x.org',
      recipients: ['a@x.org', 'HELP@x.org'],
      operators: ['ops@x.org'],
    };
    expect(recipientsOf('helpdesk', config)).toEqual(['help@x.org', 'a@x.org']);
    expect(recipientsOf('operators', config)).toEqual(['ops@x.org']);
    expect(recipientsOf('alerts', { ...config, recipients: [] })).toEqual(['help@x.org']);
  });
});

describe('availability', () => {
  it('counts usable checks among those with a verdict, per window', () => {
    const checks = [
      { at: '2027-03-10T07:00:00.000Z', verdict: 'operational' as const },
      { at: '2027-03-10T07:05:00.000Z', verdict: 'down' as const },
      { at: '2027-03-10T07:10:00.000Z', verdict: 'maintenance' as const },
      { at: '2027-03-05T07:10:00.000Z', verdict: 'operational' as const },
      { at: '2027-02-20T07:10:00.000Z', verdict: 'down' as const },
    ];
    const windows = availabilityWindows(checks, now);
    expect(windows['24h']).toMatchObject({ percent: 50, checks: 3, maintenance: 1 });
    expect(windows['7d'].percent).toBe(66.67);
    expect(windows['30d'].percent).toBe(50);
  });
});

describe('maintenance alert names the window bound', () => {
  const window = (bound: 'no-end' | 'clamped') => ({
    id: 'mail:2027-03-11T07:00:00.000Z',
    title: 'upgrade',
    start: '2027-03-11T07:00:00.000Z',
    end: bound === 'no-end' ? '2027-03-11T13:00:00.000Z' : '2027-03-14T07:00:00.000Z',
    started: true,
    bound,
  });
  it.each([
    [
      'en',
      'no-end',
      'From 11/03/2027 08:00 (no end announced: ends at the latest at 11/03/2027 14:00, unless Ex Libris mails again).',
    ],
    [
      'en',
      'clamped',
      'From 11/03/2027 08:00 (the end announced is too far ahead: ends at the latest at 14/03/2027 08:00).',
    ],
    [
      'fr',
      'no-end',
      'Du 11/03/2027 08:00 (aucune fin annoncée : se termine au plus tard le 11/03/2027 14:00, sauf nouveau message d’Ex Libris).',
    ],
    [
      'nl',
      'clamped',
      'Van 11/03/2027 08:00 (het aangekondigde einde ligt te ver: eindigt uiterlijk op 14/03/2027 08:00).',
    ],
  ] as const)('%s, %s', (language, bound, line) => {
    const told = intent(env, 'maintenance', { window: window(bound) });
    const [mail] = planAlertMails([told], new Map());
    expect(renderAlertMail(mail!, language, { statusPageUrl: 'https://s', now }).text).toContain(line);
  });
});
