import type { Account } from '../../domain/account';
import type { Page, SharedIndexBackfill } from '../../domain/ports';
import type { AppContext } from '../context';

/**
 * The open shared accounts (password announcements and rotations). They are one Query on the
 * sparse partition GSI4 `SHARED` — but accounts written before that partition existed carry its
 * attributes only once written again or backfilled. Until the backfill is recorded complete, the
 * accounts are read in full (GSI3, institution by institution) so that none is missed.
 */
export async function listSharedAccounts(
  ctx: AppContext,
): Promise<Page<Account> & { source: 'shared-index' | 'full-read' }> {
  if (await ctx.accounts.sharedIndexComplete())
    return { ...(await ctx.accounts.listShared()), source: 'shared-index' };
  const items: Account[] = [];
  let itemsRead = 0;
  for (const institution of ctx.config.institutions) {
    const page = await ctx.accounts.listByInstitution(institution.code);
    itemsRead += page.itemsRead;
    items.push(
      ...page.items.filter(
        (a) => a.accountType === 'shared' && a.status !== 'closed' && a.deactivationDate === null,
      ),
    );
  }
  return { items, itemsRead, source: 'full-read' };
}

/** Items a daily job reads at most for the backfill: 100,000 accounts are done within a week. */
export const SHARED_BACKFILL_ITEMS_PER_RUN = 20_000;

/**
 * One bounded, resumable step of the `SHARED` partition's backfill (the daily job runs one until it
 * is complete; `alma-accounts reindex` runs them all). Nothing is read once it is complete.
 */
export async function backfillSharedIndex(
  ctx: AppContext,
  maxItems: number = SHARED_BACKFILL_ITEMS_PER_RUN,
): Promise<SharedIndexBackfill> {
  if (await ctx.accounts.sharedIndexComplete()) return { complete: true, itemsRead: 0, indexed: 0 };
  return ctx.accounts.backfillSharedIndex(
    ctx.config.institutions.map((i) => i.code),
    maxItems,
  );
}
