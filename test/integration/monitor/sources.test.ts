import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../local/dynamodb-local';
import { type StatusReplayServer, startStatusReplayServer } from '../../../local/status-replay-server';
import { probeAlmaApi, probeAlmaUrl } from '../../../shared/adapters/http/alma-probes';
import {
  createStatusSource,
  StatusApiSource,
  StatusPageSource,
} from '../../../shared/adapters/http/status-sources';
import type { StatusSourceConfig } from '../../../shared/config/schema';
import type { SecretReader } from '../../../shared/domain/ports';
import { NotFoundError } from '../../../shared/errors';

/** The HTTP readers and probes against the replay server: recorded answers, delays, refused and silent sockets. */

const EU02 = 'Alma EU02 - Production';
const now = new Date('2027-03-10T08:00:00Z');
const timeoutMs = 250;
const secrets: SecretReader = {
  get: async (name) => {
    if (name === 'exlibris-status') return 'monitor:replay';
    throw new NotFoundError(`no ${name}`);
  },
};

let server: StatusReplayServer;
beforeAll(async () => {
  server = await startStatusReplayServer();
});
afterAll(async () => {
  await server.stop();
});

describe('Ex Libris sources over HTTP', () => {
  it.each([
    ['operational', 'operational'],
    ['degraded', 'degraded'],
    ['outage', 'down'],
    ['maintenance-announced', 'operational'],
    ['maintenance-started', 'maintenance'],
    ['maintenance-finished', 'operational'],
  ] as const)('status API, %s → %s; page HTML and portal JSON agree', async (scenario, verdict) => {
    server.setScenario(scenario);
    const api = await new StatusApiSource(server.url, 'exlibris-status', secrets, { timeoutMs }).read(
      [EU02],
      now,
    );
    const page = await new StatusPageSource(`${server.url}/`, { timeoutMs }).read([EU02]);
    const portal = await new StatusPageSource(`${server.url}/api/v2/services.json`, { timeoutMs }).read([
      EU02,
    ]);
    expect(api.get(EU02)).toMatchObject({ verdict, readable: true, httpStatus: 200 });
    expect(page.get(EU02)?.verdict).toBe(verdict);
    expect(portal.get(EU02)?.verdict).toBe(verdict);
  });

  it('asks the outage table with Basic auth, filtered to our environments', async () => {
    const source = new StatusApiSource(server.url, 'exlibris-status', secrets, { timeoutMs });
    const url = source.requestUrl([EU02]);
    expect(url.pathname).toBe('/api/now/table/cmdb_ci_outage');
    expect(url.searchParams.get('sysparm_query')).toBe(`cmdb_ciLIKE${EU02}^end=NULL`);
    expect(source.requestUrl([EU02, 'Alma EU00']).searchParams.get('sysparm_query')).toBe(
      `cmdb_ciLIKE${EU02}^ORcmdb_ciLIKEAlma EU00^end=NULL`,
    );
  });

  it('gives unknown (never down) when the source is silent, refuses, or its credentials are missing', async () => {
    for (const scenario of ['silent', 'refused'] as const) {
      server.setScenario(scenario);
      const started = performance.now();
      const page = await new StatusPageSource(`${server.url}/`, { timeoutMs }).read([EU02]);
      expect(page.get(EU02)).toMatchObject({ verdict: 'unknown', readable: false });
      expect(performance.now() - started).toBeLessThan(2000);
    }
    server.setScenario('operational');
    const api = await new StatusApiSource(server.url, 'missing-secret', secrets, { timeoutMs }).read(
      [EU02],
      now,
    );
    expect(api.get(EU02)).toMatchObject({
      verdict: 'unknown',
      summary: 'credentials unavailable (NotFoundError)',
    });
  });
});

