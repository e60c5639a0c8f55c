import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusReplayServer, startStatusReplayServer } from '../../../local/status-replay-server';
import { isExlibrisNotice } from '../../../shared/app/monitor/exlibris-notice';
import { readExlibrisNotice } from '../../../shared/domain/monitor/exlibris-mail';
import { cliWorkspace } from '../../support/cli';

/**
 * Ex Libris' own notification mails through `alma-accounts ingest`, as the inbound Lambda reads
 * them: planned → a window stored before it starts, the managers told once each in their
 * language; started → no probe alert inside the window; finished → closed; the history shows it.
 */

const EU02 = 'Alma EU02 - Production';
const MAILS = 'events/exlibris-mail';

let server: StatusReplayServer;
beforeAll(async () => {
  server = await startStatusReplayServer();
});
afterAll(async () => {
  await server.stop();
});

function config() {
  return {
    mailbox: 'accounts@helpdesk.example.org',
    helpdesk: 'helpdesk@helpdesk.example.org',
    alerts: { recipients: ['alerts@helpdesk.example.org'], operators: ['ops@helpdesk.example.org'] },
    institutions: [
      {
        code: 'LIB-A',
        name: 'Bibliothèque A',
        language: 'fr',
        managers: ['anne.dubois@lib-a.example'],
        almaEnvironment: EU02,
        almaUrl: `${server.url}/lib-a/mng/login`,
      },
      {
        code: 'LIB-B',
        name: 'Bibliotheek B',
        language: 'nl',
        managers: ['koen.maes@lib-b.example', 'els.peeters@lib-b.example'],
        almaEnvironment: EU02,
        almaUrl: `${server.url}/lib-b/mng/login`,
      },
    ],
    monitor: {
      environments: [{ name: EU02, source: { kind: 'status-page', url: `${server.url}/` } }],
      // Nothing here hangs: a roomy timeout keeps a loaded machine from reading a slow answer as unreadable.
      timeoutMs: 5000,
    },
  };
}

interface OutboxLine {
  to: string[];
  subject: string;
  text: string;
}

