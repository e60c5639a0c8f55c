import type { Account } from '../../domain/account';
import { rotationCandidates } from '../../domain/alma/passwords';
import type { CalendarDate } from '../../domain/calendar';
import { addDays, daysBetween } from '../../domain/calendar';
import { dueRotationStages, ROTATION_CATCH_UP_DAYS } from '../../domain/notices/campaign';
import { noticeKey } from '../../domain/notices/keys';
import { rotationListMessage, rotationMessage } from '../../domain/notices/notice-mails';
import { backfillSharedIndex, listSharedAccounts } from '../accounts/shared-accounts';
import { runPasswordRotations } from '../alma/password-rotation';
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
  // Accounts written before the SHARED partition existed get its attributes, a bounded step a day;
  // until that is complete the shared accounts are read in full (listSharedAccounts), none missed.
  const backfill = mode.dryRun ? undefined : await backfillSharedIndex(ctx);
  // From the rotation date on: new passwords set in Alma and handed over (issue 30); reads nothing on other days.
  const rotations = mode.dryRun ? undefined : await runPasswordRotations(ctx, scope.now);
  const rotated = {
    ...(rotations?.rotationDates.length ? { rotations } : {}),
    ...(backfill?.itemsRead ? { sharedIndexBackfill: backfill } : {}),
  };
  const rotationReads = (rotations?.itemsRead ?? 0) + (backfill?.itemsRead ?? 0);
  // Most days nothing can be due: decided from the dates alone, without reading anything.
  if (!dueRotationStages(addDays(today, -ROTATION_CATCH_UP_DAYS), today, settings).length)
    return { itemsRead: rotationReads, deliveries: [], nothingDue: true, details: rotated };
  const stored = mode.lastRun ?? (await ctx.noticeState.lastRun(scope.job));
  // Before the first complete run, everything since the first attempt is owed (a failed first run loses nothing).
  const lastRun =
    stored ?? addDays(mode.dryRun ? today : await ctx.noticeState.firstRun(scope.job, today), -1);
  const stages = dueRotationStages(lastRun, today, settings);
  if (!stages.length)
    return { itemsRead: rotationReads, deliveries: [], lastRun: stored ?? null, details: rotated };
  // Runs only on announcement days; the shared accounts are one Query on the sparse index (GSI4 SHARED).
  const page = await listSharedAccounts(ctx);
  const itemsRead = rotationReads + page.itemsRead;
  const shared: Account[] = page.items.filter((a) => a.status === 'active' && a.deactivationDate === null);
  // Their passwords are set and handed over by the rotation itself: not on the helpdesk's manual list.
  const automatic = new Set(rotationCandidates(shared, ctx.config.institutions).map((c) => c.accountId));
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
      if (offset === 0 && !automatic.has(account.id))
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
      revealDays: settings.revealDays,
      confirmFirst:
        (ctx.config.institutions.find((i) => i.code === institution.code)?.almaProvisioning ?? 'approve') !==
        'auto',
      // What will happen to each: set in Alma and handed over by link, or still by the helpdesk.
      lines: digest.notices.map((n) => ({
        fullName: n.account.fullName,
        email: n.account.email,
        handover: automatic.has(n.account.id) ? 'link' : 'helpdesk',
      })),
    });
  });
  return { itemsRead, deliveries: [delivery], lastRun: stored ?? null, details: rotated };
}
