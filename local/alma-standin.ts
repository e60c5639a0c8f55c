import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname } from 'node:path';
import type { AlmaUser, AlmaUserBrief } from '../shared/domain/alma/user-record';
import { escapeHtml } from '../shared/domain/texts/html';

/**
 * A local stand-in for Alma's REST gateway, written from Ex Libris' public API documentation,
 * for `npm start`, the tests and the benchmarks. One server holds several Institution Zones,
 * each reached with its own API key (`Authorization: apikey <key>` or `?apikey=`). Each behaviour
 * follows Ex Libris' OpenAPI of the Users API (`specs/users.json`, as published in
 * github.com/ugent-library/exlibris-alma-sdk), cited where it is implemented:
 * - `GET|POST /almaws/v1/users/operation/test` → `<test>GET - OK - …</test>`: the Users area's own
 *   key test; a key is given areas (Users by default), and a call to another area's API (e.g.
 *   `/conf/test`) is refused like an unknown key
 * - `GET|POST /almaws/v1/users`, `GET|PUT /almaws/v1/users/{id}`: in-memory users (a JSON file
 *   under the data dir keeps them across restarts); brief search results (`q=field~words`, no user
 *   group in them); PUT swaps all but the roles (kept when none are sent) and, for EXTERNAL users,
 *   the fields only `override` may replace
 * - errors as Alma writes them: `errorList.error[].errorCode/errorMessage/trackingId`, in JSON when
 *   JSON is asked and XML otherwise; a missing, unknown or wrong-area key is a 401 with an XML body
 * - more than 25 calls in one second for a key → 429 PER_SECOND_THRESHOLD; a daily quota per
 *   key, shown in `X-Exl-Api-Remaining` (0 left → 429 DAILY_THRESHOLD)
 * - `password` on PUT (and POST) is write-only: kept aside, never in an answer; 500038 for one under
 *   8 characters or holding the user name ("New password must be at least 8 characters long and
 *   must not include the user-name or any commonly used password.", PUT /almaws/v1/users/{user_id});
 *   `force_password_change` is kept as sent
 * - `POST /almaws/v1/users/{id}?op=auth` with the password in the `Exl-User-Pw` header (URL-encoded)
 *   or the `password` parameter: 204 when it matches, else 400 401866 "User authentication failed",
 *   401890 for an unknown user ("Authenticate or refresh user", POST /almaws/v1/users/{user_id})
 * - `/` lists every zone's users (and lets a person change an expiry date, to see the drift report)
 * Faults the real gateway shows now and then (5xx, slow or no answer) can be injected.
 */
export interface StandInZone {
  /** The institution code (LIB-A): the zone's name on the page. */
  code: string;
  apiKey: string;
  /** The user groups Alma accepts (401852 otherwise); any when empty. */
  userGroups?: string[];
  /** The API areas the key may call (Ex Libris' keys are given per area); default the Users area only. */
  areas?: StandInArea[];
}

export type StandInArea = 'users' | 'conf';

export interface StandInOptions {
  port?: number;
  zones: StandInZone[];
  /** Daily quota per key (the value of X-Exl-Api-Remaining at the start). */
  dailyQuota?: number;
  /** Alma's per-second threshold per institution. */
  perSecond?: number;
  /** Keeps the users in this JSON file. */
  file?: string;
}

export interface StandInFault {
  status?: number;
  body?: string;
  contentType?: string;
  /** Answer only after this many milliseconds (then as usual, unless a status is given). */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** How many requests it applies to (default 1). */
  times?: number;
  /** Only requests with this method (GET, POST, PUT). */
  method?: string;
  /** Only requests of this route: `GET /users/{id}`, `PUT /users/{id}`, `GET /users`… (as in the stats). */
  route?: string;
}

export interface StandInStats {
  requests: number;
  /** `POST /users`, `GET /users/{id}`, `PUT /users/{id}`, `GET /users`, `GET /users/operation/test`. */
  byRoute: Record<string, number>;
  /** Answered 429 PER_SECOND_THRESHOLD. */
  throttled: number;
  unauthorized: number;
  /** The most calls that started within one second for one key. */
  peakPerSecond: number;
}