describe('Ex Libris notification mails', () => {
  it('planned, started, finished through ingest: window stored, managers told once each, no probe alert inside, history kept', async () => {
    const { cli } = await cliWorkspace(config());
    const ingest = async (file: string, now: string) => {
      const run = await cli('--now', now, 'ingest', `${MAILS}/${file}`, '--json');
      expect(run.code).toBe(0);
      return JSON.parse(run.out[0]!) as { outcome: string; kind: string; reason: string };
    };
    const outbox = async () =>
      (await cli('outbox', '--json')).out.map((line) => JSON.parse(line) as OutboxLine);
    const check = (now: string) => cli('run', 'status-check', '--now', now, '--force');

    // Planned, the day before: the window is stored and each institution's managers hear of it.
    expect(await ingest('planned.eml', '2027-03-10T14:06:00Z')).toMatchObject({
      outcome: 'accepted',
      kind: 'other',
      reason:
        'exlibris notice: maintenance planned (Alma EU02 - Production, 11/03/2027 08:00 – 11/03/2027 10:00); managers told: LIB-A, LIB-B',
    });
    const notices = await outbox();
    expect(notices.map((m) => [m.to, m.subject])).toEqual(
      expect.arrayContaining([
        [
          ['anne.dubois@lib-a.example'],
          `[MAINTENANCE] ${EU02} — maintenance d’Alma annoncée par Ex Libris : 11/03/2027 08:00 – 11/03/2027 10:00`,
        ],
        [
          ['koen.maes@lib-b.example', 'els.peeters@lib-b.example'],
          `[MAINTENANCE] ${EU02} — onderhoud van Alma aangekondigd door Ex Libris: 11/03/2027 08:00 – 11/03/2027 10:00`,
        ],
      ]),
    );
    expect(notices).toHaveLength(2);
    expect(notices.find((m) => m.to.includes('anne.dubois@lib-a.example'))!.text).toContain(
      'Du 11/03/2027 08:00 jusqu’au 11/03/2027 10:00 (heure de Bruxelles).',
    );

    // The same mail again changes nothing (the ledger), a copy under another id tells nobody twice.
    expect((await ingest('planned.eml', '2027-03-10T14:07:00Z')).outcome).toBe('duplicate');

    // Inside the window Alma does not answer: no probe alert.
    server.setScenario('probes-down');
    for (const minute of ['07:05', '07:10', '07:15', '07:20']) await check(`2027-03-11T${minute}:00Z`);
    expect((await ingest('started.eml', '2027-03-11T07:01:00Z')).reason).toBe(
      'exlibris notice: maintenance started (Alma EU02 - Production, 11/03/2027 08:00 – 11/03/2027 10:00)',
    );
    for (const minute of ['07:25', '07:30']) await check(`2027-03-11T${minute}:00Z`);
    const during = (await outbox()).slice(2).map((m) => m.subject);
    expect(during.filter((s) => s.startsWith('[DOWN]'))).toEqual([]);
    expect(during).toEqual([
      `[MAINTENANCE] ${EU02} — maintenance in progress (Ex Libris): Alma quarterly maintenance. Alma will be unavailable during this time.`,
    ]);

    // Finished: the window closes; Alma answering again is just normal.
    expect((await ingest('finished.eml', '2027-03-11T08:41:00Z')).reason).toBe(
      'exlibris notice: maintenance finished (Alma EU02 - Production, 11/03/2027 08:00 – 11/03/2027 10:00)',
    );
    server.setScenario('operational');
    for (const minute of ['08:45', '08:50', '08:55']) await check(`2027-03-11T${minute}:00Z`);
    expect((await outbox()).slice(3)).toEqual([]);

    // The history: the window and the three mails that made it.
    const status = await cli('--now', '2027-03-11T09:00:00Z', 'status', '--json');
    const environment = JSON.parse(status.out[0]!);
    expect(environment.maintenance).toEqual([
      expect.objectContaining({
        id: 'mail:2027-03-11T07:00:00.000Z',
        phase: 'finished',
        start: '2027-03-11T07:00:00.000Z',
        end: '2027-03-11T09:00:00.000Z',
        told: ['LIB-A', 'LIB-B'],
        history: [
          expect.objectContaining({ phase: 'planned', at: '2027-03-10T14:05:12.000Z' }),
          expect.objectContaining({ phase: 'started', at: '2027-03-11T07:00:41.000Z' }),
          expect.objectContaining({ phase: 'finished', at: '2027-03-11T08:40:05.000Z' }),
        ],
      }),
    ]);
    expect(environment.availability['24h'].maintenance).toBeGreaterThanOrEqual(6);
    const text = await cli('--now', '2027-03-11T09:00:00Z', 'status');
    expect(text.out.join('\n')).toContain(
      'maintenance 11/03/2027 08:00 – 11/03/2027 10:00 finished: planned 10/03/2027 15:05, started 11/03/2027 08:00, finished 11/03/2027 09:40',
    );
  });

  it('a mail claiming to be Ex Libris without DMARC is not read by the monitor and changes nothing', async () => {
    const { cli } = await cliWorkspace(config());
    const run = await cli('--now', '2027-03-10T15:01:00Z', 'ingest', `${MAILS}/spoofed.eml`, '--json');
    expect(JSON.parse(run.out[0]!)).toMatchObject({ outcome: 'rejected' });
    const status = JSON.parse((await cli('status', '--json')).out[0]!);
    expect(status.maintenance).toEqual([]);
    expect((await cli('outbox', '--json')).out).toEqual([]);
  });

  it('recognises the sender by organisational domain, once the one authentication rule trusts it', () => {
    const monitor = { exlibrisMail: { senderDomains: ['exlibrisgroup.com'], notifyManagers: true } };
    const config = { monitor } as Parameters<typeof isExlibrisNotice>[2];
    const from = (address: string) => ({ from: { address, name: '' } });
    const trusted = { trusted: true, via: 'dmarc' } as const;
    expect(isExlibrisNotice(from('status@mail.exlibrisgroup.com'), trusted, config)).toBe(true);
    expect(
      isExlibrisNotice(from('status@exlibrisgroup.com'), { trusted: false, problem: 'dmarc-fail' }, config),
    ).toBe(false);
    expect(isExlibrisNotice(from('status@exlibrisgroup.com.evil.example'), trusted, config)).toBe(false);
  });

  it('reads an unknown kind of Ex Libris mail as unreadable, naming why', () => {
    expect(readExlibrisNotice({ subject: 'Newsletter', text: 'Our new product!' }, [EU02])).toEqual({
      kind: 'unreadable',
      reason: 'neither a maintenance nor an incident notice',
    });
    expect(
      readExlibrisNotice({ subject: 'Scheduled maintenance', text: 'Alma NA01 - Production' }, [EU02]),
    ).toEqual({ kind: 'unreadable', reason: 'names none of the monitored environments' });
  });
});

