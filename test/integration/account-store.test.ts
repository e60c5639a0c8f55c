import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAccountStore } from '../../shared/adapters/dynamodb/account-store';
import { DynamoDbClaimStore } from '../../shared/adapters/dynamodb/claim-store';
import type { CalendarDate } from '../../shared/domain/calendar';
import { AlreadyExistsError, ConcurrentUpdateError } from '../../shared/errors';
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

describe('DynamoDbClaimStore', () => {
  it('gives a claim once, lets an expired lease be taken over, never a completed one', async () => {
    const t0 = new Date('2027-01-10T10:00:00Z');
    expect(await claims.claim('k1', {}, { now: t0 })).toBe(true);
    expect(await claims.claim('k1', {}, { now: t0 })).toBe(false);
    const later = new Date(t0.getTime() + 301_000);
    expect(await claims.claim('k1', {}, { now: later })).toBe(true);
    await claims.complete('k1');
    expect(await claims.claim('k1', {}, { now: new Date(later.getTime() + 3_600_000) })).toBe(false);
  });

  it('gives a released claim to the next caller', async () => {
    expect(await claims.claim('k2', {})).toBe(true);
    await claims.release('k2');
    expect(await claims.claim('k2', {})).toBe(true);
  });
});
