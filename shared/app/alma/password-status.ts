import { type PasswordRotation, rotationCandidates, rotationDatesToWatch } from '../../domain/alma/passwords';
import { addDays, brusselsDate, type CalendarDate, compareDates, daysBetween } from '../../domain/calendar';
import { listSharedAccounts } from '../accounts/shared-accounts';
import type { AppContext } from '../context';
import { ROTATION_PLAN_DAYS } from './password-rotation';

/** One account's rotation as `alma-accounts passwords status` shows it: never the password. */
export interface RotationStatusLine {
  rotationDate: CalendarDate;
  accountId: string;
  accountName: string;
  accountEmail: string;
  institution: string;
  primaryId: string;
  /** pending: set or about to be, link not used yet; revealed; expired: erased unrevealed. */
  state: PasswordRotation['state'];
  approvedBy: string | null;
  setAt: string | null;
  revealUntil: string | null;
  revealedAt: string | null;
  revealedBy: string | null;
  erasedAt: string | null;
  lastError: string | null;
}

const statusLine = (r: PasswordRotation): RotationStatusLine => ({
  rotationDate: r.rotationDate,
  accountId: r.accountId,
  accountName: r.accountName,
  accountEmail: r.accountEmail,
  institution: r.institution,
  primaryId: r.primaryId,
  state: r.state,
  approvedBy: r.approvedBy,
  setAt: r.setAt,
  revealUntil: r.revealUntil,
  revealedAt: r.revealedAt,
  revealedBy: r.revealedBy,
  erasedAt: r.erasedAt,
  lastError: r.lastError,
});

/** The recorded rotations of this year's date (once come) and last year's, oldest date first. */
export async function rotationStatus(
  ctx: AppContext,
  options: { now: Date; institution?: string },
): Promise<RotationStatusLine[]> {
  const today = brusselsDate(options.now);
  const lines: RotationStatusLine[] = [];
  for (const date of rotationDatesToWatch(today, ctx.config.notices.passwordRotation.date)) {
    const { items } = await ctx.rotations.list(date);
    lines.push(
      ...items
        .filter((r) => !options.institution || r.institution === options.institution)
        .sort(
          (a, b) => a.institution.localeCompare(b.institution) || a.accountName.localeCompare(b.accountName),
        )
        .map(statusLine),
    );
  }
  return lines;
}

export interface RotationPreviewLine {
  rotationDate: CalendarDate;
  accountId: string;
  accountName: string;
  accountEmail: string;
  institution: string;
  primaryId: string;
  /** `approve` institutions: the helpdesk confirms the list first. */
  needsApproval: boolean;
}

/**
 * The rotations to come: on the next rotation date (or the current one while accounts that
 * became due still rotate), every shared account the run would rotate and has not yet recorded.
 */
export async function rotationPreview(
  ctx: AppContext,
  options: { now: Date; institution?: string },
): Promise<{ rotationDate: CalendarDate; lines: RotationPreviewLine[] }> {
  const today = brusselsDate(options.now);
  const monthDay = ctx.config.notices.passwordRotation.date;
  const thisYear = rotationDatesToWatch(today, monthDay).at(-1)!;
  const current =
    compareDates(thisYear, today) <= 0 && daysBetween(thisYear, today) <= ROTATION_PLAN_DAYS
      ? thisYear
      : null;
  const rotationDate =
    current ??
    (compareDates(`${today.slice(0, 4)}-${monthDay}` as CalendarDate, today) > 0
      ? (`${today.slice(0, 4)}-${monthDay}` as CalendarDate)
      : (`${Number(today.slice(0, 4)) + 1}-${monthDay}` as CalendarDate));
  const recorded = current
    ? new Set((await ctx.rotations.list(current)).items.map((r) => r.accountId))
    : new Set<string>();
  const shared = await listSharedAccounts(ctx);
  const byId = new Map(shared.items.map((a) => [a.id, a]));
  const lines = rotationCandidates(shared.items, ctx.config.institutions)
    .filter((c) => !recorded.has(c.accountId))
    .filter((c) => !options.institution || c.institution === options.institution)
    .map((c) => ({
      rotationDate,
      accountId: c.accountId,
      accountName: byId.get(c.accountId)!.fullName,
      accountEmail: byId.get(c.accountId)!.email,
      institution: c.institution,
      primaryId: c.primaryId,
      needsApproval: c.needsApproval,
    }));
  return { rotationDate, lines };
}

/** The day a reveal link stops working, for people (the last day it works). */
export const lastRevealDay = (revealUntil: string): CalendarDate =>
  addDays(brusselsDate(new Date(Date.parse(revealUntil))), -1);