/** A workspace with the verbs the window tests use: ingest a mail, run a check, read the outbox. */
async function session() {
  const workspace = await cliWorkspace(config());
  const { cli } = workspace;
  return {
    ...workspace,
    ingest: async (file: string, now: string) => {
      const run = await cli('--now', now, 'ingest', `${MAILS}/${file}`, '--json');
      expect(run.code).toBe(0);
      return JSON.parse(run.out[0]!) as { outcome: string; kind: string; reason: string };
    },
    check: (now: string) => cli('run', 'status-check', '--now', now, '--force'),
    outbox: async () => (await cli('outbox', '--json')).out.map((line) => JSON.parse(line) as OutboxLine),
  };
}

const ALERTS = 'alerts@helpdesk.example.org';
const HELPDESK = 'helpdesk@helpdesk.example.org';

describe('Ex Libris maintenance windows are bounded and quiet only our probes', () => {
  it('a "started" mail without an end quiets probe alerts for 6 h (openEndedHours), names that bound on the page and in the alert, then probe alerts resume', async () => {
    const { cli, dataDir, ingest, check, outbox } = await session();
    server.setScenario('probes-down');
    expect((await ingest('started-no-end.eml', '2027-03-11T07:01:00Z')).reason).toBe(
      `exlibris notice: maintenance started (${EU02}, 11/03/2027 08:00; no end announced: ends at the latest at 11/03/2027 14:00, unless Ex Libris mails again); managers told: LIB-A, LIB-B`,
    );
    for (const at of ['07:05', '07:10', '09:00', '12:55']) await check(`2027-03-11T${at}:00Z`);
    const quiet = await outbox();
    expect(quiet.filter((m) => m.subject.startsWith('[DOWN]'))).toEqual([]);
    const told = quiet.find((m) => m.to.includes(ALERTS) && m.subject.startsWith('[MAINTENANCE]'));
    expect(told?.text).toContain(
      'From 11/03/2027 08:00 (no end announced: ends at the latest at 11/03/2027 14:00, unless Ex Libris mails again).',
    );

    expect(quiet.find((m) => m.to.includes('anne.dubois@lib-a.example'))?.text).toContain(
      'Du 11/03/2027 08:00 (heure de Bruxelles) ; aucune fin annoncée : les problèmes sont de nouveau signalés au helpdesk au plus tard à partir du 11/03/2027 14:00.',
    );

    const page = join(dataDir, 'status.html');
    expect((await cli('--now', '2027-03-11T09:00:00Z', 'status', '--html', page)).code).toBe(0);
    expect(readFileSync(page, 'utf8')).toContain(
      'Maintenance in progress: 11/03/2027 08:00 (no end announced: ends at the latest at 11/03/2027 14:00, unless Ex Libris mails again)',
    );

    // Six hours on, nothing more from Ex Libris: the window has lapsed and Alma not answering is an outage.
    for (const at of ['13:05', '13:10']) await check(`2027-03-11T${at}:00Z`);
    const after = (await outbox()).slice(quiet.length).map((m) => m.subject);
    expect(after.filter((s) => s.startsWith('[DOWN]'))).toHaveLength(1);
  });

  it('a planned window ending ten years ahead is bounded to 72 h (maxWindowHours)', async () => {
    const { ingest, check, outbox } = await session();
    expect((await ingest('planned-far-end.eml', '2027-03-10T14:06:00Z')).reason).toBe(
      `exlibris notice: maintenance planned (${EU02}, 11/03/2027 08:00 – 11/03/2037 10:00; the end announced is too far ahead: ends at the latest at 14/03/2027 08:00); managers told: LIB-A, LIB-B`,
    );
    server.setScenario('probes-down');
    for (const at of ['2027-03-11T07:05', '2027-03-11T07:10', '2027-03-14T06:55']) await check(`${at}:00Z`);
    const quiet = await outbox();
    expect(quiet.filter((m) => m.subject.startsWith('[DOWN]'))).toEqual([]);
    expect(quiet.find((m) => m.to.includes(ALERTS))?.text).toContain(
      'From 11/03/2027 08:00 (the end announced is too far ahead: ends at the latest at 14/03/2027 08:00).',
    );
    for (const at of ['07:05', '07:10']) await check(`2027-03-14T${at}:00Z`);
    const after = (await outbox()).slice(quiet.length).map((m) => m.subject);
    expect(after.filter((s) => s.startsWith('[DOWN]'))).toHaveLength(1);
  });

  it('during a window, an outage Ex Libris itself reports is alerted as usual (our probe alerts stay quiet)', async () => {
    const { ingest, check, outbox } = await session();
    expect((await ingest('started.eml', '2027-03-11T07:01:00Z')).outcome).toBe('accepted');
    server.setScenario('outage');
    for (const at of ['07:05', '07:10', '07:15']) await check(`2027-03-11T${at}:00Z`);
    const down = (await outbox()).filter((m) => m.subject.startsWith('[DOWN]'));
    expect(down.map((m) => m.subject)).toEqual([`[DOWN] ${EU02} — Ex Libris reports an outage`]);
    expect(down[0]!.text).not.toContain('Our own probes also fail');
  });

  it.each([
    ['completed-successfully.eml', 'has completed successfully'],
    ['was-completed.eml', 'was completed'],
  ])(
    '%s ("%s") closes the window, is not forwarded to the helpdesk, and probe alerts resume',
    async (file) => {
      const { cli, ingest, check, outbox } = await session();
      await ingest('started-no-end.eml', '2027-03-11T07:01:00Z');
      const closing = await ingest(file, '2027-03-11T08:41:00Z');
      expect(closing).toMatchObject({ outcome: 'accepted', kind: 'other' });
      expect(closing.reason).toBe(`exlibris notice: maintenance finished (${EU02}, 11/03/2027 08:00)`);
      const before = await outbox();
      expect(before.filter((m) => m.to.includes(HELPDESK))).toEqual([]);
      const status = JSON.parse((await cli('--now', '2027-03-11T08:42:00Z', 'status', '--json')).out[0]!);
      expect(status.maintenance).toEqual([expect.objectContaining({ phase: 'finished' })]);

      server.setScenario('probes-down');
      for (const at of ['08:45', '08:50']) await check(`2027-03-11T${at}:00Z`);
      const after = (await outbox()).slice(before.length).map((m) => m.subject);
      expect(after.filter((s) => s.startsWith('[DOWN]'))).toHaveLength(1);
    },
  );
});
