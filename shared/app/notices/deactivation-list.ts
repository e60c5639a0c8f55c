import type { Account } from '../../domain/account';
import { almaStopsBy } from '../../domain/alma/provisioning';
import { addDays, type CalendarDate, compareDates } from '../../domain/calendar';
import { noticeKey } from '../../domain/notices/keys';
import { type DeactivationLine, deactivationListMessage } from '../../domain/notices/messages';
import { signLink } from '../../domain/notices/token';
import { DECISION_LINK_KEY_SECRET } from '../context';
import { deliverNotices, type ScheduledNotice } from './delivery';
import type { JobOutcome, NoticeRunScope } from './notice-job';
import { decisionUrl, helpdeskLanguage, institutionOf } from './recipients';

/** Deactivation links stay valid a month; the daily list repeats pending accounts with fresh links. */
const CLOSE_LINK_DAYS = 30;

interface DeactivationNotice extends ScheduledNotice {
  kind: 'deactivation';
  line: DeactivationLine;
}

/**
 * The helpdesk's daily list of accounts to deactivate in Alma (ended, or reaching the date a
 * closure asked for), each with a one-click "done in Alma" link; accounts listed before and
 * still open are recalled as pending.
 */
export async function deactivationList(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today, now, mode } = scope;
  const [ended, leaving, stored] = await Promise.all([
    ctx.accounts.listEndingBetween(null, addDays(today, -1)),
    ctx.accounts.listDeactivatingBetween(null, today),
    mode.lastRun ? Promise.resolve(mode.lastRun) : ctx.noticeState.lastRun(scope.job),
  ]);
  // New since the last complete run: those are claimed and listed; older ones are only recalled as pending.
  const isNew = (reason: 'expired' | 'closure', date: CalendarDate) =>
    !stored || compareDates(reason === 'expired' ? addDays(date, 1) : date, stored) > 0;
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + CLOSE_LINK_DAYS * 86_400;
  const notices = new Map<string, DeactivationNotice>();
  const add = (account: Account, reason: 'expired' | 'closure', date: CalendarDate) => {
    if (account.status === 'closed' || notices.has(account.id)) return;
    const token = signLink({ purpose: 'close', accountId: account.id, reasonDate: date, expiresAt }, key);
    notices.set(account.id, {
      key: noticeKey('deactivation', account.id, date, 0),
      kind: 'deactivation',
      group: 'helpdesk:deactivation',
      to: [ctx.config.helpdesk],
      cc: [],
      account,
      line: {
        accountId: account.id,
        fullName: account.fullName,
        email: account.email,
        institutionName: institutionOf(ctx.config, account.institution).name,
        reason,
        date,
        closeUrl: decisionUrl(ctx.config, token),
        doneInAlma: almaStopsBy(account, date),
      },
    });
  };
  // A closure request names the date the library asked for; it wins over a later end date.
  for (const account of leaving.items) add(account, 'closure', account.deactivationDate!);
  for (const account of ended.items) add(account, 'expired', account.endDate!);
  const all = [...notices.values()];
  const fresh = all.filter((n) => isNew(n.line.reason, n.line.date));
  const delivery = await deliverNotices(scope, fresh, (digest) => {
    const listed = new Set(digest.notices.map((n) => n.account.id));
    return deactivationListMessage(helpdeskLanguage(ctx.config), {
      mailbox: ctx.config.mailbox,
      today,
      lines: digest.notices.map((n) => n.line),
      pending: all.filter((n) => !listed.has(n.account.id)).map((n) => n.line),
    });
  });
  return {
    itemsRead: ended.itemsRead + leaving.itemsRead,
    deliveries: [delivery],
    lastRun: stored ?? null,
    details: { pendingDeactivations: all.length },
  };
}
