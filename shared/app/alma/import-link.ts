import pMap from 'p-map';
import {
  decideImportLink,
  type ImportLinkVerdict,
  importLinkPrimaryId,
  needsImportLink,
} from '../../domain/alma/import-link-verdict';
import { canProvision, type ProvisioningInstitution, provisioningMode } from '../../domain/alma/provisioning';
import { AlmaApiError } from '../../errors';
import { changeAccount } from '../accounts/account-writes';
import type { AppContext } from '../context';
import { noteAlmaQuota } from './notify';

/**
 * `alma link`: the accounts an import brought in (or that predate provisioning) looked up in
 * Alma one GET each, through the adapter's per-institution throttle (Alma's rate), and sorted
 * into found (the same person), missing and different person. Dry unless `confirm`: then each
 * found account records its link, conditional on it still being unlinked. Nothing is ever sent
 * to Alma: linking changes the registry only; dates move on the next renewal or closure.
 */
export interface InstitutionLinks {
  institution: string;
  found: Extract<ImportLinkVerdict, { kind: 'found' }>[];
  missing: Extract<ImportLinkVerdict, { kind: 'missing' }>[];
  different: Extract<ImportLinkVerdict, { kind: 'different-person' }>[];
  /** Accounts whose link was recorded (confirm only). */
  linked: string[];
  /** Why the institution could not be looked up to the end (Alma's answer). */
  failed?: string;
  calls: number;
}

const LOOKUP_CONCURRENCY = 8;

export async function linkImportedAccounts(
  ctx: AppContext,
  now: Date,
  options: {
    confirm: boolean;
    actor: string;
    institution?: string;
    onAccount?: (done: number, total: number) => void;
  },
): Promise<InstitutionLinks[]> {
  const institutions = ctx.config.institutions.filter(
    (i): i is ProvisioningInstitution =>
      canProvision(i) &&
      provisioningMode(i) !== 'off' &&
      (!options.institution || i.code === options.institution),
  );
  const out: InstitutionLinks[] = [];
  for (const institution of institutions) out.push(await linkInstitution(ctx, institution, now, options));
  return out;
}

async function linkInstitution(
  ctx: AppContext,
  institution: ProvisioningInstitution,
  now: Date,
  options: { confirm: boolean; actor: string; onAccount?: (done: number, total: number) => void },
): Promise<InstitutionLinks> {
  const code = institution.code;
  const result: InstitutionLinks = {
    institution: code,
    found: [],
    missing: [],
    different: [],
    linked: [],
    calls: 0,
  };
  const accounts = (await ctx.accounts.listByInstitution(code)).items.filter((a) =>
    needsImportLink(a, institution),
  );
  let remaining: number | null = null;
  let done = 0;
  const verdicts: ImportLinkVerdict[] = [];
  try {
    // Facts first: one look-up per account; then the pure verdicts.
    await pMap(
      accounts,
      async (account) => {
        const reply = await ctx.alma.get(code, importLinkPrimaryId(account, institution));
        result.calls++;
        if (reply.remaining !== null) remaining = Math.min(remaining ?? reply.remaining, reply.remaining);
        verdicts.push(decideImportLink(account, institution, reply.value));
        options.onAccount?.(++done, accounts.length);
      },
      { concurrency: LOOKUP_CONCURRENCY },
    );
  } catch (error) {
    if (!(error instanceof AlmaApiError)) throw error;
    result.failed = error.message;
  } finally {
    await noteAlmaQuota(ctx, code, remaining, now);
  }
  for (const verdict of verdicts) {
    if (verdict.kind === 'found') result.found.push(verdict);
    else if (verdict.kind === 'missing') result.missing.push(verdict);
    else result.different.push(verdict);
  }
  const byId = (a: { primaryId: string }, b: { primaryId: string }) => a.primaryId.localeCompare(b.primaryId);
  result.found.sort(byId);
  result.missing.sort(byId);
  result.different.sort(byId);
  if (!options.confirm) return result;

  for (const verdict of result.found) {
    const answer = `linked by alma link, expiry ${verdict.held.expiryDate ?? 'none'}`;
    let written = false;
    await changeAccount(
      ctx,
      verdict.accountId,
      (current) => {
        // Conditional: still unlinked and not taken up by provisioning meanwhile.
        written = needsImportLink(current, institution);
        if (!written) return undefined;
        return {
          ...current,
          alma: {
            primaryId: verdict.held.primaryId,
            state: 'synced',
            linkedAt: now.toISOString(),
            lastSyncAt: now.toISOString(),
            lastAnswer: answer,
            expiryDate: verdict.held.expiryDate,
          },
        };
      },
      'alma-sync',
      {
        actor: options.actor,
        reason: 'Alma: the user Alma holds for this person is linked (alma link)',
        reference: `alma-link:${now.toISOString()}`,
        alma: { calls: ['GET found'], outcome: 'linked', answer },
      },
      now,
    );
    if (written) result.linked.push(verdict.accountId);
  }
  ctx.logger.info('alma link', {
    institution: code,
    found: result.found.length,
    missing: result.missing.length,
    different: result.different.length,
    linked: result.linked.length,
  });
  return result;
}
