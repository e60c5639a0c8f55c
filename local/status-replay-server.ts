import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A local stand-in for Ex Libris and Alma that replays recorded answers (events/status/), so
 * the monitor can be run against operational, degraded, outage, maintenance, garbage, slow and
 * refused answers without the network. Paths mimic the real ones:
 * - `/api/now/table/cmdb_ci_outage` — the status API (ServiceNow table)
 * - `POST /` (`/?page_id=5511`) — the older XML interface (`act=get_status&client=xml&envs=…`)
 * - `/` — the status page HTML; `/api/now/sp/page` — its ServiceNow portal JSON;
 *   `/api/v2/services.json` — a flat portal JSON (the shape the first reader was written for)
 * - `…/almaws/v1/users/operation/test` — the Alma API (Users area) key test; `…/mng/login` — an institution's Alma address
 * A path may carry a prefix (`/lib-a/almaws/v1/users/operation/test`) so each institution can be given its own answer.
 */

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'events', 'status');

export interface ReplayAnswer {
  status?: number;
  /** A file under events/status/ (e.g. `status-api/outage.json`). */
  fixture?: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Answer only after this many milliseconds. */
  delayMs?: number;
  /** Close the socket without answering (connection refused/reset). */
  refuse?: boolean;
  /** Never answer; the connection stays open until the server stops. */
  hang?: boolean;
}

/** Answers by path: an exact path, or a suffix of the request path (longest wins). */
export type ReplayRoutes = Record<string, ReplayAnswer>;

export const STATUS_API_PATH = '/api/now/table/cmdb_ci_outage';
export const PORTAL_PATH = '/api/v2/services.json';
export const SP_PORTAL_PATH = '/api/now/sp/page';
/** Routes keyed by method and path answer that method only (the XML interface is a POST to `/`). */
export const XML_STATUS_ROUTE = 'POST /';
export const ALMA_TEST_PATH = '/almaws/v1/users/operation/test';
export const ALMA_LOGIN_PATH = '/mng/login';

const ALMA_OK: ReplayAnswer = {
  fixture: 'alma-api/ok.json',
  headers: { 'X-Exl-Api-Remaining': '149873' },
};
const ALMA_DOWN: ReplayAnswer = { status: 503, fixture: 'alma-api/unavailable.html' };
const LOGIN_OK: ReplayAnswer = { fixture: 'alma-ui/login.html' };
const LOGIN_DOWN: ReplayAnswer = { status: 503, fixture: 'alma-ui/unavailable.html' };

/** Every Ex Libris form saying the same thing: its status API, XML, page, portal (ServiceNow and flat). */
function exlibris(api: string, page: string, portal: string, xml = 'operational.xml'): ReplayRoutes {
  return {
    [STATUS_API_PATH]: { fixture: `status-api/${api}` },
    [XML_STATUS_ROUTE]: { fixture: `status-xml/${xml}` },
    '/': { fixture: `status-page/${page}` },
    [SP_PORTAL_PATH]: { fixture: `status-portal/${portal}` },
    [PORTAL_PATH]: { fixture: `portal/${portal}` },
  };
}

function everywhere(answer: ReplayAnswer): ReplayRoutes {
  return Object.fromEntries(
    [
      STATUS_API_PATH,
      XML_STATUS_ROUTE,
      '/',
      SP_PORTAL_PATH,
      PORTAL_PATH,
      ALMA_TEST_PATH,
      ALMA_LOGIN_PATH,
    ].map((path) => [path, answer]),
  );
}

const OPERATIONAL = exlibris('operational.json', 'operational.html', 'operational.json');

