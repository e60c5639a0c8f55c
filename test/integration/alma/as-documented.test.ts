import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpAlmaUsers } from '../../../shared/adapters/alma/users-api';
import { probeAlmaApi } from '../../../shared/adapters/http/alma-probes';
import { almaDrift } from '../../../shared/app/alma/drift-report';
import { provisionAccount } from '../../../shared/app/alma/provision';
import { withDates } from '../../../shared/domain/alma/provisioning';
import type { AlmaRole, AlmaUser } from '../../../shared/domain/alma/user-record';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { type AlmaWorld, almaWorld, KEYS } from './world';

/**
 * The suite against Alma as Ex Libris documents it (OpenAPI `specs/users.json`): the staff
 * listing, the key test, the roles a PUT keeps, the fields an EXTERNAL user keeps.
 */
const DOMAIN = 'alma-documented.example';
let world: AlmaWorld;

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
});
afterAll(() => world.stop());

const person = (id: string, group: string, extra: Partial<AlmaUser> = {}): AlmaUser => ({
  primary_id: `${id}@${DOMAIN}`,
  record_type: { value: group === 'STAFF' ? 'STAFF' : 'PUBLIC' },
  account_type: { value: 'INTERNAL' },
  first_name: id,
  last_name: id.toUpperCase(),
  user_group: { value: group },
  ...extra,
});

describe('the drift listing (finding 5)', () => {
  it('lists the staff group with q=user_group~STAFF and no order_by: a patron whose job says "staff" is not an unknown staff user', async () => {
    // Prepare: a staff user nobody knows, and a patron with "STAFF" in other fields.
    world.standIn.seed('LIB-A', [
      person('unknownstaff', 'STAFF'),
      person('patron', 'PATRON', { job_category: { value: 'STAFF' } }),
    ]);
    const pages: { q?: string }[] = [];
    const urls: string[] = [];
    const recording = {
      ...world.ctx,
      alma: httpAlmaUsers(
        world.ctx.config,
        { get: async () => KEYS['LIB-A'] },
        {
          fetch: (url, init) => {
            urls.push(String(url));
            return fetch(url, init);
          },
        },
      ),
    };
    const list = recording.alma.list;
    recording.alma.list = (code, page) => {
      pages.push(page);
      return list(code, page);
    };

    // Act
    const report = await almaDrift(recording, new Date('2027-02-08T05:30:00Z'), { institution: 'LIB-A' });

    // Assess
    expect(pages.map((p) => p.q)).toEqual(['user_group~STAFF']);
    const listing = new URL(urls.find((u) => new URL(u).pathname.endsWith('/almaws/v1/users'))!);
    expect(listing.searchParams.get('order_by')).toBeNull();
    expect(listing.searchParams.get('offset')).toBe('0');
    const unknown = report.institutions[0]!.unknown.map((u) => u.primaryId);
    expect(unknown).toContain(`unknownstaff@${DOMAIN}`);
    expect(unknown).not.toContain(`patron@${DOMAIN}`);
  });

  it('the stand-in answers brief users, without their group, as Alma does', async () => {
    const answer = await fetch(`${world.standIn.url}/almaws/v1/users?q=user_group~STAFF&limit=100`, {
      headers: { Authorization: `apikey ${KEYS['LIB-A']}`, Accept: 'application/json' },
    });
    const body = (await answer.json()) as { user: Record<string, unknown>[] };
    expect(body.user.length).toBeGreaterThan(0);
    for (const user of body.user) expect(user).not.toHaveProperty('user_group');
  });
});

describe('the API probe (finding 6)', () => {
  it('tests the key on the Users area (/users/operation/test); a Users key is refused on /conf/test', async () => {
    world.standIn.resetStats();

    const reading = await probeAlmaApi(
      { apiBase: world.standIn.url, apiKey: KEYS['LIB-A'] },
      { timeoutMs: 2000 },
    );

    expect(reading).toMatchObject({ verdict: 'operational', httpStatus: 200 });
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/operation/test': 1 });
    const conf = await fetch(`${world.standIn.url}/almaws/v1/conf/test`, {
      headers: { Authorization: `apikey ${KEYS['LIB-A']}`, Accept: 'application/json' },
    });
    expect(conf.status).toBe(401);
    const text = await conf.text();
    expect(text).toMatch(/^<\?xml/);
    expect(text).toContain('<errorCode>UNAUTHORIZED</errorCode>');
    expect(text).toContain('API-key not defined or not configured to allow this API.');
  });

  it('a refused key is a key problem for the operators, never an outage', async () => {
    const reading = await probeAlmaApi(
      { apiBase: world.standIn.url, apiKey: 'revoked' },
      { timeoutMs: 2000 },
    );

    expect(reading).toMatchObject({ verdict: 'unknown', readable: false, cause: 'api-key', httpStatus: 401 });
    expect(reading.summary).toContain('API key refused (UNAUTHORIZED: API-key not defined');
  });
});

describe('a date change and the roles (finding 7)', () => {
  it('a role given in Alma between our GET and our PUT stays: the PUT carries no user_role', async () => {
    // Prepare: a user of ours, read by the suite.
    const account = await world.account({ institution: 'LIB-B', fullName: 'Role Kept' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-R1' });
    const read = (await world.ctx.alma.get('LIB-B', account.email)).value!;
    // Someone gives the user another role in Alma meanwhile.
    const added: AlmaRole = {
      status: { value: 'ACTIVE' },
      scope: { value: 'MAIN' },
      role_type: { value: '210' },
      parameter: [],
    };
    world.standIn.edit('LIB-B', account.email, { user_role: [...(read.user_role ?? []), added] });

    // Act: the date change the suite sends.
    const body = withDates(read, '2028-01-31' as CalendarDate, '2028-04-30' as CalendarDate);
    await world.ctx.alma.replace('LIB-B', account.email, body);

    // Assess
    expect(body).not.toHaveProperty('user_role');
    const held = world.standIn.user('LIB-B', account.email)!;
    expect(held.expiry_date).toBe('2028-01-31Z');
    expect(held.user_role).toEqual([...(read.user_role ?? []), added]);
  });

  it('the stand-in keeps an EXTERNAL user’s hand-kept fields unless override names them, as Alma documents', async () => {
    const id = `sis-user@${DOMAIN}`;
    world.standIn.seed('LIB-A', [
      person('sis-user', 'STAFF', {
        account_type: { value: 'EXTERNAL' },
        external_id: 'SIS',
        preferred_language: { value: 'fr' },
      }),
    ]);
    const put = (override?: string) =>
      fetch(
        `${world.standIn.url}/almaws/v1/users/${encodeURIComponent(id)}${override ? `?override=${override}` : ''}`,
        {
          method: 'PUT',
          headers: {
            Authorization: `apikey ${KEYS['LIB-A']}`,
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ ...world.standIn.user('LIB-A', id), preferred_language: { value: 'nl' } }),
        },
      );

    expect((await put()).status).toBe(200);
    expect(world.standIn.user('LIB-A', id)?.preferred_language?.value).toBe('fr');
    expect((await put('preferred_language')).status).toBe(200);
    expect(world.standIn.user('LIB-A', id)?.preferred_language?.value).toBe('nl');
  });
});
