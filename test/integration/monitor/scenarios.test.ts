import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StatusReplayServer, startStatusReplayServer } from '../../../local/status-replay-server';
import type { AppContext } from '../../../shared/app/context';
import { runStatusCheck } from '../../../shared/app/monitor/status-check';
import { statusReport } from '../../../shared/app/monitor/status-report';
import { runStatusSummary } from '../../../shared/app/monitor/weekly-summary';
import { testConfig, testContext } from '../../support/context';
import { type SentMail, sesStore } from '../../support/services';

/**
 * The monitor end to end: replayed Ex Libris and Alma answers, real DynamoDB Local, real local
 * SES. Time is simulated by passing `now`; runs are 5 minutes apart.
 */

const EU02 = 'Alma EU02 - Production';
const T0 = Date.parse('2027-03-10T08:00:00Z');
const at = (minute: number, ms = 0) => new Date(T0 + minute * 60_000 + ms);

let server: StatusReplayServer;
beforeAll(async () => {
  server = await startStatusReplayServer();
});
afterAll(async () => {
  await server.stop();
});

let worlds = 0;

type SourceChoice = 'status-api' | 'status-page' | 'portal';

/** A fresh table and addresses unique to this test (the SES store is shared by every test file). */
async function world(
  options: {
    source?: SourceChoice;
    monitor?: Record<string, unknown>;
    institutions?: Record<string, unknown>[];
    secrets?: Record<string, string>;
  } = {},
) {
  const tag = `${process.pid}-${Date.now()}-${worlds++}`;
  const addresses = {
    recipients: `alerts-${tag}@monitor-scenarios.example`,
    operators: `ops-${tag}@monitor-scenarios.example`,
    helpdesk: `helpdesk-${tag}@monitor-scenarios.example`,
  };
  const source =
    options.source === 'status-page'
      ? { kind: 'status-page', url: `${server.url}/` }
      : options.source === 'portal'
        ? { kind: 'status-page', url: `${server.url}/api/v2/services.json` }
        : { kind: 'status-api', url: server.url, credentialsSecret: 'exlibris-status' };
  const config = testConfig({
    helpdesk: addresses.helpdesk,
    alerts: { recipients: [addresses.recipients], operators: [addresses.operators], language: 'en' },
    institutions: options.institutions ?? [
      {
        code: 'LIB-A',
        name: 'Library A',
        language: 'fr',
        managers: ['anne.dubois@lib-a.example'],
        almaEnvironment: EU02,
        almaUrl: `${server.url}/lib-a/mng/login`,
        almaApiBase: `${server.url}/lib-a`,
        almaApiKeySecret: 'alma-api-key/LIB-A',
      },
      {
        code: 'LIB-B',
        name: 'Library B',
        language: 'nl',
        managers: ['koen.maes@lib-b.example'],
        almaEnvironment: EU02,
        almaUrl: `${server.url}/lib-b/mng/login`,
      },
    ],
    // Nothing here hangs, so the timeout is never waited for; a roomy one keeps loaded machines from flaking.
    monitor: { environments: [{ name: EU02, source }], timeoutMs: 1500, ...options.monitor },
  });
  const ctx: AppContext & { dataDir: string } = await testContext(config);
  ctx.logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  writeFileSync(
    join(ctx.dataDir, 'secrets.json'),
    JSON.stringify(
      options.secrets ?? { 'alma-api-key/LIB-A': 'l7xx-replay-key', 'exlibris-status': 'monitor:replay' },
    ),
  );
  const mine = (mail: SentMail) =>
    [...mail.destination.to, ...mail.destination.cc].some((to) =>
      Object.values(addresses).some((address) => to.includes(address)),
    );
  return {
    ctx,
    addresses,
    run: (minute: number, ms = 0) => runStatusCheck(ctx, at(minute, ms)),
    mails: async () => (await sesStore()).filter(mine),
    subjects: async () => (await sesStore()).filter(mine).map((m) => m.subject),
  };
}

