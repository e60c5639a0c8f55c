import type { Account, AccountEvent } from '../../domain/account';
import { type ActionSource, eventFor } from '../../domain/account-changes';
import { ConcurrentUpdateError, NotFoundError } from '../../errors';
import type { AppContext } from '../context';

/**
 * Writes `changed` as the version after `current` (with its history event); nothing when the
 * change is undefined. ConcurrentUpdateError when `current` is no longer the stored version.
 */
export async function applyAccountChange(
  ctx: Pick<AppContext, 'accounts'>,
  current: Account,
  changed: Account | undefined,
  action: AccountEvent['action'],
  source: ActionSource,
  now: Date,
): Promise<Account> {
  if (!changed) return current;
  const next: Account = { ...changed, updatedAt: now.toISOString(), version: current.version + 1 };
  await ctx.accounts.update(next, eventFor(next, action, source, now, current));
  return next;
}

/**
 * Read-modify-write with the optimistic version: read strongly consistent, change, write; on a
 * concurrent change, read again and re-apply (the change functions are pure), at most 3 times.
 */
export async function changeAccount(
  ctx: Pick<AppContext, 'accounts'>,
  id: string,
  change: (current: Account) => Account | undefined,
  action: AccountEvent['action'],
  source: ActionSource,
  now: Date,
): Promise<Account> {
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.accounts.get(id);
    if (!current) throw new NotFoundError(`no account ${id}`);
    try {
      return await applyAccountChange(ctx, current, change(current), action, source, now);
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 3) throw error;
    }
  }
}

export async function createAccount(
  ctx: Pick<AppContext, 'accounts'>,
  account: Account,
  source: ActionSource,
  now: Date,
  action: 'created' | 'imported' = 'created',
): Promise<Account> {
  await ctx.accounts.create(account, eventFor(account, action, source, now));
  return account;
}

/** Finds one account by id or e-mail (optionally within an institution); NotFoundError otherwise. */
export async function findAccount(
  ctx: Pick<AppContext, 'accounts'>,
  idOrEmail: string,
  institution?: string,
): Promise<Account> {
  if (idOrEmail.startsWith('ACC-')) {
    const account = await ctx.accounts.get(idOrEmail);
    if (account && (!institution || account.institution === institution)) return account;
    throw new NotFoundError(`no account ${idOrEmail}`);
  }
  const matches = await ctx.accounts.findByEmail(idOrEmail, institution);
  const open = matches.filter((a) => a.status !== 'closed');
  const pick = open[0] ?? matches[0];
  if (!pick) throw new NotFoundError(`no account for ${idOrEmail}${institution ? ` in ${institution}` : ''}`);
  if (open.length > 1) {
    throw new NotFoundError(
      `${idOrEmail} has open accounts in ${open.map((a) => a.institution).join(', ')}: give the id`,
    );
  }
  return pick;
}
