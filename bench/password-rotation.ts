import { randomBytes } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { startAlmaStandIn } from '../local/alma-standin';
import { localTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { accountToItem } from '../shared/adapters/dynamodb/account-store';
import { writeAll } from '../shared/adapters/dynamodb/write-all';
import { SECRET_BOX_KEY_SECRET } from '../shared/adapters/secrets/local-secret-box';
import { backfillSharedIndex, listSharedAccounts } from '../shared/app/accounts/shared-accounts';
import { runPasswordRotations } from '../shared/app/alma/password-rotation';
import { type AppContext, appContext } from '../shared/app/context';
import { parseConfig } from '../shared/config/load';
import type { Account } from '../shared/domain/account';
import { decideAlmaEffect } from '../shared/domain/alma/provisioning';
import type { CalendarDate } from '../shared/domain/calendar';
import { anAccount } from '../test/support/accounts';

/**
 * Issue 30: the yearly rotation of 500 shared accounts over 20 institutions (auto mode) at the
 * Alma stand-in, among BENCH_ROTATION_ACCOUNTS (100,000) accounts in all. Reported: the run's
 * time, its Alma calls (per route, the busiest institution's peak a second against Alma's 25, any
 * 429) and the items it read; and what reading the shared accounts costs on the sparse partition
 * (GSI4 SHARED) against the full read (GSI3, every institution) used until the backfill of the
 * accounts written before that partition is recorded — and the backfill itself.
 */
const INSTITUTIONS = 20;
const SHARED_PER_INSTITUTION = 25;
const ROTATION_DAY = new Date('2027-09-01T05:30:00Z');

export async function benchPasswordRotation(total: number): Promise<Record<string, unknown>> {
  const codes = Array.from({ length: INSTITUTIONS }, (_, i) => `LIB-${String(i).padStart(2, '0')}`);
  const [dynamo, alma] = await Promise.all([
    startDynamoDbLocal(),
    startAlmaStandIn({
      zones: codes.map((code) => ({ code, apiKey: `key-${code}`, userGroups: ['STAFF'] })),
      dailyQuota: 10_000_000,
    }),
  ]);
  try {
    const tableName = `bench-rotation-${Date.now()}`;
    const db = await localTable(dynamo.endpoint, tableName);
    const almaUser = {
      userGroup: 'STAFF',
      defaultRoleProfile: 'loans',
      roleProfiles: {
        loans: {
          area: 'fulfillment',
          roles: [
            { role_type: '32', scope: 'MAIN', parameters: [{ type: 'CirculationDesk', value: 'DESK' }] },
          ],
        },
      },
    };
    const config = parseConfig(
      JSON.stringify({
        mailbox: 'accounts@helpdesk.example.org',
        helpdesk: 'helpdesk@helpdesk.example.org',
        institutions: codes.map((code) => ({
          code,
          name: `Library ${code}`,
          language: 'en',
          managers: [`manager@${code.toLowerCase()}.example`, `deputy@${code.toLowerCase()}.example`],
          almaApiBase: alma.url,
          almaApiKeySecret: `alma-api-key/${code}`,
          almaProvisioning: 'auto',
          almaUser,
        })),
        alma: { quotaFloor: 0 },
        notices: { passwordRotation: { date: '09-01' } },
      }),
      'bench',
    );
    const boxKey = randomBytes(32).toString('base64url');
    let mails = 0;
    const ctx: AppContext = appContext({
      config,
      db,
      tableName,
      mailer: {
        send: async () => {
          mails++;
          return { messageId: `bench-${mails}` };
        },
      },
      secrets: {
        get: async (name) =>
          name.startsWith('alma-api-key/')
            ? `key-${name.slice('alma-api-key/'.length)}`
            : name === SECRET_BOX_KEY_SECRET
              ? boxKey
              : 'bench-link-key',
      },
      logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    });

    // 500 shared accounts linked to their Alma users (seeded), the rest personal accounts; every
    // item written as before the SHARED partition existed (no GSI4 on the shared ones).
    const linkedAt = '2027-01-15T09:00:00.000Z';
    const items: Record<string, unknown>[] = [];
    const users = new Map<string, unknown[]>(codes.map((c) => [c, []]));
    for (let n = 0; n < total; n++) {
      const institution = config.institutions[n % INSTITUTIONS]!;
      const shared = n < INSTITUTIONS * SHARED_PER_INSTITUTION;
      const base = anAccount({
        id: `ACC-ROT${String(n).padStart(8, '0')}`,
        institution: institution.code,
        accountType: shared ? 'shared' : 'personal',
        employeeType: shared ? 'permanent' : n % 3 ? 'temporary' : 'permanent',
        fullName: shared ? `Desk ${n}` : `Bench Person ${n}`,
        email: `p${n}@${institution.code.toLowerCase()}.example`,
        missionEndDate: null,
        endDate: shared || n % 3 === 0 ? null : ('2033-06-30' as CalendarDate),
      });
      let account: Account = base;
      if (shared) {
        const effect = decideAlmaEffect({ account: base, institution, intent: 'provision', approved: true });
        if (effect.kind !== 'create') throw new Error(`bench: no Alma record: ${JSON.stringify(effect)}`);
        users.get(institution.code)!.push(effect.user);
        account = {
          ...base,
          alma: {
            primaryId: effect.primaryId,
            state: 'synced',
            linkedAt,
            lastSyncAt: linkedAt,
            lastAnswer: 'created',
            expiryDate: null,
          },
        };
      }
      const { GSI4PK: _pk, GSI4SK: _sk, ...item } = accountToItem(account);
      items.push(item);
    }
    for (const [code, seeded] of users) alma.seed(code, seeded as never);
    const loadStarted = performance.now();
    await writeAll(
      db,
      tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
      { inFlight: 8 },
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const timed = async <T>(work: () => Promise<T>) => {
      const started = performance.now();
      const value = await work();
      return { value, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
    };
    // Until the backfill is recorded: the full read, and every shared account found.
    const full = await timed(() => listSharedAccounts(ctx));
    // The backfill as the CLI's reindex runs it (bounded steps until complete).
    const backfill = await timed(async () => {
      let itemsRead = 0;
      let indexed = 0;
      let steps = 0;
      for (let complete = false; !complete; steps++) {
        const step = await backfillSharedIndex(ctx);
        itemsRead += step.itemsRead;
        indexed += step.indexed;
        complete = step.complete;
      }
      return { itemsRead, indexed, steps };
    });
    const sparse = await timed(() => listSharedAccounts(ctx));

    alma.resetStats();
    const run = await timed(() => runPasswordRotations(ctx, ROTATION_DAY));
    const stats = alma.stats();
    const shared = INSTITUTIONS * SHARED_PER_INSTITUTION;
    return {
      accounts: total,
      sharedAccounts: shared,
      institutions: INSTITUTIONS,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      readingTheSharedAccounts: {
        fullRead: {
          source: full.value.source,
          itemsRead: full.value.itemsRead,
          found: full.value.items.length,
          seconds: full.seconds,
        },
        sparsePartition: {
          source: sparse.value.source,
          itemsRead: sparse.value.itemsRead,
          found: sparse.value.items.length,
          seconds: sparse.seconds,
        },
        backfillOnce: { ...backfill.value, seconds: backfill.seconds },
      },
      rotation: {
        seconds: run.seconds,
        report: run.value,
        almaCalls: stats.requests,
        callsPerAccount: stats.requests / shared,
        byRoute: stats.byRoute,
        peakPerSecondOneInstitution: stats.peakPerSecond,
        almaLimitPerSecond: 25,
        throttled429: stats.throttled,
        mails,
      },
    };
  } finally {
    await Promise.all([alma.stop(), dynamo.stop()]);
  }
}