describe('status monitor scenarios (replay server, DynamoDB Local, local SES)', () => {
  it('outage: one alert after 2 runs, one reminder after 2 h, one recovery saying how long it lasted', async () => {
    const w = await world();
    server.setScenario('outage');

    await w.run(0);
    expect(await w.subjects()).toEqual([]);
    await w.run(5);
    const [down] = await w.mails();
    expect(await w.subjects()).toEqual([`[DOWN] ${EU02} — Ex Libris reports an outage`]);
    expect(down!.destination.to.join(',')).toContain(w.addresses.recipients);
    expect(down!.body.text).toContain('Our own probes also fail for: Library A (LIB-A), Library B (LIB-B).');
    expect(down!.body.text).toContain(
      'Ex Libris status API: down — outage: Service disruption in Alma EU02 - Production',
    );
    expect(down!.body.text).toContain('Since: 10/03/2027 09:00');
    expect(down!.body.text).toContain('Ex Libris status page: https://status.exlibrisgroup.com');

    for (const minute of [10, 60, 120]) await w.run(minute);
    expect(await w.subjects()).toHaveLength(1);
    await w.run(125); // 2 h after the alert
    await w.run(130);
    expect((await w.subjects()).slice(1)).toEqual([
      `[DOWN] ${EU02} — still down since 10/03/2027 09:00 (reminder 1)`,
    ]);

    server.setScenario('operational');
    await w.run(135);
    expect(await w.subjects()).toHaveLength(2);
    await w.run(140);
    await w.run(145);
    expect((await w.subjects()).slice(2)).toEqual([
      `[OPERATIONAL] ${EU02} — back to normal after 2 h 15 min`,
    ]);

    const report = await statusReport(w.ctx, at(145));
    expect(report.map((e) => [e.target, e.verdict])).toEqual([
      [`env:${EU02}`, 'operational'],
      ['inst:LIB-A', 'operational'],
      ['inst:LIB-B', 'operational'],
    ]);
  });

  it('flapping up/down every run: no alert storm (zero alerts over an hour)', async () => {
    const w = await world();
    let sent = 0;
    for (let run = 0; run < 12; run++) {
      server.setScenario(run % 2 ? 'operational' : 'outage');
      sent += (await w.run(run * 5)).sent;
    }
    expect(sent).toBe(0);
    expect(await w.mails()).toHaveLength(0);
  });

  it.each<SourceChoice>(['status-api', 'status-page', 'portal'])(
    'garbage from the %s: unknown, one operator alert, no outage alert',
    async (source) => {
      const w = await world({ source });
      server.setScenario('garbage');
      for (const minute of [0, 5, 10, 15]) await w.run(minute);

      const mails = await w.mails();
      expect(mails.map((m) => m.subject)).toEqual([
        `[UNKNOWN] ${EU02} — the checker cannot read its source (${source === 'status-api' ? 'Ex Libris status API' : 'Ex Libris status page'})`,
      ]);
      expect(mails[0]!.destination.to.join(',')).toContain(w.addresses.operators);
      expect(mails[0]!.destination.to.join(',')).not.toContain(w.addresses.recipients);
      const report = await statusReport(w.ctx, at(15));
      expect(report.map((e) => e.verdict)).toEqual(['unknown', 'operational', 'operational']);
    },
  );

  it('maintenance announced then running: told once in advance, no probe alerts inside the window', async () => {
    const w = await world();
    server.setScenario('maintenance-announced');
    await w.run(0);
    await w.run(5);
    expect(await w.subjects()).toEqual([
      `[MAINTENANCE] ${EU02} — maintenance announced by Ex Libris: Alma EU02 - Production: scheduled maintenance on 10 March 2027, 07:00-13:00 UTC`,
    ]);

    server.setScenario('maintenance-started'); // Alma answers 503 during the window
    for (let minute = 10; minute <= 60; minute += 5) await w.run(minute);
    expect(await w.subjects()).toHaveLength(1);
    expect((await statusReport(w.ctx, at(60))).map((e) => e.verdict)).toEqual([
      'maintenance',
      'maintenance',
      'maintenance',
    ]);

    server.setScenario('maintenance-finished');
    for (const minute of [65, 70, 75]) await w.run(minute);
    expect(await w.subjects()).toHaveLength(1);
    expect((await statusReport(w.ctx, at(75))).map((e) => e.verdict)).toEqual([
      'operational',
      'operational',
      'operational',
    ]);
  });

  it('maintenance shown on the status page: one notice, no probe alerts', async () => {
    const w = await world({ source: 'status-page' });
    server.setScenario('maintenance-started');
    for (let minute = 0; minute <= 30; minute += 5) await w.run(minute);
    expect(await w.subjects()).toEqual([
      `[MAINTENANCE] ${EU02} — maintenance in progress (Ex Libris): Scheduled maintenance`,
    ]);
  });

  it('Ex Libris says normal, every probe fails: one helpdesk alert naming all institutions', async () => {
    const w = await world({ source: 'status-page' });
    server.setScenario('probes-down');
    for (const minute of [0, 5, 10]) await w.run(minute);
    const mails = await w.mails();
    expect(mails.map((m) => m.subject)).toEqual([
      `[DOWN] ${EU02} — Alma unreachable for both institutions while Ex Libris reports normal operation`,
    ]);
    const to = mails[0]!.destination.to.join(',');
    expect(to).toContain(w.addresses.helpdesk);
    expect(to).toContain(w.addresses.recipients);
    expect(mails[0]!.body.text).toContain('Either the status page is wrong or the problem is on our side');
    expect(mails[0]!.body.text).toContain('Institutions: Library A (LIB-A), Library B (LIB-B).');
    expect(mails[0]!.body.text).toContain(
      'Ex Libris status page: operational — Service is operating normally',
    );
  });

  it('Ex Libris says normal, one institution fails: the helpdesk alert names that institution only', async () => {
    const w = await world();
    server.setScenario('operational', {
      '/lib-a/almaws/v1/users/operation/test': { status: 503, fixture: 'alma-api/unavailable.html' },
      '/lib-a/mng/login': { refuse: true },
    });
    for (const minute of [0, 5]) await w.run(minute);
    expect(await w.subjects()).toEqual([
      `[DOWN] ${EU02} — Alma unreachable for Library A (LIB-A) while Ex Libris reports normal operation`,
    ]);
  });

  it('two overlapping runs never send the same alert twice', async () => {
    const w = await world();
    server.setScenario('outage');
    await w.run(0);
    const pair = await Promise.all([w.run(5), w.run(5, 700)]);
    expect(await w.subjects()).toEqual([`[DOWN] ${EU02} — Ex Libris reports an outage`]);
    expect(pair.reduce((n, r) => n + r.sent, 0)).toBe(1);

    await Promise.all([w.run(125), w.run(125, 300), w.run(125, 600)]);
    expect(await w.subjects()).toHaveLength(2);
  });

  it('two overlapping first runs with failuresBeforeAlert = 1 send one alert', async () => {
    const w = await world({ monitor: { failuresBeforeAlert: 1 } });
    server.setScenario('probes-down');
    await Promise.all([w.run(0), w.run(0, 400)]);
    expect(await w.subjects()).toHaveLength(1);
  });

  it('an alert whose mail failed is sent by the next run, once', async () => {
    const w = await world();
    const mailer = w.ctx.mailer;
    let failures = 1;
    w.ctx.mailer = {
      send: async (mail) => {
        if (failures-- > 0) throw new Error('SES throttled');
        return mailer.send(mail);
      },
    };
    server.setScenario('outage');
    await w.run(0);
    expect((await w.run(5)).sendFailures).toBe(1);
    expect((await w.run(10)).sent).toBe(1);
    await w.run(15);
    expect(await w.subjects()).toEqual([`[DOWN] ${EU02} — Ex Libris reports an outage`]);
  });
});

