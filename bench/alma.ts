import { Logger } from '@aws-lambda-powertools/logger';
import { startAlmaStandIn } from '../local/alma-standin';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { changeAccount, createAccount } from '../shared/app/accounts/account-writes';
import { almaDrift } from '../shared/app/alma/drift-report';
import { provisionAccount, syncAlmaExpiry } from '../shared/app/alma/provision';
import { type AppContext, appContext } from '../shared/app/context';
import { applyReviewChoice } from '../shared/app/review/review-decisions';
import { parseConfig } from '../shared/config/load';
import type { Account } from '../shared/domain/account';
import { closed, renewed } from '../shared/domain/account-changes';
import { decideAlmaEffect } from '../shared/domain/alma/provisioning';
import type { CalendarDate } from '../shared/domain/calendar';
import { anAccount } from '../test/support/accounts';
import { loadAccounts } from './store';

/**
 * Alma calls, counted by the stand-in: per accepted request (a new account in auto mode, a
 * renewal, a yearly-review "renew", a closure), and the drift report over 5,000 linked accounts
 * plus 50 staff users nobody knows, through the client's 25-a-second throttle.
 */
const PER_KIND = 20;
const DRIFT_ACCOUNTS = Number(process.env.BENCH_DRIFT_ACCOUNTS ?? 5_000);
const STRANGERS = 50;
const KEY = 'bench-alma-key';

