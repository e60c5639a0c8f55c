import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeAccount, renewed } from '../../../shared/app/accounts/account-changes';
import { provisionAccount, syncAlmaExpiry } from '../../../shared/app/alma/provision';
import type { AppContext } from '../../../shared/app/context';
import type { CalendarDate } from '../../../shared/domain/calendar';
import { ConcurrentUpdateError } from '../../../shared/errors';
import { sesStore } from '../../support/services';
import { type AlmaWorld, almaWorld } from './world';

const DOMAIN = 'alma-provision.example';
let world: AlmaWorld;
const mailsTo = async (address: string) =>
  (await sesStore()).filter((m) => m.destination.to.includes(address));

beforeAll(async () => {
  world = await almaWorld({ domain: DOMAIN });
});
afterAll(() => world.stop());
beforeEach(() => world.standIn.resetStats());

describe('provisioning a new account', () => {
  it('waits for the approval in approve mode, sending nothing to Alma', async () => {
    // Prepare
    const account = await world.account({ institution: 'LIB-A' });
    // Act
    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-1' });
    // Assess
    expect(result.outcome).toBe('awaiting-approval');
    expect(world.standIn.stats().requests).toBe(0);
    expect(result.account.alma).toMatchObject({ state: 'awaiting-approval', linkedAt: null });
    if (result.outcome !== 'awaiting-approval') throw new Error('unreachable');
    expect(result.user).toMatchObject({ primary_id: account.email, expiry_date: '2027-05-30Z' });
  });

  it('creates the user with one POST once approved: group, dates, roles of the profile, no PIN letter', async () => {
    const account = await world.account({
      institution: 'LIB-A',
      fullName: 'Jean Lemaire',
      tasks: 'prêt et retours',
    });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-2' });

    const result = await provisionAccount(world.ctx, account.id, {
      actor: 'decision-link',
      via: 'L-approve-2',
      approved: true,
    });

    expect(result.outcome).toBe('created');
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1 });
    const user = world.standIn.user('LIB-A', account.email)!;
    expect(user).toMatchObject({
      primary_id: account.email,
      first_name: 'Jean',
      last_name: 'Lemaire',
      record_type: { value: 'STAFF' },
      account_type: { value: 'INTERNAL' },
      user_group: { value: 'STAFF' },
      expiry_date: '2027-05-30Z',
      purge_date: '2027-08-28Z',
      contact_info: {
        email: [{ email_address: account.email, preferred: true, email_type: [{ value: 'work' }] }],
      },
    });
    expect(user.user_role).toEqual([
      {
        status: { value: 'ACTIVE' },
        scope: { value: 'MAIN' },
        role_type: { value: '214' },
        parameter: [{ type: { value: 'CirculationDesk' }, value: { value: 'DEFAULT_CIRC_DESK' } }],
      },
    ]);
    expect(user).not.toHaveProperty('password');
    expect(result.account.alma).toMatchObject({
      state: 'synced',
      expiryDate: '2027-05-30',
      primaryId: account.email,
    });
    const history = await world.ctx.accounts.history(account.id);
    const syncs = history.filter((e) => e.action === 'alma-sync');
    expect(syncs.map((e) => e.alma?.outcome)).toEqual(['awaiting-approval', 'creating', 'created']);
    expect(syncs.at(-1)).toMatchObject({
      actor: 'decision-link',
      reference: 'L-approve-2',
      alma: { calls: ['POST OK'] },
    });
    const told = await mailsTo(`helpdesk@${DOMAIN}`);
    expect(
      told.some((m) => m.subject.startsWith('Alma: user created') && m.body.text?.includes(account.id)),
    ).toBe(true);
  });

  it('creates at once in auto mode, with every profile the tasks name', async () => {
    const account = await world.account({
      institution: 'LIB-B',
      tasks: 'catalogage des monographies et prêt',
      employeeType: 'permanent',
      missionEndDate: null,
      endDate: null,
    });

    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-3' });

    expect(result.outcome).toBe('created');
    const user = world.standIn.user('LIB-B', account.email)!;
    expect(user.user_role?.map((r) => r.role_type.value).sort()).toEqual(['204', '214']);
    expect(user).not.toHaveProperty('expiry_date');
    expect(user).not.toHaveProperty('purge_date');
  });

  it('links a user Alma already has under the same primary id, never a second one', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    world.standIn.seed('LIB-B', [
      {
        primary_id: account.email,
        record_type: { value: 'STAFF' },
        account_type: { value: 'INTERNAL' },
        last_name: 'Existing',
        user_group: { value: 'STAFF' },
        expiry_date: '2027-05-30Z',
        purge_date: '2027-08-28Z',
        user_role: [],
      },
    ]);

    const result = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-4' });

    expect(result.outcome).toBe('linked');
    expect(world.standIn.users('LIB-B').filter((u) => u.primary_id === account.email)).toHaveLength(1);
    expect(world.standIn.user('LIB-B', account.email)?.last_name).toBe('Existing');
    expect(world.standIn.stats().byRoute).toEqual({ 'POST /users': 1, 'GET /users/{id}': 1 });
    expect(result.account.alma?.linkedAt).toBeTruthy();
  });

  it('after a crash between Alma’s answer and our record, the retry links and never creates twice', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    // The write recording Alma's answer is lost once (the function died right after Alma answered).
    let lose = true;
    const crashing: AppContext = {
      ...world.ctx,
      accounts: {
        ...world.ctx.accounts,
        get: (id) => world.ctx.accounts.get(id),
        update: async (next, event) => {
          if (lose && event.alma?.outcome === 'created') {
            lose = false;
            throw new Error('Lambda timed out');
          }
          return world.ctx.accounts.update(next, event);
        },
      },
    };
    await expect(provisionAccount(crashing, account.id, { actor: 'manager', via: 'REQ-5' })).rejects.toThrow(
      'Lambda timed out',
    );

    const retry = await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-5' });

    expect(retry.outcome).toBe('linked');
    expect(world.standIn.stats().byRoute['POST /users']).toBe(1);
    expect(world.standIn.users('LIB-B').filter((u) => u.primary_id === account.email)).toHaveLength(1);
    expect(retry.account.alma).toMatchObject({ state: 'synced', expiryDate: '2027-05-30' });
  });
});

