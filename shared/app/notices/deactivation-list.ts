import pMap from 'p-map';
import type { Account } from '../../domain/account';
import { almaStopsBy } from '../../domain/alma/provisioning';
import { addDays, type CalendarDate, compareDates, daysBetween } from '../../domain/calendar';
import { noticeKey } from '../../domain/notices/keys';
import { type DeactivationLine, deactivationListMessage } from '../../domain/notices/notice-mails';
import { signLink } from '../../domain/notices/token';
import type { PendingDeactivation } from '../../domain/ports';
import { DECISION_LINK_KEY_SECRET } from '../context';
import { deliverNotices, type ScheduledNotice } from './delivery';
import type { JobOutcome, NoticeRunScope } from './notice-job';
import { decisionUrl, helpdeskLanguage, institutionOf } from './recipients';

/** Deactivation links stay valid a month; the daily list repeats pending accounts with fresh links. */
const CLOSE_LINK_DAYS = 30;
/**
 * The backlog is rebuilt from the accounts at least this often: an account renewed after it was
 * listed leaves it then (meanwhile its link answers that the account changed, and closes nothing).
 */
const BACKLOG_REBUILD_DAYS = 7;

interface DeactivationNotice extends ScheduledNotice {
  kind: 'deactivation';
  line: DeactivationLine;
}

/** What the run knows: the accounts newly due since the last list, and the ones still waiting. */
interface DueDeactivations {
  fresh: Account[];
  /** Due since the last list only by the (expired | closure) reason and date of each. */
  reasons: Map<string, DueReason>;
  pending: PendingDeactivation[];
  itemsRead: number;
  rebuiltOn: CalendarDate;
}

type DueReason = { reason: 'expired' | 'closure'; date: CalendarDate };

/**
 * Why each open account is due: reaching the date a closure asked for, or having ended. A
 * closure request names the date the library asked for; it wins over a later end date.
 */
function dueReasons(
  accounts: Account[],
  today: CalendarDate,
): Map<string, { account: Account; due: DueReason }> {
  const byId = new Map<string, { account: Account; due: DueReason }>();
  for (const account of accounts) {
    if (account.status === 'closed' || byId.has(account.id)) continue;
    const leaving = account.deactivationDate !== null && compareDates(account.deactivationDate, today) <= 0;
    byId.set(account.id, {
      account,
      due: leaving
        ? { reason: 'closure', date: account.deactivationDate! }
        : { reason: 'expired', date: account.endDate! },
    });
  }
  return byId;
}

/** Due since the last complete run (`stored`): listed as new; older ones are only recalled as pending. */
function isNew(due: DueReason, stored: CalendarDate | undefined): boolean {
  return !stored || compareDates(due.reason === 'expired' ? addDays(due.date, 1) : due.date, stored) > 0;
}

/**
 * The helpdesk's daily list of accounts to deactivate in Alma (ended, or reaching the date a
 * closure asked for), each with a one-click "done in Alma" link; accounts listed before and
 * still open are recalled as pending. Reads only what became due since the last list and what
 * was closed since; the backlog comes from its own record, rebuilt weekly.
 */
