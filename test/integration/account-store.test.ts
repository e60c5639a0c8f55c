import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../shared/adapters/dynamodb/account-store';
import { DynamoDbClaimStore } from '../../shared/adapters/dynamodb/claim-store';
import type { CalendarDate } from '../../shared/domain/calendar';
import { CLAIM_LEASE_SECONDS, type ClaimToken } from '../../shared/domain/ports';
import { AlreadyExistsError, ClaimLostError, ConcurrentUpdateError } from '../../shared/errors';
import { anAccount, createdEvent } from '../support/accounts';
import { freshTable } from '../support/services';

let store: DynamoDbAccountStore;
let claims: DynamoDbClaimStore;

beforeAll(async () => {
  const { client, tableName } = await freshTable();
  store = new DynamoDbAccountStore(client, tableName);
  claims = new DynamoDbClaimStore(client, tableName);
});

const d = (s: string) => s as CalendarDate;

describe('DynamoDbAccountStore against DynamoDB Local', () => {
  it('creates an account with its history and finds it by id, e-mail and institution', async () => {
    const account = anAccount({ institution: 'LIB-X', email: 'find.me@lib-x.example' });
    await store.create(account, createdEvent(account));

    expect(await store.get(account.id)).toEqual(account);
    expect(await store.findByEmail('FIND.ME@lib-x.example')).toEqual([account]);
    expect(await store.findByEmail('find.me@lib-x.example', 'LIB-Y')).toEqual([]);
    expect((await store.listByInstitution('LIB-X')).items.map((a) => a.id)).toEqual([account.id]);
    expect((await store.history(account.id)).map((e) => e.action)).toEqual(['created']);
  });

  it('refuses a second open account for the same e-mail in one institution', async () => {
    const first = anAccount({ institution: 'LIB-U', email: 'dup@lib-u.example' });
    await store.create(first, createdEvent(first));
    const second = anAccount({ institution: 'LIB-U', email: 'dup@lib-u.example' });
    await expect(store.create(second, createdEvent(second))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await store.get(second.id)).toBeUndefined();
  });

  it('lets only one of two concurrent updates of the same version win', async () => {
    const account = anAccount({ institution: 'LIB-V' });
    await store.create(account, createdEvent(account));
    const a = { ...account, endDate: d('2027-06-30'), version: 2 };
    const b = { ...account, endDate: d('2027-07-31'), version: 2 };
    const results = await Promise.allSettled([
      store.update(a, createdEvent(account, { action: 'renewed' })),
      store.update(b, createdEvent(account, { action: 'renewed' })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrentUpdateError);
    expect((await store.history(account.id)).filter((e) => e.action === 'renewed')).toHaveLength(1);
  });

  it('queries the end-date window without reading accounts outside it, and drops closed accounts from it', async () => {
    const inside = anAccount({ endDate: d('2031-03-10') });
    const outside = anAccount({ endDate: d('2031-04-10') });
    const closed = anAccount({ endDate: d('2031-03-11'), status: 'closed' });
    const permanent = anAccount({ endDate: null, employeeType: 'permanent' });
    for (const a of [inside, outside, closed, permanent]) await store.create(a, createdEvent(a));

    const page = await store.listEndingBetween(d('2031-03-01'), d('2031-03-31'));
    expect(page.items.map((a) => a.id)).toEqual([inside.id]);
    expect(page.itemsRead).toBe(1);
  });

  it('frees the e-mail when an account is closed', async () => {
    const account = anAccount({ institution: 'LIB-W', email: 'leaves@lib-w.example' });
    await store.create(account, createdEvent(account));
    await store.update(
      { ...account, status: 'closed', version: 2 },
      createdEvent(account, { action: 'closed' }),
    );
    const again = anAccount({ institution: 'LIB-W', email: 'leaves@lib-w.example' });
    await store.create(again, createdEvent(again));
    expect((await store.findByEmail('leaves@lib-w.example')).map((a) => a.status).sort()).toEqual([
      'active',
      'closed',
    ]);
  });
});

describe('closed accounts by the day they were closed', () => {
  it('files an account closed at 00:30 in Brussels under that Brussels day, not the UTC one', async () => {
    const account = anAccount({ email: 'late@lib-w.example', institution: 'LIB-W' });
    await store.create(account, createdEvent(account));
    // 1 April 2027, 01:30 in Brussels (CEST) is still 31 March in UTC.
    const at = '2027-03-31T23:30:00.000Z';
    await store.update(
      { ...account, status: 'closed', updatedAt: at, version: account.version + 1 },
      { accountId: account.id, at, actor: 'test', action: 'closed', reason: 'test' },
    );
    const april = await store.listClosedBetween('2027-04-01' as CalendarDate, '2027-04-01' as CalendarDate);
    expect(april.items.map((a) => a.id)).toContain(account.id);
    const march = await store.listClosedBetween('2027-03-31' as CalendarDate, '2027-03-31' as CalendarDate);
    expect(march.items.map((a) => a.id)).not.toContain(account.id);
  });
});

describe('DynamoDbClaimStore', () => {
  it('gives a claim once, lets an expired lease be taken over, never a completed one', async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    expect(await claims.claim('k1', {}, { now: t0 })).toEqual(expect.any(String));
    expect(await claims.claim('k1', {}, { now: t0 })).toBeUndefined();
    const later = new Date(t0.getTime() + (CLAIM_LEASE_SECONDS + 1) * 1000);
    const token = await claims.claim('k1', {}, { now: later });
    expect(token).toEqual(expect.any(String));
    await claims.complete('k1', token!);
    expect(await claims.claim('k1', {}, { now: new Date(later.getTime() + 3_600_000) })).toBeUndefined();
  });

  it('gives a released claim to the next caller', async () => {
    const token = await claims.claim('k2', {});
    await claims.release('k2', token!);
    expect(await claims.claim('k2', {})).toEqual(expect.any(String));
  });

  it('holds a claim longer than any Lambda may run (15 minutes)', async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    expect(await claims.claim('k3', {}, { now: t0 })).toBeDefined();
    // The notices function may run 15 minutes: its claims must not be taken over meanwhile.
    expect(await claims.claim('k3', {}, { now: new Date(t0.getTime() + 15 * 60_000) })).toBeUndefined();
  });

  it("a holder overtaken after its lease can neither release nor complete the new holder's claim", async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    const first = await claims.claim('k4', {}, { now: t0, leaseSeconds: 60 });
    const second = await claims.claim('k4', {}, { now: new Date(t0.getTime() + 61_000), leaseSeconds: 60 });
    expect(second).toBeDefined();
    // The first holder wakes up late and gives the claim back: that must not free the second's claim.
    await claims.release('k4', first!);
    expect(
      await claims.claim('k4', {}, { now: new Date(t0.getTime() + 62_000), leaseSeconds: 60 }),
    ).toBeUndefined();
    await expect(claims.complete('k4', first!)).rejects.toBeInstanceOf(ClaimLostError);
    expect(await claims.isDone('k4')).toBe(false);
    // Its own holder completes it, twice if an answer was lost: fine.
    await claims.complete('k4', second!);
    await claims.complete('k4', second!);
    expect(await claims.isDone('k4')).toBe(true);
  });

  it('one mark completes the claims of a message, and an expired claim whose mark exists is not taken again', async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    const owner = crypto.randomUUID() as ClaimToken;
    for (const key of ['m1', 'm2'])
      expect(await claims.claim(key, {}, { now: t0, owner, doneBy: 'LIB-A#boss', leaseSeconds: 60 })).toBe(
        owner,
      );
    expect(await claims.claim('m3', {}, { now: t0, owner, doneBy: 'LIB-A#other', leaseSeconds: 60 })).toBe(
      owner,
    );
    expect(await claims.isDone('m1')).toBe(false);

    await claims.markDone(owner, ['LIB-A#boss'], { messageId: 'ses-1' });
    await claims.markDone(owner, ['LIB-A#boss'], { messageId: 'ses-1' });
    expect(await claims.isDone('m1')).toBe(true);
    expect(await claims.isDone('m2')).toBe(true);
    expect(await claims.isDone('m3')).toBe(false);
    // Long after the lease: the marked claims stay done, the unmarked one (its holder died) is taken over.
    const later = new Date(t0.getTime() + 3_600_000);
    expect(await claims.claim('m1', {}, { now: later })).toBeUndefined();
    expect(await claims.claim('m3', {}, { now: later })).toEqual(expect.any(String));
  });

  it("an overtaken holder's late mark does not complete the new holder's claim", async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    const first = crypto.randomUUID() as ClaimToken;
    const second = crypto.randomUUID() as ClaimToken;
    await claims.claim('m5', {}, { now: t0, owner: first, doneBy: 'LIB-A#x', leaseSeconds: 60 });
    const after = new Date(t0.getTime() + 61_000);
    expect(
      await claims.claim('m5', {}, { now: after, owner: second, doneBy: 'LIB-A#x', leaseSeconds: 60 }),
    ).toBe(second);
    await claims.markDone(first, ['LIB-A#x']);
    expect(await claims.isDone('m5')).toBe(false);
    expect(await claims.claim('m5', {}, { now: new Date(t0.getTime() + 62_000) })).toBeUndefined();
    await claims.markDone(second, ['LIB-A#x']);
    expect(await claims.isDone('m5')).toBe(true);
  });
});