export interface AlmaStandIn {
  url: string;
  stop(): Promise<void>;
  users(zone: string): AlmaUser[];
  user(zone: string, primaryId: string): AlmaUser | undefined;
  /** Puts users straight into a zone (seeding a bench or a test), no API call counted. */
  seed(zone: string, users: AlmaUser[]): void;
  /** Changes a user directly, as a person in Alma's UI would. */
  edit(zone: string, primaryId: string, change: Partial<AlmaUser>): void;
  setRemaining(zone: string, remaining: number): void;
  inject(fault: StandInFault): void;
  clearFaults(): void;
  stats(): StandInStats;
  resetStats(): void;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const API = '/almaws/v1';

interface Zone extends StandInZone {
  users: Map<string, AlmaUser>;
  /** Write-only passwords by lower-cased primary id: never part of a user answer. */
  passwords: Map<string, string>;
  remaining: number;
  recent: number[];
}

class AlmaAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const trackingId = () =>
  `E01-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(6).toString('hex').toUpperCase()}`;

function wantsJson(request: IncomingMessage, url: URL): boolean {
  return /json/i.test(request.headers.accept ?? '') || url.searchParams.get('format') === 'json';
}

function errorBody(json: boolean, code: string, message: string): { type: string; body: string } {
  const id = trackingId();
  if (json)
    return {
      type: 'application/json;charset=UTF-8',
      body: JSON.stringify({
        errorsExist: true,
        errorList: { error: [{ errorCode: code, errorMessage: message, trackingId: id }] },
        result: null,
      }),
    };
  return {
    type: 'application/xml;charset=UTF-8',
    body: `${XML_HEAD}<web_service_result xmlns="http://com/exlibris/urm/general/xmlbeans"><errorsExist>true</errorsExist><errorList><error><errorCode>${escapeHtml(code)}</errorCode><errorMessage>${escapeHtml(message)}</errorMessage><trackingId>${id}</trackingId></error></errorList></web_service_result>`,
  };
}

/** The Users area's key test (`specs/users.json`: "used to test if the API key was configured correctly"). */
const USERS_TEST = '/users/operation/test';

/** `GET /users/{id}`: a request's route, as the stats count it. */
function routeOf(method: string, pathname: string): string {
  const path = pathname.slice(API.length).replace(/\/+$/, '');
  if (path === USERS_TEST) return `${method} ${path}`;
  return `${method} ${path.startsWith('/users/') ? '/users/{id}' : path}`;
}

/**
 * A brief user of `GET /users` (rest_users.xsd without `expand=full`): the names, the primary id,
 * the link; the user group is not among them.
 */
function brief(user: AlmaUser, base: string): AlmaUserBrief & { link: string } {
  return {
    primary_id: user.primary_id,
    first_name: user.first_name ?? '',
    last_name: user.last_name,
    full_name: `${user.first_name ?? ''} ${user.last_name}`.trim(),
    status: user.status ?? { value: 'ACTIVE' },
    link: `${base}${API}/users/${encodeURIComponent(user.primary_id)}`,
  };
}

/**
 * `GET /users` sorts by last name, first name and primary id; `order_by=primary_id` sorts by the
 * primary id, but "if the query option is used, the result will not sort by primary_id"
 * (specs/users.json, `order_by`): with a `q` the default order stands.
 */
function listOrder(q: string | null, orderBy: string | null): (a: AlmaUser, b: AlmaUser) => number {
  const byId = (a: AlmaUser, b: AlmaUser) => a.primary_id.localeCompare(b.primary_id);
  if (!q && orderBy === 'primary_id') return byId;
  return (a, b) =>
    a.last_name.localeCompare(b.last_name) ||
    (a.first_name ?? '').localeCompare(b.first_name ?? '') ||
    byId(a, b);
}

/**
 * Fields of an EXTERNAL user that a PUT does not replace "if updated manually (or if empty in the
 * incoming user record), unless 'override' parameter is sent with the field's name"
 * (specs/users.json, PUT /almaws/v1/users/{user_id}, `override`). The stand-in cannot tell a manual
 * change, so it keeps them unless `override` names them: the strict reading.
 */
const EXTERNAL_KEPT = [
  'user_group',
  'job_category',
  'pin_number',
  'preferred_language',
  'campus_code',
  'rs_libraries',
  'user_title',
  'library_notices',
  'pref_first_name',
  'pref_middle_name',
  'pref_last_name',
  'cataloger_level',
] as const;

/** `field~words` of Alma's brief search: every word found in that field (case ignored). */
function matches(user: AlmaUser, q: string | null): boolean {
  if (!q) return true;
  const at = q.indexOf('~');
  const field = at > 0 ? q.slice(0, at) : 'ALL';
  const words = (at > 0 ? q.slice(at + 1) : q).toLowerCase().split(/\s+/).filter(Boolean);
  const emails = (user.contact_info?.email ?? []).map((e) => e.email_address);
  // general_info: words of every field but e-mails, birth date and identifiers (Ex Libris' definition).
  const general = [user.first_name, user.last_name, user.user_group?.value, user.user_group?.desc]
    .concat([(user.job_category as { value?: string } | undefined)?.value])
    .filter(Boolean)
    .join(' ');
  const haystack: Record<string, string> = {
    primary_id: user.primary_id,
    first_name: user.first_name ?? '',
    last_name: user.last_name,
    email: emails.join(' '),
    general_info: general,
    // The group's code (and its description when held): `q=user_group~STAFF`.
    user_group: [user.user_group?.value, user.user_group?.desc].filter(Boolean).join(' '),
    ALL: `${user.primary_id} ${general} ${emails.join(' ')}`,
  };
  const text = (haystack[field] ?? '').toLowerCase();
  return words.every((w) => text.includes(w.replace(/\*$/, '')));
}

/**
 * Alma's answer for an unknown user, as Ex Libris' users API documents it (OpenAPI
 * `specs/users.json`, published in github.com/ugent-library/exlibris-alma-sdk): GET and PUT
 * /almaws/v1/users/{user_id} list 401890 "User with identifier X of type Y was not found." (the
 * `user_id_type` look-up, `all_unique` by default; PUT lists no other code); GET also lists
 * 401861 "User with identifier X was not found.", given here for a look-up of another type.
 */
function notFound(method: string, id: string, idType: string | null): AlmaAnswerError {
  const type = idType ?? 'all_unique';
  if (method === 'PUT' || type === 'all_unique')
    return new AlmaAnswerError(400, '401890', `User with identifier ${id} of type ${type} was not found.`);
  return new AlmaAnswerError(400, '401861', `User with identifier ${id} was not found.`);
}

/** Alma's own password rule (500038, POST and PUT /almaws/v1/users in `specs/users.json`). */
function checkPassword(password: unknown, primaryId: string): void {
  const userName = primaryId.toLowerCase().split('@')[0] ?? '';
  if (
    typeof password !== 'string' ||
    password.length < 8 ||
    (userName.length >= 3 && password.toLowerCase().includes(userName))
  )
    throw new AlmaAnswerError(
      400,
      '500038',
      'New password must be at least 8 characters long and must not include the user-name or any commonly used password.',
    );
}

function validate(zone: Zone, body: unknown, creating: boolean): AlmaUser {
  if (typeof body !== 'object' || body === null)
    throw new AlmaAnswerError(400, '401676', 'No valid XML was given.');
  const user = body as AlmaUser;
  for (const field of ['primary_id', 'record_type', 'last_name'] as const)
    if (!user[field]) throw new AlmaAnswerError(400, '401664', `Mandatory field is missing: ${field}`);
  if (creating && !user.user_group?.value)
    throw new AlmaAnswerError(400, '401664', 'Mandatory field is missing: user_group');
  if (user.user_group?.value && zone.userGroups?.length && !zone.userGroups.includes(user.user_group.value))
    throw new AlmaAnswerError(400, '401852', 'Given user group is not legal.');
  const type = user.account_type?.value;
  if (type !== 'INTERNAL' && type !== 'EXTERNAL')
    throw new AlmaAnswerError(
      400,
      '401857',
      'The given user account type is illegal (must be INTERNAL/EXTERNAL).',
    );
  if (type === 'EXTERNAL' && !user.external_id)
    throw new AlmaAnswerError(400, '401854', 'External Id must be given for external user.');
  if (type === 'INTERNAL' && user.external_id)
    throw new AlmaAnswerError(400, '401853', 'External Id must be empty for internal user.');
  for (const date of ['expiry_date', 'purge_date'] as const)
    if (user[date] !== undefined && !/^\d{4}-\d{2}-\d{2}Z?$/.test(String(user[date])))
      throw new AlmaAnswerError(400, '401864', `Given ${date} type (${String(user[date])}) is invalid.`);
  return user;
}

export async function startAlmaStandIn(options: StandInOptions): Promise<AlmaStandIn> {
  const perSecond = options.perSecond ?? 25;
  const zones = new Map<string, Zone>();
  for (const z of options.zones)
    zones.set(z.code, {
      ...z,
      users: new Map(),
      passwords: new Map(),
      remaining: options.dailyQuota ?? 100_000,
      recent: [],
    });
  const byKey = () => new Map([...zones.values()].map((z) => [z.apiKey, z]));

  if (options.file && existsSync(options.file)) {
    const saved = JSON.parse(readFileSync(options.file, 'utf8')) as Record<string, AlmaUser[]>;
    for (const [code, users] of Object.entries(saved)) {
      const zone = zones.get(code);
      for (const user of users) zone?.users.set(user.primary_id.toLowerCase(), user);
    }
  }
  const save = () => {
    if (!options.file) return;
    mkdirSync(dirname(options.file), { recursive: true });
    const all = Object.fromEntries([...zones.values()].map((z) => [z.code, [...z.users.values()]]));
    writeFileSync(options.file, `${JSON.stringify(all, null, 1)}\n`);
  };

  const faults: (StandInFault & { left: number })[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let stats: StandInStats = { requests: 0, byRoute: {}, throttled: 0, unauthorized: 0, peakPerSecond: 0 };
  let base = '';

  const send = (
    response: ServerResponse,
    status: number,
    type: string,
    body: string,
    headers: Record<string, string> = {},
  ) => {
    response.writeHead(status, { 'Content-Type': type, ...headers });
    response.end(body);
  };

  const api = (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => {
    const json = wantsJson(request, url);
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      const e = errorBody(json, code, message);
      send(response, status, e.type, e.body, headers);
    };
    const header = request.headers.authorization ?? '';
    const key = /^apikey\s+(\S+)$/i.exec(header)?.[1] ?? url.searchParams.get('apikey') ?? '';
    const zone = byKey().get(key);
    const area = url.pathname.slice(API.length).split('/')[1] ?? '';
    // A key is given per area (Users, Configuration…): another area's API refuses it as it refuses
    // an unknown key; Alma answers authentication errors in XML, whatever was asked.
    if (!zone || !(zone.areas ?? ['users']).includes(area as StandInArea)) {
      stats.unauthorized++;
      const e = errorBody(false, 'UNAUTHORIZED', 'API-key not defined or not configured to allow this API.');
      return send(response, 401, e.type, e.body);
    }
    const now = Date.now();
    zone.recent = zone.recent.filter((t) => now - t < 1000);
    if (zone.recent.length >= perSecond) {
      stats.throttled++;
      return fail(429, 'PER_SECOND_THRESHOLD', 'HTTP requests are more than allowed per second', {
        'X-Exl-Api-Remaining': String(zone.remaining),
      });
    }
    zone.recent.push(now);
    stats.peakPerSecond = Math.max(stats.peakPerSecond, zone.recent.length);
    if (zone.remaining <= 0)
      return fail(429, 'DAILY_THRESHOLD', 'Daily API Request Threshold has been reached.', {
        'X-Exl-Api-Remaining': '0',
      });
    zone.remaining--;
    const quota = { 'X-Exl-Api-Remaining': String(zone.remaining) };
    const path = url.pathname.slice(API.length).replace(/\/+$/, '');
    const method = request.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    const ok = (value: unknown) =>
      send(response, 200, 'application/json;charset=UTF-8', JSON.stringify(value), quota);
    try {
      if (route === 'GET /conf/test' || route === `GET ${USERS_TEST}` || route === `POST ${USERS_TEST}`)
        return send(
          response,
          200,
          'application/xml;charset=UTF-8',
          `${XML_HEAD}<test>${method} - OK - ${new Date().toISOString()}</test>`,
          quota,
        );
      if (route === 'GET /users') {
        const limit = Number(url.searchParams.get('limit') ?? 10);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        if (!Number.isInteger(limit) || limit < 0 || limit > 100 || !Number.isInteger(offset) || offset < 0)
          throw new AlmaAnswerError(400, '402119', 'General error.');
        const q = url.searchParams.get('q');
        const found = [...zone.users.values()]
          .filter((u) => matches(u, q))
          .sort(listOrder(q, url.searchParams.get('order_by')));
        const page = found.slice(offset, offset + limit).map((u) => brief(u, base));
        return ok({ ...(page.length ? { user: page } : {}), total_record_count: found.length });
      }
      if (route === 'POST /users') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          throw new AlmaAnswerError(400, '401676', 'No valid XML was given.');
        }
        const { password, ...user } = validate(zone, parsed, true);
        if (password !== undefined) checkPassword(password, user.primary_id);
        const id = user.primary_id.toLowerCase();
        if (zone.users.has(id))
          throw new AlmaAnswerError(400, '401851', 'User with identifier of type Primary ID already exists.');
        const stored: AlmaUser = {
          ...user,
          status: user.status ?? { value: 'ACTIVE' },
          full_name: `${user.first_name ?? ''} ${user.last_name}`.trim(),
          created_date: new Date().toISOString().slice(0, 10),
        };
        zone.users.set(id, stored);
        if (typeof password === 'string') zone.passwords.set(id, password);
        save();
        return ok(stored);
      }
      if (route === 'POST /users/{id}') {
        const id = decodeURIComponent(path.slice('/users/'.length)).toLowerCase();
        const op = url.searchParams.get('op') ?? 'auth';
        if (op !== 'auth')
          throw new AlmaAnswerError(400, '402119', `General error: op=${op} is not served here`);
        if (!zone.users.has(id)) throw new AlmaAnswerError(400, '401890', 'User was not found.');
        const header = request.headers['exl-user-pw'];
        const given =
          typeof header === 'string' ? decodeURIComponent(header) : (url.searchParams.get('password') ?? '');
        const held = zone.passwords.get(id);
        if (!given || held === undefined || given !== held)
          throw new AlmaAnswerError(400, '401866', 'User authentication failed');
        response.writeHead(204, quota);
        return response.end();
      }
      if (route === 'GET /users/{id}' || route === 'PUT /users/{id}') {
        const id = decodeURIComponent(path.slice('/users/'.length)).toLowerCase();
        const existing = zone.users.get(id);
        if (!existing) throw notFound(method, id, url.searchParams.get('user_id_type'));
        if (method === 'GET') return ok(existing);
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          throw new AlmaAnswerError(400, '401676', 'No valid XML was given.');
        }
        // PUT swaps all: lists that are left out are gone (e-mails, notes…), except the roles,
        // kept when the PUT carries none ("roles - if the incoming list does not contain roles,
        // existing roles will be kept", specs/users.json PUT /almaws/v1/users/{user_id}).
        const { password, ...user } = validate(zone, parsed, false);
        if (password !== undefined) checkPassword(password, existing.primary_id);
        const stored: AlmaUser = {
          ...user,
          primary_id: existing.primary_id,
          created_date: existing.created_date,
        };
        if (!user.user_role?.length && existing.user_role) stored.user_role = existing.user_role;
        if (existing.account_type?.value === 'EXTERNAL') {
          const named = (url.searchParams.get('override') ?? '').split(',').map((f) => f.trim());
          const kept = stored as Record<string, unknown>;
          for (const field of EXTERNAL_KEPT)
            if (!named.includes(field)) {
              if (existing[field] === undefined) delete kept[field];
              else kept[field] = existing[field];
            }
        }
        zone.users.set(id, stored);
        if (typeof password === 'string') zone.passwords.set(id, password);
        save();
        return ok(stored);
      }
      throw new AlmaAnswerError(400, '402119', `General error: no such API ${method} ${url.pathname}`);
    } catch (error) {
      if (error instanceof AlmaAnswerError) return fail(error.status, error.code, error.message, quota);
      return fail(500, '402119', 'General error.', quota);
    }
  };

  /** The page a newcomer opens: every zone's users, and a form to change one's expiry date. */
  const ui = (request: IncomingMessage, response: ServerResponse, url: URL, body: string) => {
    const edit = /^\/ui\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (edit && request.method === 'POST') {
      const zone = zones.get(decodeURIComponent(edit[1]!));
      const id = decodeURIComponent(edit[2]!).toLowerCase();
      const user = zone?.users.get(id);
      const expiry = new URLSearchParams(body).get('expiry_date') ?? '';
      if (!zone || !user || (expiry && !/^\d{4}-\d{2}-\d{2}$/.test(expiry)))
        return send(response, 400, 'text/plain; charset=utf-8', 'no such user, or not a date YYYY-MM-DD');
      const { expiry_date: _old, ...rest } = user;
      zone.users.set(id, { ...rest, ...(expiry ? { expiry_date: `${expiry}Z` } : {}) });
      save();
      response.writeHead(303, { Location: '/' });
      return response.end();
    }
    if (url.pathname !== '/') return send(response, 404, 'text/plain; charset=utf-8', 'not found');
    const sections = [...zones.values()]
      .map((zone) => {
        const rows = [...zone.users.values()]
          .sort((a, b) => a.primary_id.localeCompare(b.primary_id))
          .map(
            (u) =>
              `<tr><td>${escapeHtml(u.primary_id)}</td><td>${escapeHtml(`${u.first_name ?? ''} ${u.last_name}`)}</td><td>${escapeHtml(u.user_group?.value ?? '')}</td><td>${escapeHtml(u.account_type?.value ?? '')}</td><td>${escapeHtml((u.user_role ?? []).map((r) => `${r.role_type.value}@${r.scope.value}`).join(', '))}</td><td>${escapeHtml(u.purge_date ?? '')}</td><td><form method="post" action="/ui/${encodeURIComponent(zone.code)}/${encodeURIComponent(u.primary_id)}"><input name="expiry_date" aria-label="expiry date" value="${escapeHtml((u.expiry_date ?? '').replace(/Z$/, ''))}" size="10"> <button>change</button></form></td></tr>`,
          )
          .join('');
        return `<h2>${escapeHtml(zone.code)} <small>(${zone.users.size} users, ${zone.remaining} calls left today)</small></h2><table><thead><tr><th>primary_id</th><th>name</th><th>user_group</th><th>account_type</th><th>user_role</th><th>purge_date</th><th>expiry_date</th></tr></thead><tbody>${rows}</tbody></table>`;
      })
      .join('');
    send(
      response,
      200,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alma stand-in</title><style>body{font-family:Arial,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left;font-size:.9rem}</style></head><body><h1>Alma stand-in: users</h1><p>${escapeHtml(`API ${base}${API} — GET /users lists them too.`)}</p>${sections}</body></html>`,
    );
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const isApi = url.pathname.startsWith(API);
      if (isApi) stats.requests++;
      const route = isApi ? routeOf(request.method ?? 'GET', url.pathname) : '';
      const index = isApi
        ? faults.findIndex(
            (f) => (!f.method || f.method === request.method) && (!f.route || f.route === route),
          )
        : -1;
      const fault = index >= 0 ? faults[index] : undefined;
      if (fault && --fault.left <= 0) faults.splice(index, 1);
      const answer = () => (isApi ? api(request, response, url, body) : ui(request, response, url, body));
      if (fault?.hang) {
        hanging.add(response);
        return;
      }
      const act = () => {
        if (fault?.status)
          return send(
            response,
            fault.status,
            fault.contentType ?? 'text/html',
            fault.body ?? '<html><body>Service Unavailable</body></html>',
          );
        answer();
      };
      if (fault?.delayMs) setTimeout(act, fault.delayMs);
      else act();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const zoneOf = (code: string) => {
    const zone = zones.get(code);
    if (!zone) throw new Error(`no zone ${code} in the Alma stand-in`);
    return zone;
  };
  return {
    url: base,
    stop: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
    users: (code) => [...zoneOf(code).users.values()],
    user: (code, id) => zoneOf(code).users.get(id.toLowerCase()),
    seed: (code, users) => {
      const zone = zoneOf(code);
      for (const user of users) zone.users.set(user.primary_id.toLowerCase(), user);
      save();
    },
    edit: (code, id, change) => {
      const zone = zoneOf(code);
      const user = zone.users.get(id.toLowerCase());
      if (!user) throw new Error(`no user ${id} in ${code}`);
      zone.users.set(id.toLowerCase(), { ...user, ...change });
      save();
    },
    setRemaining: (code, remaining) => {
      zoneOf(code).remaining = remaining;
    },
    inject: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    clearFaults: () => {
      faults.length = 0;
    },
    stats: () => ({ ...stats, byRoute: { ...stats.byRoute } }),
    resetStats: () => {
      stats = { requests: 0, byRoute: {}, throttled: 0, unauthorized: 0, peakPerSecond: 0 };
    },
  };
}
