import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpAlmaUsers } from '../../../shared/adapters/alma/users-api';
import { provisionAccount, syncAlmaExpiry } from '../../../shared/app/alma/provision';
import type { AlmaUser } from '../../../shared/domain/alma/user-record';
import { AlmaApiError } from '../../../shared/errors';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld, KEYS, notFound890 } from './world';

/** Each error Alma can give, against the stand-in: the adapter's answer and what provisioning makes of it. */
const DOMAIN = 'alma-faults.example';
let world: AlmaWorld;

const aUser = (id: string): AlmaUser => ({
  primary_id: id,
  record_type: { value: 'STAFF' },
  account_type: { value: 'INTERNAL' },
  last_name: 'Seeded',
  user_group: { value: 'STAFF' },
});

async function failureOf(promise: Promise<unknown>): Promise<AlmaApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AlmaApiError)) throw new Error(`expected an AlmaApiError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
  world.standIn.seed('LIB-A', [aUser(`known@${DOMAIN}`)]);
});
afterAll(() => world.stop());
beforeEach(() => {
  world.standIn.resetStats();
  world.standIn.clearFaults();
});

describe('Alma errors, against the stand-in', () => {
  it('401: a wrong API key is refused at once with Alma’s XML answer read, and the key is never in the message', async () => {
    writeFileSync(
      join(world.ctx.dataDir, 'secrets.json'),
      JSON.stringify({ 'alma-api-key/LIB-A': 'wrong-key', 'alma-api-key/LIB-B': KEYS['LIB-B'] }),
    );
    try {
      const error = await failureOf(world.ctx.alma.get('LIB-A', `known@${DOMAIN}`));
      expect(error.failure).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false });
      expect(error.message).toContain('API-key not defined or not configured to allow this API.');
      expect(error.trackingId).toMatch(/^E01-/);
      expect(error.message).not.toContain('wrong-key');
      expect(world.standIn.stats().unauthorized).toBe(1);
    } finally {
      writeFileSync(
        join(world.ctx.dataDir, 'secrets.json'),
        JSON.stringify({ 'alma-api-key/LIB-A': KEYS['LIB-A'], 'alma-api-key/LIB-B': KEYS['LIB-B'] }),
      );
    }
  });

  it('429 storm: calls beyond the per-second threshold are answered 429 and retried until they pass', async () => {
    // The stand-in allows 5 a second while the client may start 25: most first attempts are throttled.
    const strict = await almaWorld({
      domain: DOMAIN,
      standIn: { perSecond: 5 },
      config: { alma: { retries: 8 } },
    });
    try {
      strict.standIn.seed('LIB-A', [aUser(`known@${DOMAIN}`)]);
      const users = httpAlmaUsers(strict.ctx.config, strict.ctx.secrets, { minRetryDelayMs: 200 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => users.get('LIB-A', `known@${DOMAIN}`)),
      );
      expect(answers.every((a) => a.value?.primary_id === `known@${DOMAIN}`)).toBe(true);
      expect(strict.standIn.stats().throttled).toBeGreaterThan(0);
      expect(strict.standIn.stats().byRoute['GET /users/{id}']).toBe(20);
    } finally {
      await strict.stop();
    }
  });

  it('respects 25 calls a second: 60 calls at once stay within the stand-in’s threshold', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => world.ctx.alma.get('LIB-A', `known@${DOMAIN}`)),
    );
    expect(answers).toHaveLength(60);
    expect(world.standIn.stats().peakPerSecond).toBeLessThanOrEqual(25);
    // Without the client's throttle 35 of the 60 would be refused; network jitter may still cost a retry or two.
    expect(world.standIn.stats().throttled).toBeLessThanOrEqual(5);
  });

  it('5xx: a gateway error is retried; one that lasts fails with a clear message after the retries', async () => {
    world.standIn.inject({ status: 503, times: 2 });
    const passed = await world.ctx.alma.get('LIB-A', `known@${DOMAIN}`);
    expect(passed.value?.primary_id).toBe(`known@${DOMAIN}`);
    expect(world.standIn.stats().requests).toBe(3);

    world.standIn.resetStats();
    world.standIn.inject({ status: 500, times: 10, body: 'Internal error' });
    const error = await failureOf(world.ctx.alma.get('LIB-A', `known@${DOMAIN}`));
    expect(error.failure).toMatchObject({ status: 500, code: 'HTTP_500', retryable: true });
    expect(error.message).toBe('Alma GET /almaws/v1/users/{id}: HTTP 500, HTTP_500 Internal error');
    // The first attempt and the configured 3 retries.
    expect(world.standIn.stats().requests).toBe(4);
  });

  it('timeout: no answer within the timeout is retried, then fails as TIMEOUT', async () => {
    world.standIn.inject({ hang: true, times: 1 });
    const passed = await world.ctx.alma.get('LIB-A', `known@${DOMAIN}`);
    expect(passed.value).not.toBeNull();

    world.standIn.inject({ hang: true, times: 4 });
    const error = await failureOf(world.ctx.alma.get('LIB-A', `known@${DOMAIN}`));
    expect(error.failure).toMatchObject({ status: null, code: 'TIMEOUT', retryable: true });
    expect(error.message).toContain('no answer within 1500 ms');
  }, 20_000);

  it('user exists: a POST of a taken primary id is 401851, not retried', async () => {
    const error = await failureOf(world.ctx.alma.create('LIB-A', aUser(`known@${DOMAIN}`)));
    expect(error.failure).toMatchObject({ status: 400, code: '401851', retryable: false });
    expect(world.standIn.stats().requests).toBe(1);
  });

  it('user not found: GET answers null (401861), not an error', async () => {
    const reply = await world.ctx.alma.get('LIB-A', `nobody@${DOMAIN}`);
    expect(reply.value).toBeNull();
    expect(reply.remaining).toEqual(expect.any(Number));
  });

  it('the stand-in answers an unknown user as Alma documents: 401890 for all_unique look-ups and PUT', async () => {
    const call = (method: string, query: string) =>
      fetch(`${world.standIn.url}/almaws/v1/users/nobody%40${DOMAIN}?${query}`, {
        method,
        headers: { Authorization: `apikey ${KEYS['LIB-A']}`, Accept: 'application/json' },
        ...(method === 'PUT' ? { body: JSON.stringify(aUser(`nobody@${DOMAIN}`)) } : {}),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const codeOf = (text: string) => JSON.parse(text).errorList.error[0].errorCode;

    const unique = await call('GET', 'user_id_type=all_unique&view=full');
    const byDefault = await call('GET', 'view=full');
    const put = await call('PUT', 'user_id_type=all_unique');

    expect(unique.status).toBe(400);
    expect(codeOf(unique.text)).toBe('401890');
    expect(JSON.parse(unique.text).errorList.error[0].errorMessage).toBe(
      `User with identifier nobody@${DOMAIN} of type all_unique was not found.`,
    );
    expect(codeOf(byDefault.text)).toBe('401890');
    expect(codeOf(put.text)).toBe('401890');
  });

  it('401890 is "not found" too: a GET before a retried create answers null, and the user is created', async () => {
    const account = await world.account({ institution: 'LIB-B', fullName: 'Retried Create' });
    // An earlier attempt failed after its POST may have reached Alma: the retry looks first.
    await world.ctx.accounts.update(
      {
        ...account,
        version: account.version + 1,
        alma: {
          primaryId: account.email,
          state: 'failed',
          linkedAt: null,
          lastSyncAt: null,
          lastAnswer: 'TIMEOUT',
          expiryDate: null,
        },
      },
      {
        accountId: account.id,
        at: new Date().toISOString(),
        actor: 'test',
        action: 'alma-sync',
        reason: 'test',
      },
    );
    world.standIn.inject({ route: 'GET /users/{id}', ...notFound890(account.email) });

    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-F890' });

    expect(result.outcome).toBe('created');
    if (result.outcome !== 'created') throw new Error('unreachable');
    expect(result.calls).toEqual(['GET no such user', 'POST OK']);
    expect(world.standIn.user('LIB-B', account.email)).toBeDefined();
  });

  it('401890 on the PUT of a date change: the user is missing (the helpdesk is told), not a failure', async () => {
    const account = await world.account({ institution: 'LIB-B', fullName: 'Gone Before Put' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-F890P' });
    world.standIn.edit('LIB-B', account.email, { expiry_date: '2030-01-01Z' });
    world.standIn.resetStats();
    world.standIn.inject({ route: 'PUT /users/{id}', ...notFound890(account.email) });

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-F890P2' });

    expect(result.outcome).toBe('missing');
    if (result.outcome !== 'missing') throw new Error('unreachable');
    expect(result.calls).toEqual(['GET found', 'PUT no such user']);
    expect(world.standIn.user('LIB-B', account.email)?.expiry_date).toBe('2030-01-01Z');
    expect(result.account.alma?.state).toBe('missing');
    const told = (await sesStore()).filter((m) => m.subject.includes('Gone Before Put'));
    expect(told.map((m) => m.subject)).toContain('Alma: user not found – Gone Before Put (Library B)');
  });

  it('Alma refuses a record (illegal group): provisioning records the failure and tells the helpdesk', async () => {
    const bad = await almaWorld({
      domain: DOMAIN,
      standIn: { zones: [{ code: 'LIB-B', apiKey: KEYS['LIB-B'], userGroups: ['OTHER'] }] },
    });
    try {
      const account = await bad.account({ institution: 'LIB-B', fullName: 'Refused Record' });
      const result = await provisionAccount(bad.ctx, account.id, { actor: 'manager', via: 'REQ-F1' });
      expect(result.outcome).toBe('failed');
      if (result.outcome !== 'failed') throw new Error('unreachable');
      expect(result.error.code).toBe('401852');
      expect(result.account.alma).toMatchObject({ state: 'failed', linkedAt: null });
      expect(result.account.alma?.lastAnswer).toContain('Given user group is not legal.');
      const history = await bad.ctx.accounts.history(account.id);
      expect(history.at(-1)).toMatchObject({
        action: 'alma-sync',
        alma: { outcome: 'failed', calls: ['POST 400 401852'], trackingId: expect.stringMatching(/^E01-/) },
      });
      const told = (await sesStore()).filter((m) => m.subject.includes('Refused Record'));
      expect(told.map((m) => m.subject)).toEqual(['Alma: failed – Refused Record (Library B)']);
      expect(told[0]!.body.text).toContain(`alma-accounts alma push ${account.id}`);
      // The retry after fixing it looks first (the POST may have reached Alma), then creates.
      bad.standIn.resetStats();
      const again = await provisionAccount(bad.ctx, account.id, { actor: 'manager', via: 'REQ-F1' });
      expect(again.outcome).toBe('failed');
      expect(bad.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1, 'POST /users': 1 });
    } finally {
      await bad.stop();
    }
  });

  it('quota low: the operators are told once a day, below the configured floor', async () => {
    world.standIn.setRemaining('LIB-B', 20);
    const first = await world.account({ institution: 'LIB-B' });
    const second = await world.account({ institution: 'LIB-B' });
    await provisionAccount(world.ctx, first.id, { actor: 'manager', via: 'REQ-Q1' });
    await provisionAccount(world.ctx, second.id, { actor: 'manager', via: 'REQ-Q2' });
    const alerts = (await sesStore()).filter((m) => m.destination.to.includes(`ops@${DOMAIN}`));
    expect(alerts.map((m) => m.subject)).toEqual(['Alma API quota low – Library B']);
    expect(alerts[0]!.body.text).toContain('Only 19 Alma API calls are left for Library B today');
    world.standIn.setRemaining('LIB-B', 100_000);
  });

  it('daily threshold reached: 429 DAILY_THRESHOLD is not retried', async () => {
    world.standIn.setRemaining('LIB-A', 0);
    const error = await failureOf(world.ctx.alma.get('LIB-A', `known@${DOMAIN}`));
    expect(error.failure).toMatchObject({
      status: 429,
      code: 'DAILY_THRESHOLD',
      retryable: false,
      remaining: 0,
    });
    expect(world.standIn.stats().requests).toBe(1);
    world.standIn.setRemaining('LIB-A', 100_000);
  });
});
