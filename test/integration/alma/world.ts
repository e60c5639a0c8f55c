import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AlmaStandIn, type StandInOptions, startAlmaStandIn } from '../../../local/alma-standin';
import { createAccount } from '../../../shared/app/accounts/account-writes';
import type { AppContext } from '../../../shared/app/context';
import type { Account } from '../../../shared/domain/account';
import { anAccount } from '../../support/accounts';
import { testConfig, testContext } from '../../support/context';

/** The role profiles both test institutions use (codes of Alma's UserRoleTypes): loans by default, cataloguing on demand. */
export const ALMA_USER = {
  userGroup: 'STAFF',
  purgeAfterDays: 90,
  defaultRoleProfile: 'loans',
  roleProfiles: {
    loans: {
      area: 'fulfillment',
      roles: [
        {
          role_type: '32',
          scope: 'MAIN',
          parameters: [{ type: 'CirculationDesk', value: 'DEFAULT_CIRC_DESK' }],
        },
      ],
    },
    cataloguing: { area: 'cataloguing', roles: [{ role_type: '204', scope: 'INST' }] },
    acquisitions: { area: 'acquisitions', roles: [{ role_type: '54', scope: 'MAIN' }] },
  },
};

export const KEYS = { 'LIB-A': 'key-lib-a-test', 'LIB-B': 'key-lib-b-test' } as const;

export interface AlmaWorld {
  ctx: AppContext & { dataDir: string };
  standIn: AlmaStandIn;
  /** A stored account of LIB-A (approve mode) or LIB-B (auto mode). */
  account(overrides?: Partial<Account>): Promise<Account>;
  stop(): Promise<void>;
}

/**
 * A real context (DynamoDB Local, local SES) whose institutions' `almaApiBase` is a fresh Alma
 * stand-in: LIB-A provisions on approval, LIB-B at once. `config` overrides the test config.
 */
export async function almaWorld(
  options: {
    config?: Record<string, unknown>;
    standIn?: Partial<StandInOptions>;
    domain?: string;
    /** Managers besides `manager@<institution>.<domain>`, by institution. */
    moreManagers?: Partial<Record<'LIB-A' | 'LIB-B', string[]>>;
  } = {},
): Promise<AlmaWorld> {
  const standIn = await startAlmaStandIn({
    zones: [
      { code: 'LIB-A', apiKey: KEYS['LIB-A'], userGroups: ['STAFF'] },
      { code: 'LIB-B', apiKey: KEYS['LIB-B'], userGroups: ['STAFF'] },
    ],
    ...options.standIn,
  });
  const domain = options.domain ?? 'alma-test.example';
  const institution = (code: 'LIB-A' | 'LIB-B', mode: string, language: string) => ({
    code,
    name: `Library ${code.slice(-1)}`,
    language,
    managers: [`manager@${code.toLowerCase()}.${domain}`, ...(options.moreManagers?.[code] ?? [])],
    almaApiBase: standIn.url,
    almaApiKeySecret: `alma-api-key/${code}`,
    almaProvisioning: mode,
    almaUser: ALMA_USER,
  });
  const config = testConfig({
    mailbox: `accounts@${domain}`,
    helpdesk: `helpdesk@${domain}`,
    alerts: { recipients: [`alerts@${domain}`], operators: [`ops@${domain}`], language: 'en' },
    institutions: [institution('LIB-A', 'approve', 'fr'), institution('LIB-B', 'auto', 'nl')],
    alma: { retries: 3, timeoutMs: 1500, quotaFloor: 50 },
    ...options.config,
  });
  const ctx = await testContext(config);
  writeFileSync(
    join(ctx.dataDir, 'secrets.json'),
    JSON.stringify({ 'alma-api-key/LIB-A': KEYS['LIB-A'], 'alma-api-key/LIB-B': KEYS['LIB-B'] }),
  );
  return {
    ctx,
    standIn,
    async account(overrides = {}) {
      const account = anAccount({
        email: `p${Math.random().toString(36).slice(2, 10)}@${domain}`,
        ...overrides,
      });
      return createAccount(ctx, account, { actor: `manager@lib-a.${domain}`, reason: 'test' }, new Date());
    },
    stop: () => standIn.stop(),
  };
}

/** A fault the stand-in injects: Alma's documented answer for an unknown user looked up with user_id_type=all_unique (GET and PUT). */
export const notFound890 = (id: string) => ({
  status: 400,
  contentType: 'application/json;charset=UTF-8',
  body: JSON.stringify({
    errorsExist: true,
    errorList: {
      error: [
        {
          errorCode: '401890',
          errorMessage: `User with identifier ${id} of type all_unique was not found.`,
          trackingId: 'E01-0000',
        },
      ],
    },
    result: null,
  }),
});
