import { addDays, brusselsDate } from '../../domain/calendar';
import { pseudonym } from '../../logging';
import type { AppContext, JobReport } from '../context';
import { changeAccount } from './account-writes';

const PURGED = '[purged]';

/**
 * Retention: closed accounts' personal fields are erased `retention.closedAccountPurgeDays`
 * after closure. The account item stays (id, institution, kind, dates) and so does its
 * history, with people replaced by stable pseudonyms.
 */
export async function purgeClosedAccounts(ctx: AppContext, now: Date): Promise<JobReport> {
  const cutoff = addDays(brusselsDate(now), -ctx.config.retention.closedAccountPurgeDays);
  const page = await ctx.accounts.listClosedBetween(null, cutoff);
  let purged = 0;
  for (const account of page.items) {
    const source = {
      actor: 'scheduler',
      reason: `closed more than ${ctx.config.retention.closedAccountPurgeDays} days ago`,
    };
    const next = await changeAccount(
      ctx,
      account.id,
      (current) =>
        current.purgedAt || current.status !== 'closed'
          ? undefined
          : {
              ...current,
              fullName: PURGED,
              givenName: null,
              familyName: null,
              email: `purged:${current.id.toLowerCase()}`,
              supervisorEmail: null,
              tasks: PURGED,
              // The Alma primary id is the e-mail address by default: it goes too, and so does
              // the Alma user a pending link showed (someone's name and addresses).
              ...(current.alma ? { alma: { ...current.alma, primaryId: PURGED, held: null } } : {}),
              purgedAt: now.toISOString(),
            },
      'purged',
      source,
      now,
    );
    if (!next.purgedAt) continue;
    await ctx.accounts.rewriteHistory(account.id, (event) => ({
      ...event,
      actor: event.actor.includes('@') ? (pseudonym(event.actor) ?? PURGED) : event.actor,
    }));
    purged++;
  }
  ctx.logger.info('closed accounts purged', { purged, itemsRead: page.itemsRead });
  return { job: 'account-purge', now: now.toISOString(), sent: 0, itemsRead: page.itemsRead, purged };
}