export const SCENARIOS = {
  operational: { ...OPERATIONAL, [ALMA_TEST_PATH]: ALMA_OK, [ALMA_LOGIN_PATH]: LOGIN_OK },
  degraded: {
    ...exlibris('degraded.json', 'degraded.html', 'degraded.json', 'degraded.xml'),
    [ALMA_TEST_PATH]: ALMA_OK,
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  outage: {
    ...exlibris('outage.json', 'outage.html', 'outage.json', 'outage.xml'),
    [ALMA_TEST_PATH]: ALMA_DOWN,
    [ALMA_LOGIN_PATH]: LOGIN_DOWN,
  },
  'maintenance-announced': {
    ...exlibris(
      'maintenance-announced.json',
      'operational.html',
      'operational.json',
      'maintenance-announced.xml',
    ),
    [ALMA_TEST_PATH]: ALMA_OK,
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  'maintenance-started': {
    ...exlibris(
      'maintenance-started.json',
      'maintenance.html',
      'maintenance.json',
      'maintenance-started.xml',
    ),
    [ALMA_TEST_PATH]: ALMA_DOWN,
    [ALMA_LOGIN_PATH]: LOGIN_DOWN,
  },
  'maintenance-finished': {
    ...exlibris(
      'maintenance-finished.json',
      'operational.html',
      'operational.json',
      'maintenance-finished.xml',
    ),
    [ALMA_TEST_PATH]: ALMA_OK,
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  /** Ex Libris answers with pages we cannot read; Alma itself is fine. */
  garbage: {
    [STATUS_API_PATH]: { fixture: 'status-api/garbage.html' },
    [XML_STATUS_ROUTE]: { fixture: 'status-page/garbage.html' },
    '/': { fixture: 'status-page/garbage.html' },
    [SP_PORTAL_PATH]: { fixture: 'portal/garbage.json' },
    [PORTAL_PATH]: { fixture: 'portal/garbage.json' },
    [ALMA_TEST_PATH]: ALMA_OK,
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  /** Each Ex Libris form answers, but in a shape we have never seen (a redesign); Alma itself is fine. */
  'changed-shape': {
    [STATUS_API_PATH]: { fixture: 'status-api/changed-shape.json' },
    [XML_STATUS_ROUTE]: { fixture: 'status-xml/changed-shape.xml' },
    '/': { fixture: 'status-page/changed-shape.html' },
    [SP_PORTAL_PATH]: { fixture: 'status-portal/changed-shape.json' },
    [PORTAL_PATH]: { fixture: 'status-portal/changed-shape.json' },
    [ALMA_TEST_PATH]: ALMA_OK,
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  /** The seed's special case: Ex Libris says all is well, Alma does not answer us. */
  'probes-down': { ...OPERATIONAL, [ALMA_TEST_PATH]: ALMA_DOWN, [ALMA_LOGIN_PATH]: { refuse: true } },
  'invalid-api-key': {
    ...OPERATIONAL,
    [ALMA_TEST_PATH]: { status: 401, fixture: 'alma-api/invalid-key.xml' },
    [ALMA_LOGIN_PATH]: LOGIN_OK,
  },
  /** Everything answers, 3 s late. */
  slow: Object.fromEntries(
    Object.entries({ ...OPERATIONAL, [ALMA_TEST_PATH]: ALMA_OK, [ALMA_LOGIN_PATH]: LOGIN_OK }).map(
      ([path, a]) => [path, { ...a, delayMs: 3000 }],
    ),
  ),
  /** Nothing ever answers. */
  silent: everywhere({ hang: true }),
  /** Every connection is closed at once. */
  refused: everywhere({ refuse: true }),
} satisfies Record<string, ReplayRoutes>;

export type ScenarioName = keyof typeof SCENARIOS;

export interface StatusReplayServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** A named scenario (clears overrides), or per-path answers laid over the current scenario. */
  setScenario(scenario: ScenarioName | ReplayRoutes, overrides?: ReplayRoutes): void;
  /** Paths requested so far (without query), oldest first. */
  requests: string[];
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'text/xml; charset=utf-8',
};

function pick(routes: ReplayRoutes, path: string, method: string): ReplayAnswer | undefined {
  const own = routes[`${method} ${path}`];
  if (own) return own;
  if (routes[path]) return routes[path];
  let best: string | undefined;
  for (const key of Object.keys(routes)) {
    if (key.length > 1 && !key.includes(' ') && path.endsWith(key) && (!best || key.length > best.length))
      best = key;
  }
  return best ? routes[best] : undefined;
}

export async function startStatusReplayServer(
  options: { port?: number; scenario?: ScenarioName } = {},
): Promise<StatusReplayServer> {
  let base: ReplayRoutes = SCENARIOS[options.scenario ?? 'operational'];
  let overrides: ReplayRoutes = {};
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://replay').pathname;
    requests.push(path);
    const method = (request.method ?? 'GET').toUpperCase();
    // `POST /_scenario/<name>` switches the replayed world (e.g. to an outage) while `npm start` runs.
    const wanted = /^\/_scenario\/([a-z-]+)$/.exec(path)?.[1];
    if (method === 'POST' && wanted) {
      if (!(wanted in SCENARIOS)) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no scenario ${wanted}`);
        return;
      }
      base = SCENARIOS[wanted as ScenarioName];
      overrides = {};
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end(`scenario ${wanted}\n`);
      return;
    }
    const chosen = pick(overrides, path, method) ?? pick(base, path, method);
    if (!chosen) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no recorded answer for ${path}`);
      return;
    }
    if (chosen.hang) return;
    if (chosen.refuse) {
      request.socket.destroy();
      return;
    }
    const send = () => {
      if (response.destroyed) return;
      const body = chosen.fixture
        ? readFileSync(join(fixtures, chosen.fixture))
        : Buffer.from(chosen.body ?? '');
      const contentType =
        chosen.contentType ?? CONTENT_TYPES[extname(chosen.fixture ?? '')] ?? 'text/plain; charset=utf-8';
      response.writeHead(chosen.status ?? 200, { 'Content-Type': contentType, ...chosen.headers }).end(body);
    };
    if (chosen.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, chosen.delayMs);
      timers.add(timer);
    } else {
      send();
    }
  };

  const server = createServer(answer);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setScenario(scenario, extra) {
      if (typeof scenario === 'string') {
        base = SCENARIOS[scenario];
        overrides = { ...extra };
      } else {
        overrides = { ...overrides, ...scenario, ...extra };
      }
    },
    stop: () =>
      new Promise<void>((resolveStop) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolveStop());
      }),
  };
}