describe('every Ex Libris source kind, from its recorded answers', () => {
  const kinds: Record<string, () => StatusSourceConfig> = {
    'status-api': () => ({ kind: 'status-api', url: server.url, credentialsSecret: 'exlibris-status' }),
    'status-xml': () => ({ kind: 'status-xml', url: `${server.url}/?page_id=5511` }),
    'status-page': () => ({ kind: 'status-page', url: `${server.url}/` }),
    'status-portal': () => ({
      kind: 'status-portal',
      url: `${server.url}/api/now/sp/page?portal_id=24ca47791b6fd8d04bd3ca286e4bcb75`,
    }),
  };
  const read = (kind: string) => createStatusSource(kinds[kind]!(), secrets, { timeoutMs }).read([EU02], now);

  it.each(
    Object.keys(kinds).flatMap((kind) =>
      (
        [
          ['operational', 'operational'],
          ['degraded', 'degraded'],
          ['outage', 'down'],
          ['maintenance-started', 'maintenance'],
          ['maintenance-finished', 'operational'],
        ] as const
      ).map(([scenario, verdict]) => [kind, scenario, verdict] as const),
    ),
  )('%s, %s → %s', async (kind, scenario, verdict) => {
    server.setScenario(scenario);
    expect((await read(kind)).get(EU02)).toMatchObject({
      source: kind,
      verdict,
      readable: true,
      httpStatus: 200,
    });
  });

  it('the XML interface is a POST of act=get_status&client=xml&envs=…; its schedule is an announced window', async () => {
    server.setScenario('maintenance-announced');
    const reading = (await read('status-xml')).get(EU02)!;
    expect(reading).toMatchObject({ verdict: 'operational', readable: true });
    expect(reading.maintenance).toEqual([
      {
        id: 'xml:2027-03-11T07:00:00.000Z',
        title: 'Alma quarterly maintenance. Alma will be unavailable during this time.',
        start: '2027-03-11T07:00:00.000Z',
        end: '2027-03-11T09:00:00.000Z',
        started: false,
      },
    ]);
  });

  it.each(Object.keys(kinds))(
    '%s in a changed shape → unknown with cause "shape", never down',
    async (kind) => {
      server.setScenario('changed-shape');
      expect((await read(kind)).get(EU02)).toMatchObject({
        verdict: 'unknown',
        readable: false,
        cause: 'shape',
      });
    },
  );
});

describe('Alma probes over HTTP', () => {
  const api = (prefix = '/lib-a') =>
    probeAlmaApi({ apiBase: `${server.url}${prefix}`, apiKey: 'k' }, { timeoutMs });
  const ui = () => probeAlmaUrl({ url: `${server.url}/lib-a/mng/login` }, { timeoutMs });

  it('reads an OK test answer and records X-Exl-Api-Remaining', async () => {
    server.setScenario('operational');
    expect(await api()).toMatchObject({ verdict: 'operational', httpStatus: 200, apiRemaining: 149873 });
    expect(await ui()).toMatchObject({ verdict: 'operational', httpStatus: 200 });
  });

  it('says down on 5xx, refused connections and silence, within the timeout', async () => {
    server.setScenario('outage');
    expect(await api()).toMatchObject({ verdict: 'down', httpStatus: 503 });
    server.setScenario('refused');
    expect((await ui()).summary).toMatch(/^connection failed|^request failed/);
    for (const scenario of ['silent', 'slow'] as const) {
      server.setScenario(scenario);
      const started = performance.now();
      const [a, u] = await Promise.all([api(), ui()]);
      expect([a.verdict, u.verdict, a.summary]).toEqual(['down', 'down', `no answer within ${timeoutMs} ms`]);
      expect(performance.now() - started).toBeLessThan(2000);
    }
    const port = await freePort();
    const closed = await probeAlmaUrl({ url: `http://127.0.0.1:${port}/mng/login` }, { timeoutMs });
    expect(closed).toMatchObject({ verdict: 'down', summary: 'connection failed (ECONNREFUSED)' });
  });

  it('says unknown for an answer it cannot read: a refused API key, a 200 without OK', async () => {
    server.setScenario('invalid-api-key');
    const refused = await api();
    expect(refused).toMatchObject({ verdict: 'unknown', readable: false, httpStatus: 401, cause: 'api-key' });
    expect(refused.summary).toBe(
      "API key refused (UNAUTHORIZED: API-key not defined or not configured to allow this API.); check the institution's key and its Users permission",
    );
    server.setScenario('operational', {
      '/lib-a/almaws/v1/users/operation/test': { body: '<html>maintenance</html>' },
    });
    expect(await api()).toMatchObject({ verdict: 'unknown', readable: false });
  });

  it('does not follow redirects: a 302 from the Alma address is an answer', async () => {
    server.setScenario('operational', {
      '/lib-a/mng/login': { status: 302, headers: { Location: 'http://127.0.0.1:9/idp' } },
    });
    expect(await ui()).toMatchObject({ verdict: 'operational', httpStatus: 302 });
  });
});