export async function deactivationList(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today, now, mode } = scope;
  const stored = mode.lastRun ?? (await ctx.noticeState.lastRun(scope.job));
  const backlog = mode.dryRun || !stored ? undefined : await ctx.noticeState.deactivationBacklog();
  const due =
    stored && backlog && daysBetween(backlog.rebuiltOn, today) < BACKLOG_REBUILD_DAYS
      ? await readSince(scope, stored, backlog.entries, backlog.rebuiltOn)
      : await readAll(scope, stored);
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + CLOSE_LINK_DAYS * 86_400;
  const lineOf = async (entry: PendingDeactivation): Promise<DeactivationLine> => ({
    ...entry,
    closeUrl: decisionUrl(
      ctx.config,
      await signLink(
        { purpose: 'close', accountId: entry.accountId, reasonDate: entry.date, expiresAt },
        key,
      ),
    ),
  });
  const notices: DeactivationNotice[] = await pMap(due.fresh, async (account) => {
    const { reason, date } = due.reasons.get(account.id)!;
    return {
      key: noticeKey('deactivation', account.id, date, 0),
      kind: 'deactivation',
      group: 'helpdesk:deactivation',
      to: [ctx.config.helpdesk],
      cc: [],
      account,
      line: await lineOf({
        accountId: account.id,
        fullName: account.fullName,
        email: account.email,
        institutionName: institutionOf(ctx.config, account.institution).name,
        reason,
        date,
        doneInAlma: almaStopsBy(account, date),
      }),
    };
  });
  const freshIds = new Set(notices.map((n) => n.account.id));
  const pending = due.pending.filter((p) => !freshIds.has(p.accountId));
  const pendingLines = await pMap(pending, lineOf);
  const delivery = await deliverNotices(scope, notices, (digest) => {
    const listed = new Set(digest.notices.map((n) => n.account.id));
    return deactivationListMessage(helpdeskLanguage(ctx.config), {
      mailbox: ctx.config.mailbox,
      today,
      lines: digest.notices.map((n) => n.line),
      pending: [...notices.filter((n) => !listed.has(n.account.id)).map((n) => n.line), ...pendingLines],
    });
  });
  if (!mode.dryRun) {
    await ctx.noticeState.saveDeactivationBacklog({
      rebuiltOn: due.rebuiltOn,
      entries: [...pending, ...notices.map(({ line: { closeUrl: _closeUrl, ...entry } }) => entry)],
    });
  }
  return {
    itemsRead: due.itemsRead,
    deliveries: [delivery],
    lastRun: stored ?? null,
    details: { pendingDeactivations: pending.length + notices.length },
  };
}

/** Every open account that ended or reached its deactivation date: the first run, and the weekly rebuild. */
async function readAll(scope: NoticeRunScope, stored: CalendarDate | undefined): Promise<DueDeactivations> {
  const { ctx, today } = scope;
  const [ended, leaving] = await Promise.all([
    ctx.accounts.listEndingBetween(null, addDays(today, -1)),
    ctx.accounts.listDeactivatingBetween(null, today),
  ]);
  const fresh: Account[] = [];
  const pending: PendingDeactivation[] = [];
  const reasons = new Map<string, DueReason>();
  for (const { account, due } of dueReasons([...leaving.items, ...ended.items], today).values()) {
    if (isNew(due, stored)) {
      fresh.push(account);
      reasons.set(account.id, due);
    } else pending.push(pendingOf(scope, account, due));
  }
  return { fresh, reasons, pending, itemsRead: ended.itemsRead + leaving.itemsRead, rebuiltOn: today };
}

/** Since the last list: accounts that ended or reached their date, and those closed (they leave the backlog). */
async function readSince(
  scope: NoticeRunScope,
  stored: CalendarDate,
  backlog: PendingDeactivation[],
  rebuiltOn: CalendarDate,
): Promise<DueDeactivations> {
  const { ctx, today } = scope;
  const none = Promise.resolve({ items: [] as Account[], itemsRead: 0 });
  const yesterday = addDays(today, -1);
  const [ended, leaving, closed] = await Promise.all([
    // Ended on the last list's day or later (their list day, the day after the end, is new).
    compareDates(stored, yesterday) <= 0 ? ctx.accounts.listEndingBetween(stored, yesterday) : none,
    compareDates(stored, today) < 0 ? ctx.accounts.listDeactivatingBetween(addDays(stored, 1), today) : none,
    compareDates(stored, today) <= 0 ? ctx.accounts.listClosedBetween(stored, today) : none,
  ]);
  const closedIds = new Set(closed.items.map((a) => a.id));
  // An ended account whose closure date came earlier was listed then: it is not new again.
  const due = new Map(
    [...dueReasons([...leaving.items, ...ended.items], today)].filter(([, d]) => isNew(d.due, stored)),
  );
  return {
    fresh: [...due.values()].map((d) => d.account),
    reasons: new Map([...due].map(([id, d]) => [id, d.due])),
    pending: backlog.filter((p) => !closedIds.has(p.accountId)),
    itemsRead: ended.itemsRead + leaving.itemsRead + closed.itemsRead,
    rebuiltOn,
  };
}

function pendingOf(scope: NoticeRunScope, account: Account, due: DueReason): PendingDeactivation {
  return {
    accountId: account.id,
    fullName: account.fullName,
    email: account.email,
    institutionName: institutionOf(scope.ctx.config, account.institution).name,
    ...due,
    doneInAlma: almaStopsBy(account, due.date),
  };
}