describe('moving dates of a linked user', () => {
  it('renewal: GET and PUT the whole user back, the roles kept', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-6' });
    const now = new Date('2027-05-01T10:00:00Z');
    await changeAccount(
      world.ctx,
      account.id,
      (current) => {
        const r = renewed(current, { newEmploymentEnd: '2027-09-30' as CalendarDate }, now);
        return r.ok ? r.account : undefined;
      },
      'renewed',
      { actor: 'manager', reason: 'test' },
      now,
    );
    world.standIn.resetStats();

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-7' });

    expect(result.outcome).toBe('updated');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1, 'PUT /users/{id}': 1 });
    const user = world.standIn.user('LIB-B', account.email)!;
    expect(user.expiry_date).toBe('2027-10-30Z');
    expect(user.purge_date).toBe('2028-01-28Z');
    expect(user.user_role).toHaveLength(1);
    expect(result.account.alma?.expiryDate).toBe('2027-10-30');
  });

  it('in sync: one GET, nothing written to Alma', async () => {
    const account = await world.account({ institution: 'LIB-B' });
    await provisionAccount(world.ctx, account.id, { actor: 'manager', via: 'REQ-8' });
    world.standIn.resetStats();

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-9' });

    expect(result.outcome).toBe('in-sync');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1 });
  });

  it('user not found on renewal (401861): reported to the helpdesk with the account, nothing created', async () => {
    const account = await world.account({ institution: 'LIB-B', fullName: 'Nora Absent' });

    const result = await syncAlmaExpiry(world.ctx, account.id, { actor: 'manager', via: 'REQ-10' });

    expect(result.outcome).toBe('missing');
    expect(world.standIn.stats().byRoute).toEqual({ 'GET /users/{id}': 1 });
    expect(result.account.alma?.state).toBe('missing');
    const told = (await mailsTo(`helpdesk@${DOMAIN}`)).filter((m) => m.subject.includes('Nora Absent'));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain('Alma: user not found');
    expect(told[0]!.body.text).toContain(account.id);
    expect(told[0]!.body.text).toContain(`alma-accounts alma push ${account.id}`);
  });
});

describe('bad input changes nothing', () => {
  it('a closed account that Alma does not have is not created', async () => {
    const account = await world.account({ institution: 'LIB-B', status: 'closed' });
    const result = await provisionAccount(world.ctx, account.id, {
      actor: 'cli:test',
      via: 'cli',
      approved: true,
    });
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'closed' });
    expect(world.standIn.user('LIB-B', account.email)).toBeUndefined();
  });

  it('an account of an institution without provisioning is left alone', async () => {
    const off = {
      ...world.ctx,
      config: {
        ...world.ctx.config,
        institutions: world.ctx.config.institutions.map((i) => ({ ...i, almaProvisioning: 'off' as const })),
      },
    };
    const account = await world.account({ institution: 'LIB-B' });
    const result = await provisionAccount(off, account.id, { actor: 'manager', via: 'REQ-11' });
    expect(result.outcome).toBe('off');
    expect(world.standIn.stats().requests).toBe(0);
    expect((await world.ctx.accounts.get(account.id))?.alma).toBeUndefined();
  });

  it('a concurrent change of the account is re-read, not lost', async () => {
    // ConcurrentUpdateError is retried by changeAccount; the Alma state still lands.
    const account = await world.account({ institution: 'LIB-B' });
    let raced = false;
    const racing: AppContext = {
      ...world.ctx,
      accounts: {
        ...world.ctx.accounts,
        get: (id) => world.ctx.accounts.get(id),
        update: async (next, event) => {
          if (!raced && event.alma?.outcome === 'created') {
            raced = true;
            throw new ConcurrentUpdateError('someone else wrote');
          }
          return world.ctx.accounts.update(next, event);
        },
      },
    };
    const result = await provisionAccount(racing, account.id, { actor: 'manager', via: 'REQ-12' });
    expect(result.outcome).toBe('created');
    expect((await world.ctx.accounts.get(account.id))?.alma?.state).toBe('synced');
  });
});