export async function benchAlma(): Promise<Record<string, unknown>> {
  const [dynamo, alma] = await Promise.all([
    startDynamoDbLocal(),
    startAlmaStandIn({
      zones: [{ code: 'LIB-A', apiKey: KEY, userGroups: ['STAFF'] }],
      dailyQuota: 10_000_000,
    }),
  ]);
  try {
    const tableName = `bench-alma-${Date.now()}`;
    const db = await localTable(dynamo.endpoint, tableName);
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@helpdesk.example.org',
        helpdesk: 'helpdesk@helpdesk.example.org',
        institutions: [
          {
            code: 'LIB-A',
            name: 'Library A',
            language: 'en',
            managers: ['manager@lib-a.example'],
            almaApiBase: alma.url,
            almaApiKeySecret: 'alma-api-key/LIB-A',
            almaProvisioning: 'auto',
            almaUser: {
              userGroup: 'STAFF',
              defaultRoleProfile: 'loans',
              roleProfiles: {
                loans: {
                  area: 'fulfillment',
                  roles: [
                    {
                      role_type: '32',
                      scope: 'MAIN',
                      parameters: [{ type: 'CirculationDesk', value: 'DESK' }],
                    },
                  ],
                },
              },
            },
          },
        ],
        alma: { quotaFloor: 0 },
      }),
      'bench',
    );
    const ctx: AppContext = appContext({
      config,
      db,
      tableName,
      mailer: { send: async () => ({ messageId: 'bench' }) },
      secrets: { get: async (name) => (name.startsWith('alma-api-key/') ? KEY : 'bench-link-key') },
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    });
    const source = { actor: 'bench', reason: 'bench' };
    const now = new Date('2027-03-01T09:00:00Z');

    const measure = async (
      kind: string,
      act: (account: Account) => Promise<unknown>,
      accounts: Account[],
    ) => {
      alma.resetStats();
      const started = performance.now();
      for (const account of accounts) await act(account);
      const ms = performance.now() - started;
      const stats = alma.stats();
      const perRequest = Object.fromEntries(
        Object.entries(stats.byRoute).map(([route, count]) => [route, count / accounts.length]),
      );
      return {
        kind,
        requests: accounts.length,
        callsPerRequest: stats.requests / accounts.length,
        perRequest,
        msPerRequest: Math.round(ms / accounts.length),
      };
    };

    const accounts: Account[] = [];
    for (let i = 0; i < PER_KIND; i++)
      accounts.push(
        await createAccount(
          ctx,
          anAccount({
            email: `new${i}@lib-a.example`,
            endDate: '2027-12-31' as CalendarDate,
            employeeType: 'volunteer',
            missionEndDate: null,
          }),
          source,
          now,
        ),
      );
    const perRequest = [
      await measure(
        'new account (auto)',
        (a) => provisionAccount(ctx, a.id, { actor: 'bench', via: 'bench', now }),
        accounts,
      ),
      await measure(
        'renewal',
        async (a) => {
          await changeAccount(
            ctx,
            a.id,
            (c) => {
              const r = renewed(c, { newEmploymentEnd: '2028-02-29' as CalendarDate }, now);
              return r.ok ? r.account : undefined;
            },
            'renewed',
            source,
            now,
          );
          await syncAlmaExpiry(ctx, a.id, { actor: 'bench', via: 'bench', now });
        },
        accounts,
      ),
      await measure(
        'yearly review "renew"',
        async (a) => {
          await changeAccount(
            ctx,
            a.id,
            (c) => ({ ...c, endDate: '2027-12-31' as CalendarDate }),
            'renewed',
            source,
            now,
          );
          await syncAlmaExpiry(ctx, a.id, { actor: 'bench', via: 'bench', now });
          alma.resetStats();
          await applyReviewChoice(ctx, {
            accountId: a.id,
            campaign: 2027,
            decision: 'renew',
            now: new Date('2027-11-20T10:00:00Z'),
            actor: 'decision-link',
            via: 'bench',
            reason: 'bench',
          });
        },
        accounts.slice(0, 1),
      ),
      await measure(
        'closure',
        async (a) => {
          await changeAccount(
            ctx,
            a.id,
            (c) => closed(c, '2027-04-30' as CalendarDate, now),
            'closure-requested',
            source,
            now,
          );
          await syncAlmaExpiry(ctx, a.id, { actor: 'bench', via: 'bench', now });
        },
        accounts,
      ),
    ];

    // The drift report: 5,000 linked accounts, their users in Alma (seeded directly), 50 strangers.
    const institution = config.institutions[0]!;
    const linkedAt = now.toISOString();
    const drifting: Account[] = [];
    const users = [];
    for (let i = 0; i < DRIFT_ACCOUNTS; i++) {
      const base = anAccount({
        email: `staff${i}@lib-a.example`,
        fullName: `Staff ${i}`,
        endDate: '2027-09-30' as CalendarDate,
      });
      const effect = decideAlmaEffect({ account: base, institution, intent: 'provision', approved: true });
      if (effect.kind !== 'create') throw new Error('bench: no record');
      users.push(i % 100 === 0 ? { ...effect.user, expiry_date: '2030-01-01Z' } : effect.user);
      drifting.push({
        ...base,
        alma: {
          primaryId: effect.primaryId,
          state: 'synced',
          linkedAt,
          lastSyncAt: linkedAt,
          lastAnswer: 'created',
          expiryDate: '2027-09-30' as CalendarDate,
        },
      });
    }
    for (let i = 0; i < STRANGERS; i++)
      users.push({
        primary_id: `stranger${i}@lib-a.example`,
        record_type: { value: 'STAFF' },
        account_type: { value: 'INTERNAL' },
        last_name: `Stranger ${i}`,
        user_group: { value: 'STAFF' },
      });
    alma.seed('LIB-A', users);
    await loadAccounts(db, tableName, drifting);
    alma.resetStats();
    const started = performance.now();
    const report = await almaDrift(ctx, now);
    const seconds = (performance.now() - started) / 1000;
    const stats = alma.stats();
    const lib = report.institutions[0]!;
    return {
      perAcceptedRequest: perRequest,
      target: '1 POST for a new account; GET + PUT for a change',
      drift: {
        accounts: lib.accounts,
        almaStaffUsers: lib.almaUsers,
        calls: report.calls,
        byRoute: stats.byRoute,
        seconds: Number(seconds.toFixed(1)),
        callsPerSecond: Number((report.calls / seconds).toFixed(1)),
        peakPerSecond: stats.peakPerSecond,
        throttled429: stats.throttled,
        found: { missing: lib.missing.length, differs: lib.differs.length, unknown: lib.unknown.length },
      },
    };
  } finally {
    await Promise.all([alma.stop(), dynamo.stop()]);
  }
}
