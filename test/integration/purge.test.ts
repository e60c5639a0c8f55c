import { describe, expect, it } from 'vitest';
import { purgeClosedAccounts } from '../../shared/app/accounts/account-purge';
import { changeAccount } from '../../shared/app/accounts/account-writes';
import { closed } from '../../shared/domain/account-changes';
import { anAccount, createdEvent } from '../support/accounts';
import { testConfig, testContext } from '../support/context';

describe('purge of closed accounts after the retention period', () => {
  it('erases personal fields of accounts closed long enough, keeps the anonymous history, leaves the rest', async () => {
    const ctx = await testContext(testConfig({ retention: { closedAccountPurgeDays: 30 } }));
    const old = anAccount({
      fullName: 'Old Leaver',
      email: 'old.leaver@lib-a.example',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
    const recent = anAccount({ fullName: 'Recent Leaver', email: 'recent.leaver@lib-a.example' });
    const open = anAccount({ fullName: 'Still Here', email: 'still.here@lib-a.example' });
    for (const a of [old, recent, open]) {
      await ctx.accounts.create(a, createdEvent(a, { actor: 'anne.dubois@lib-a.example' }));
    }
    const source = { actor: 'anne.dubois@lib-a.example', reason: 'left' };
    await changeAccount(
      ctx,
      old.id,
      (a) => closed(a, null, new Date('2027-01-05T10:00:00Z')),
      'closed',
      source,
      new Date('2027-01-05T10:00:00Z'),
    );
    await changeAccount(
      ctx,
      recent.id,
      (a) => closed(a, null, new Date('2027-03-01T10:00:00Z')),
      'closed',
      source,
      new Date('2027-03-01T10:00:00Z'),
    );

    const report = await purgeClosedAccounts(ctx, new Date('2027-03-10T03:30:00+01:00'));
    expect(report).toMatchObject({ job: 'account-purge', purged: 1, itemsRead: 1 });

    const purged = await ctx.accounts.get(old.id);
    expect(purged).toMatchObject({
      fullName: '[purged]',
      supervisorEmail: null,
      tasks: '[purged]',
      status: 'closed',
      institution: 'LIB-A',
    });
    expect(JSON.stringify(purged)).not.toContain('old.leaver');
    const history = await ctx.accounts.history(old.id);
    expect(history.map((e) => e.action)).toEqual(['created', 'closed', 'purged']);
    expect(JSON.stringify(history)).not.toContain('@');
    expect(await ctx.accounts.findByEmail('old.leaver@lib-a.example')).toEqual([]);

    expect((await ctx.accounts.get(recent.id))?.fullName).toBe('Recent Leaver');
    expect((await ctx.accounts.get(open.id))?.fullName).toBe('Still Here');
    // A second run finds nothing left to purge.
    expect(await purgeClosedAccounts(ctx, new Date('2027-03-11T03:30:00+01:00'))).toMatchObject({
      purged: 0,
      itemsRead: 0,
    });
  });
});