describe('one operator mail per cause', () => {
  const three = () =>
    ['LIB-A', 'LIB-B', 'LIB-C'].map((code) => ({
      code,
      name: `Library ${code.slice(-1)}`,
      language: 'en',
      managers: [`manager@${code.toLowerCase()}.example`],
      almaEnvironment: EU02,
      almaUrl: `${server.url}/${code.toLowerCase()}/mng/login`,
      almaApiBase: `${server.url}/${code.toLowerCase()}`,
      almaApiKeySecret: 'alma-api-key/network',
    }));

  it('three institutions naming a missing API-key secret: one operator mail naming all three; fixed: one recovery', async () => {
    const w = await world({ institutions: three(), secrets: { 'exlibris-status': 'monitor:replay' } });
    server.setScenario('operational');
    for (const minute of [0, 5, 10, 15]) await w.run(minute);

    const mails = await w.mails();
    expect(mails.map((m) => m.subject)).toEqual([
      `[UNKNOWN] ${EU02} — the checker cannot read its source (Alma API test (users/operation/test))`,
    ]);
    expect(mails[0]!.destination.to).toEqual([w.addresses.operators]);
    expect(mails[0]!.body.text).toContain(
      'for Library A (LIB-A), Library B (LIB-B), Library C (LIB-C) (since 10/03/2027 09:00): API key unavailable (NotFoundError)',
    );

    // The operator creates the secret: the next run reads the API again and says so, once.
    writeFileSync(
      join(w.ctx.dataDir, 'secrets.json'),
      JSON.stringify({ 'alma-api-key/network': 'l7xx-replay-key', 'exlibris-status': 'monitor:replay' }),
    );
    for (const minute of [20, 25, 30]) await w.run(minute);
    const after = (await w.mails()).slice(1);
    expect(after.map((m) => m.subject)).toEqual([
      `[OPERATIONAL] ${EU02} — the checker reads its source again (Alma API test (users/operation/test))`,
    ]);
    expect(after[0]!.body.text).toContain(
      'for Library A (LIB-A), Library B (LIB-B), Library C (LIB-C) again: it was unreadable from 10/03/2027 09:00 to 10/03/2027 09:20 (20 min).',
    );
  });

  it('probe failures of several institutions on one environment: one mail naming each', async () => {
    const w = await world({
      institutions: three(),
      secrets: { 'alma-api-key/network': 'k', 'exlibris-status': 'monitor:replay' },
    });
    server.setScenario('operational', {
      '/lib-a/almaws/v1/users/operation/test': { status: 503, fixture: 'alma-api/unavailable.html' },
      '/lib-a/mng/login': { refuse: true },
      '/lib-b/almaws/v1/users/operation/test': { status: 503, fixture: 'alma-api/unavailable.html' },
      '/lib-b/mng/login': { refuse: true },
    });
    for (const minute of [0, 5, 10]) await w.run(minute);
    expect(await w.subjects()).toEqual([
      `[DOWN] ${EU02} — Alma unreachable for Library A (LIB-A), Library B (LIB-B) while Ex Libris reports normal operation`,
    ]);
  });

  it.each<SourceChoice>(['status-api', 'status-page', 'portal'])(
    'the %s changes shape: unknown, one operator mail, no outage alert',
    async (source) => {
      const w = await world({ source });
      server.setScenario('changed-shape');
      for (const minute of [0, 5, 10, 15]) await w.run(minute);
      const mails = await w.mails();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toMatch(
        /^\[UNKNOWN\] Alma EU02 - Production — the checker cannot read its source/,
      );
      expect(mails[0]!.destination.to).toEqual([w.addresses.operators]);
      expect((await statusReport(w.ctx, at(15))).map((e) => e.verdict)).toEqual([
        'unknown',
        'operational',
        'operational',
      ]);
    },
  );

  it('several sources for one environment: a readable one wins, the unreadable one is told to operators', async () => {
    const w = await world({
      monitor: {
        environments: [
          {
            name: EU02,
            sources: [
              { kind: 'status-portal', url: `${server.url}/api/now/sp/page?portal_id=x` },
              { kind: 'status-xml', url: `${server.url}/?page_id=5511` },
            ],
          },
        ],
      },
    });
    server.setScenario('outage', { '/api/now/sp/page': { fixture: 'status-portal/changed-shape.json' } });
    for (const minute of [0, 5]) await w.run(minute);
    const subjects = await w.subjects();
    expect(subjects).toContain(`[DOWN] ${EU02} — Ex Libris reports an outage`);
    expect(subjects).toContain(
      `[UNKNOWN] ${EU02} — the checker cannot read its source (Ex Libris status portal)`,
    );
    const down = (await w.mails()).find((m) => m.subject.startsWith('[DOWN]'))!;
    expect(down.body.text).toContain('Ex Libris status XML interface: down — Service disruption');
  });
});

