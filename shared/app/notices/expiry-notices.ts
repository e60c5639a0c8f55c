import pMap from 'p-map';
import type { Account } from '../../domain/account';
import { addDays, brusselsDate, compareDates, daysBetween } from '../../domain/calendar';
import {
  dueExpiryOffset,
  expiringEndDates,
  expiryQueryWindows,
  receivesExpiryNotices,
} from '../../domain/notices/expiry';
import { noticeKey } from '../../domain/notices/keys';
import { expiryMessage } from '../../domain/notices/notice-mails';
import { isExpiredOn } from '../../domain/rules';
import { ConcurrentUpdateError } from '../../errors';
import { applyAccountChange, changeAccount } from '../accounts/account-writes';
import { CLAIM_CONCURRENCY, deliverNotices, type ScheduledNotice } from './delivery';
import type { JobOutcome, NoticeRunScope } from './notice-job';
import { reachableNotices } from './reachable';
import { institutionOf, uniqueAddresses } from './recipients';

interface ExpiryNotice extends ScheduledNotice {
  kind: 'expiry';
  daysLeft: number;
}

/**
 * Expiry notices `expiryOffsetsDays` before each account's end date (to the employee and the
 * supervisor, managers in copy), catching up every day since the last complete run; and the
 * day after its end date an account becomes expired.
 */
export async function expiryNotices(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today, mode } = scope;
  const offsets = ctx.config.notices.expiryOffsetsDays;
  const stored = mode.lastRun ?? (await ctx.noticeState.lastRun(scope.job));
  // Before the first complete run, everything since the first attempt is owed (a failed first run loses nothing).
  const lastRun =
    stored ?? addDays(mode.dryRun ? today : await ctx.noticeState.firstRun(scope.job, today), -1);
  // Today was handled completely already.
  if (compareDates(lastRun, today) >= 0) return { itemsRead: 0, deliveries: [], lastRun: stored ?? null };

  const windows = expiryQueryWindows(offsets, lastRun, today);
  const ended = expiringEndDates(stored ?? null, today);
  // The notice windows and the just-ended window are read together.
  const [endedPage, ...pages] = await Promise.all([
    ctx.accounts.listEndingBetween(ended.from, ended.to),
    ...windows.map((w) => ctx.accounts.listEndingBetween(w.from, w.to)),
  ]);
  let itemsRead = endedPage!.itemsRead;
  const byId = new Map<string, Account>();
  for (const page of pages) {
    itemsRead += page.itemsRead;
    for (const account of page.items) byId.set(account.id, account);
  }
  const notices: ExpiryNotice[] = [];
  for (const account of byId.values()) {
    if (!receivesExpiryNotices(account) || !account.endDate) continue;
    const offset = dueExpiryOffset(account.endDate, offsets, lastRun, today);
    if (offset === null) continue;
    notices.push({
      key: noticeKey('expiry', account.id, account.endDate, offset),
      kind: 'expiry',
      group: account.institution,
      to: uniqueAddresses([account.email, account.supervisorEmail]),
      cc: institutionOf(ctx.config, account.institution).managers,
      account,
      daysLeft: daysBetween(today, account.endDate),
    });
  }
  const delivery = await deliverNotices(scope, await reachableNotices(ctx, notices), (digest) => {
    const institution = institutionOf(ctx.config, digest.group);
    return expiryMessage(institution.language, {
      institutionName: institution.name,
      mailbox: ctx.config.mailbox,
      lines: digest.notices.map((n) => ({
        fullName: n.account.fullName,
        email: n.account.email,
        endDate: n.account.endDate!,
        daysLeft: n.daysLeft,
      })),
    });
  });

  const toExpire = endedPage!.items.filter((a) => a.status === 'active');
  const expired = mode.dryRun ? toExpire.length : await markExpired(scope, toExpire);
  return { itemsRead, deliveries: [delivery], lastRun: stored ?? null, details: { expired } };
}

/**
 * The day after its end date an account becomes expired; returns how many were marked. The
 * index read may be stale: the conditional write on its version catches that, and on a conflict
 * the account is read again strongly consistent (GetItem) and re-judged from that version —
 * never skipped, since the next run's window starts after today.
 */
async function markExpired(scope: NoticeRunScope, accounts: Account[]): Promise<number> {
  const { ctx, now } = scope;
  const today = brusselsDate(now);
  const source = (account: Account) => ({ actor: 'scheduler', reason: `end date ${account.endDate} passed` });
  const expire = (current: Account) =>
    current.status === 'active' && isExpiredOn(current, today)
      ? { ...current, status: 'expired' as const }
      : undefined;
  const results = await pMap(
    accounts,
    async (candidate) => {
      try {
        // The common case costs one write: the version read from the index is still current.
        await applyAccountChange(ctx, candidate, expire(candidate), 'expired', source(candidate), now);
        return expire(candidate) !== undefined;
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
      }
      let marked = false;
      await changeAccount(
        ctx,
        candidate.id,
        (current) => {
          const next = expire(current);
          marked = next !== undefined;
          return next;
        },
        'expired',
        source(candidate),
        now,
      );
      return marked;
    },
    { concurrency: CLAIM_CONCURRENCY },
  );
  return results.filter(Boolean).length;
}
