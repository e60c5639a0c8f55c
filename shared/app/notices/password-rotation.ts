import type { Account } from '../../domain/account';
import type { CalendarDate } from '../../domain/calendar';
import { addDays, daysBetween } from '../../domain/calendar';
import { dueRotationStages, ROTATION_CATCH_UP_DAYS } from '../../domain/notices/campaign';
import { noticeKey } from '../../domain/notices/keys';
import { rotationListMessage, rotationMessage } from '../../domain/notices/notice-mails';
import { deliverNotices, type ScheduledNotice } from './delivery';
import type { JobOutcome, NoticeRunScope } from './notice-job';
import { reachableNotices } from './reachable';
import { helpdeskLanguage, institutionOf } from './recipients';

interface RotationNotice extends ScheduledNotice {
  kind: 'rotation' | 'rotation-list';
  rotationDate: CalendarDate;
  daysLeft: number;
}

/**
 * Shared-account passwords change once a year on a fixed date: the managers are told
 * `announceOffsetsDays` ahead, and on the day the helpdesk gets the list of accounts to rotate.
 */
export async function passwordRotation(scope: NoticeRunScope): Promise<JobOutcome> {
  const { ctx, today, mode } = scope;
  const settings = ctx.config.notices.passwordRotation;
  // Most days nothing can be due: decided from the dates alone, without reading anything.
  if (!dueRotationStages(addDays(today, -ROTATION_CATCH_UP_DAYS), today, settings).length)
    return { itemsRead: 0, deliveries: [], nothingDue: true };
  const stored = mode.lastRun ?? (await ctx.noticeState.lastRun(scope.job));
  // Before the first complete run, everything since the first attempt is owed (a failed first run loses nothing).
  const lastRun =
    stored ?? addDays(mode.dryRun ? today : await ctx.noticeState.firstRun(scope.job, today), -1);
  const stages = dueRotationStages(lastRun, today, settings);
  if (!stages.length) return { itemsRead: 0, deliveries: [], lastRun: stored ?? null };
  let itemsRead = 0;
  const shared: Account[] = [];
  for (const institution of ctx.config.institutions) {
    // Runs only on announcement days; an institution's accounts are one Query on GSI3.
    const page = await ctx.accounts.listByInstitution(institution.code);
    itemsRead += page.itemsRead;
    shared.push(
      ...page.items.filter(
        (a) => a.accountType === 'shared' && a.status === 'active' && a.deactivationDate === null,
      ),
    );
  }
  const notices: RotationNotice[] = [];
  for (const { rotationDate, offset } of stages) {
    const daysLeft = Math.max(0, daysBetween(today, rotationDate));
    for (const account of shared) {
      const managers = institutionOf(ctx.config, account.institution).managers;
      if (managers.length)
        notices.push({
          key: noticeKey('rotation', account.id, rotationDate, offset),
          kind: 'rotation',
          group: `${account.institution}:${rotationDate}`,
          to: managers,
          cc: [],
          account,
          rotationDate,
          daysLeft,
        });
      if (offset === 0)
        notices.push({
          key: noticeKey('rotation-list', account.id, rotationDate, 0),
          kind: 'rotation-list',
          group: `helpdesk:rotation:${rotationDate}`,
          to: [ctx.config.helpdesk],
          cc: [],
          account,
          rotationDate,
          daysLeft,
        });
    }
  }
  const delivery = await deliverNotices(scope, await reachableNotices(ctx, notices), (digest) => {
    const first = digest.notices[0]!;
    if (first.kind === 'rotation-list')
      return rotationListMessage(helpdeskLanguage(ctx.config), {
        mailbox: ctx.config.mailbox,
        rotationDate: first.rotationDate,
        lines: digest.notices.map((n) => ({
          fullName: n.account.fullName,
          email: n.account.email,
          institutionName: institutionOf(ctx.config, n.account.institution).name,
        })),
      });
    const institution = institutionOf(ctx.config, first.account.institution);
    return rotationMessage(institution.language, {
      institutionName: institution.name,
      mailbox: ctx.config.mailbox,
      rotationDate: first.rotationDate,
      daysLeft: first.daysLeft,
      lines: digest.notices.map((n) => ({ fullName: n.account.fullName, email: n.account.email })),
    });
  });
  return { itemsRead, deliveries: [delivery], lastRun: stored ?? null };
}