describe('weekly summary', () => {
  it('opt-in: the last week’s episodes with durations and availability, once', async () => {
    const off = await world();
    expect(await runStatusSummary(off.ctx, at(7 * 24 * 60))).toMatchObject({ sent: 0, skipped: 'off' });

    const w = await world({ monitor: { weeklySummary: true } });
    server.setScenario('operational');
    for (const minute of [0, 5]) await w.run(minute);
    server.setScenario('outage'); // Wednesday 10 March, 09:10–09:25 Brussels
    for (const minute of [10, 15, 20]) await w.run(minute);
    server.setScenario('operational');
    for (const minute of [25, 30]) await w.run(minute);

    const monday = new Date('2027-03-15T07:00:00Z');
    expect(await runStatusSummary(w.ctx, monday)).toMatchObject({ sent: 1, week: '2027-03-08' });
    expect(await runStatusSummary(w.ctx, new Date(monday.getTime() + 3_600_000))).toMatchObject({
      sent: 0,
      skipped: 'already sent',
    });
    const mails = (await w.mails()).filter((m) => m.subject.startsWith('[SUMMARY]'));
    expect(mails.map((m) => m.subject)).toEqual(['[SUMMARY] Alma status, week of 08/03/2027 to 14/03/2027']);
    expect(mails[0]!.destination.to).toEqual([w.addresses.recipients]);
    expect(mails[0]!.body.text).toContain(
      `${EU02}: availability 57.14 %\n  - down from 10/03/2027 09:10 to 10/03/2027 09:25 (15 min)`,
    );
    expect(mails[0]!.body.text).toContain('Library B (LIB-B): availability 57.14 %');
  });
});

describe('status history and report', () => {
  it('keeps each check with a 90-day TTL and reports availability over 24 h, 7 d and 30 d', async () => {
    const w = await world();
    server.setScenario('operational');
    for (const minute of [0, 5, 10]) await w.run(minute);
    server.setScenario('probes-down');
    await w.run(15);

    const check = await w.ctx.db.get({
      TableName: w.ctx.tableName,
      Key: { PK: 'MONITOR#inst:LIB-A', SK: `CHECK#${at(15).toISOString()}` },
    });
    expect(check.Item).toMatchObject({
      verdict: 'down',
      expiresAt: Math.floor(at(15).getTime() / 1000) + 90 * 86_400,
    });

    const report = await statusReport(w.ctx, at(16));
    const libA = report.find((e) => e.target === 'inst:LIB-A')!;
    expect(libA).toMatchObject({
      verdict: 'operational',
      lastVerdict: 'down',
      kind: 'institution',
      environment: EU02,
    });
    expect(libA.availability['24h']).toMatchObject({ percent: 75, checks: 4, down: 1 });
    expect(libA.availability['30d'].checks).toBe(4);
    expect(report.find((e) => e.kind === 'environment')!.availability['7d'].percent).toBe(100);
  });
});
