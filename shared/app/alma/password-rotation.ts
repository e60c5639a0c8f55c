import { createHash, randomBytes } from 'node:crypto';
import {
  type RotationListLine,
  revealMessage,
  rotationApprovalMessage,
  rotationExpiredMessage,
} from '../../domain/alma/password-messages';
import {
  expiredUnrevealed,
  generatePassword,
  type PasswordRotation,
  type RotationCandidate,
  rotationCandidates,
  rotationDatesToWatch,
  withPassword,
} from '../../domain/alma/passwords';
import {
  addDays,
  brusselsDate,
  brusselsStartOfDay,
  type CalendarDate,
  compareDates,
  daysBetween,
} from '../../domain/calendar';
import { signLink } from '../../domain/notices/token';
import { AlmaApiError, ConcurrentUpdateError } from '../../errors';
import { pseudonym } from '../../logging';
import { countCaughtFailure } from '../../metrics';
import { listSharedAccounts } from '../accounts/shared-accounts';
import { type AppContext, DECISION_LINK_KEY_SECRET } from '../context';
import { institutionOf } from '../notices/recipients';
import { noteAlmaQuota, sendOnce } from './notify';

/**
 * The yearly shared-account password rotation (issue 30). Decide (domain/alma/passwords.ts) →
 * record the plan with the password sealed (SecretBox) → PUT it to Alma → mail each manager a
 * reveal link. Every step is recorded before the next, and a retry carries on from the record:
 * it opens the recorded password, never draws a second one, so a crash anywhere leaves Alma and
 * the managers with the same password. The password is never logged, mailed or stored in clear.
 */

/** After the rotation date, accounts that became due (linked late, approved late) still rotate this long. */
export const ROTATION_PLAN_DAYS = 31;
/** A rotation date's records are looked at this long after it (approvals, expiry, the helpdesk's list). */
export const ROTATION_WATCH_DAYS = 120;

export interface RotationRunReport {
  rotationDates: CalendarDate[];
  planned: number;
  awaitingApproval: number;
  set: number;
  told: number;
  expired: number;
  failed: number;
  /** DynamoDB items read (the shared accounts and the rotation records). */
  itemsRead: number;
}

/** Binds a sealed password to its record: it opens for this account and year only. */
export const sealContext = (r: Pick<PasswordRotation, 'accountId' | 'rotationDate'>) => ({
  purpose: 'shared-password',
  accountId: r.accountId,
  rotationDate: r.rotationDate,
});

const drawPassword = (ctx: AppContext, primaryId: string) =>
  generatePassword(ctx.config.alma.passwordPolicy, (n) => randomBytes(n), [primaryId]);

/** The reveal page's address for one manager. */
export async function revealUrl(
  ctx: AppContext,
  rotation: PasswordRotation,
  manager: string,
): Promise<string> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const token = await signLink(
    {
      purpose: 'reveal',
      accountId: rotation.accountId,
      rotationDate: rotation.rotationDate,
      manager,
      expiresAt: Math.floor(Date.parse(rotation.revealUntil ?? '') / 1000),
    },
    key,
  );
  return `${ctx.config.decisionBaseUrl.replace(/\/+$/, '')}/reveal?t=${token}`;
}

function newRotation(
  candidate: RotationCandidate,
  account: { fullName: string; email: string },
  rotationDate: CalendarDate,
  now: Date,
): PasswordRotation {
  return {
    rotationDate,
    accountId: candidate.accountId,
    institution: candidate.institution,
    primaryId: candidate.primaryId,
    accountName: account.fullName,
    accountEmail: account.email,
    state: candidate.needsApproval ? 'awaiting-approval' : 'planned',
    sealed: null,
    plannedAt: now.toISOString(),
    approvedBy: null,
    setAt: null,
    toldAt: null,
    revealUntil: null,
    revealedAt: null,
    revealedBy: null,
    erasedAt: null,
    expiryReportedAt: null,
    lastError: null,
    version: 1,
  };
}

/** Writes the next version; a record another run moved meanwhile is read again and returned as it is. */
async function save(ctx: AppContext, next: PasswordRotation): Promise<PasswordRotation> {
  try {
    await ctx.rotations.update(next);
    return next;
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError)) throw error;
    return (await ctx.rotations.get(next.rotationDate, next.accountId)) ?? next;
  }
}

/** The plan: drawn and sealed before anything is sent; the conditional create keeps the first one recorded. */
async function plan(ctx: AppContext, rotation: PasswordRotation): Promise<PasswordRotation> {
  const sealed =
    rotation.state === 'planned' || rotation.state === 'approved'
      ? await ctx.secretBox.seal(drawPassword(ctx, rotation.primaryId), sealContext(rotation))
      : null;
  const planned: PasswordRotation = sealed ? { ...rotation, state: 'planned', sealed } : rotation;
  if (rotation.version === 1 && (await ctx.rotations.create(planned))) return planned;
  if (rotation.version > 1) return save(ctx, { ...planned, version: rotation.version + 1 });
  // Another run recorded it first: that plan (and its password) stands.
  return (await ctx.rotations.get(rotation.rotationDate, rotation.accountId)) ?? planned;
}

/** Sets the recorded password in Alma: GET the user, PUT it back with the password (roles untouched). */
async function setInAlma(ctx: AppContext, rotation: PasswordRotation, now: Date): Promise<PasswordRotation> {
  const password = await ctx.secretBox.open(rotation.sealed ?? '', sealContext(rotation));
  const code = rotation.institution;
  const calls: string[] = [];
  let remaining: number | null = null;
  const note = (value: number | null) => {
    if (value !== null) remaining = remaining === null ? value : Math.min(remaining, value);
  };
  try {
    const found = await ctx.alma.get(code, rotation.primaryId);
    note(found.remaining);
    calls.push(`GET ${found.value ? 'found' : 'no such user'}`);
    const replaced = found.value
      ? await ctx.alma.replace(
          code,
          rotation.primaryId,
          withPassword(found.value, password, ctx.config.notices.passwordRotation.forcePasswordChange),
        )
      : null;
    if (replaced) {
      note(replaced.remaining);
      calls.push(`PUT ${replaced.value ? 'OK' : 'no such user'}`);
    }
    if (!replaced?.value) {
      ctx.logger.warn('password rotation: no such Alma user', {
        account: pseudonym(rotation.accountId),
        calls,
      });
      return save(ctx, { ...rotation, lastError: 'no such user in Alma', version: rotation.version + 1 });
    }
    const revealUntil = addDays(brusselsDate(now), ctx.config.notices.passwordRotation.revealDays);
    const next = await save(ctx, {
      ...rotation,
      state: 'set',
      setAt: now.toISOString(),
      // The links stop at the end of the last day (Brussels midnight after it).
      revealUntil: brusselsStartOfDay(addDays(revealUntil, 1)).toISOString(),
      lastError: null,
      version: rotation.version + 1,
    });
    await ctx.accounts.appendHistory(
      {
        accountId: rotation.accountId,
        at: now.toISOString(),
        actor: 'scheduler',
        action: 'alma-sync',
        reason: `Alma: shared-account password of ${rotation.rotationDate} set; the managers get a reveal link`,
        alma: { calls, outcome: 'password-set', answer: 'password set (not recorded here)' },
      },
      `PWROT-${rotation.rotationDate}-set`,
    );
    return next;
  } catch (error) {
    if (!(error instanceof AlmaApiError)) throw error;
    countCaughtFailure('AlmaCallFailed');
    // Alma's own words, with the password taken out should Alma ever echo it.
    const answer = `${error.code}: ${error.failure.almaMessage}`.split(password).join('***');
    ctx.logger.warn('password rotation: Alma refused', {
      account: pseudonym(rotation.accountId),
      code: error.code,
      status: error.status,
      calls,
    });
    return save(ctx, { ...rotation, lastError: answer, version: rotation.version + 1 });
  } finally {
    await noteAlmaQuota(ctx, code, remaining, now);
  }
}

/** Mails every manager their own reveal link (once each); `told` once every mail is out. */
async function tellManagers(
  ctx: AppContext,
  rotation: PasswordRotation,
  now: Date,
): Promise<PasswordRotation> {
  const institution = institutionOf(ctx.config, rotation.institution);
  let allOut = true;
  for (const manager of institution.managers) {
    const key = `pwrot#${rotation.rotationDate}#${rotation.accountId}#${manager.toLowerCase()}`;
    const message = revealMessage(institution.language, {
      institutionName: institution.name,
      accountName: rotation.accountName,
      accountEmail: rotation.accountEmail,
      primaryId: rotation.primaryId,
      rotationDate: rotation.rotationDate,
      revealUrl: await revealUrl(ctx, rotation, manager),
      revealUntil: brusselsDate(new Date(Date.parse(rotation.revealUntil ?? '') - 1)),
      forcePasswordChange: ctx.config.notices.passwordRotation.forcePasswordChange,
    });
    await sendOnce(ctx, key, [manager], message, now);
    if (!(await ctx.claims.isDone(key))) allOut = false;
  }
  if (!allOut) return rotation;
  return save(ctx, { ...rotation, state: 'told', toldAt: now.toISOString(), version: rotation.version + 1 });
}

/** Carries one rotation as far as it goes now: plan → set → told. */
export async function advanceRotation(
  ctx: AppContext,
  rotation: PasswordRotation,
  now: Date,
): Promise<PasswordRotation> {
  let current = rotation;
  if (current.state === 'approved' || (current.state === 'planned' && !current.sealed))
    current = await plan(ctx, current);
  if (current.state === 'planned') current = await setInAlma(ctx, current, now);
  if (current.state === 'set') current = await tellManagers(ctx, current, now);
  return current;
}

/** Rotation-approval links stay valid a month (the CLI's `passwords approve` does the same after). */
export const ROTATION_APPROVAL_LINK_DAYS = 30;

/** A short digest of the listed accounts: an approval link confirms this list and no other. */
export function approvalListDigest(rotations: readonly Pick<PasswordRotation, 'accountId'>[]): string {
  const ids = rotations.map((r) => r.accountId).sort();
  return createHash('sha256').update(ids.join('\n')).digest('base64url').slice(0, 16);
}

/** The helpdesk's page confirming one rotation date's list of `approve`-institution accounts. */
export async function rotationApprovalUrl(
  ctx: AppContext,
  rotationDate: CalendarDate,
  list: string,
  now: Date,
): Promise<string> {
  const key = await ctx.secrets.get(DECISION_LINK_KEY_SECRET);
  const expiresAt = Math.floor(now.getTime() / 1000) + ROTATION_APPROVAL_LINK_DAYS * 86_400;
  const token = await signLink({ purpose: 'rotation-approval', rotationDate, list, expiresAt }, key);
  return `${ctx.config.decisionBaseUrl.replace(/\/+$/, '')}/rotations?t=${token}`;
}

/** The rotations of one date that wait for the helpdesk's confirmation. */
export async function awaitingApproval(
  ctx: AppContext,
  rotationDate: CalendarDate,
): Promise<PasswordRotation[]> {
  const { items } = await ctx.rotations.list(rotationDate);
  return items
    .filter((r) => r.state === 'awaiting-approval')
    .sort((a, b) => a.institution.localeCompare(b.institution) || a.accountName.localeCompare(b.accountName));
}

/**
 * The helpdesk confirmed the list it was shown (the approval page): each rotation is marked
 * approved, nothing more here (the page's function may open passwords, never seal them); the
 * next daily run draws, sets and hands them over. A list that changed since is not confirmed.
 */
export async function confirmRotationList(
  ctx: AppContext,
  options: { rotationDate: CalendarDate; list: string; actor: string },
): Promise<{ outcome: 'approved' | 'changed'; rotations: PasswordRotation[] }> {
  const waiting = await awaitingApproval(ctx, options.rotationDate);
  if (!waiting.length || approvalListDigest(waiting) !== options.list)
    return { outcome: 'changed', rotations: waiting };
  const approved: PasswordRotation[] = [];
  for (const rotation of waiting)
    approved.push(
      await save(ctx, {
        ...rotation,
        state: 'approved',
        approvedBy: options.actor,
        version: rotation.version + 1,
      }),
    );
  return { outcome: 'approved', rotations: approved };
}

/** The record's line in the helpdesk's lists. */
function listLine(ctx: AppContext, rotation: PasswordRotation): RotationListLine {
  return {
    accountName: rotation.accountName,
    accountEmail: rotation.accountEmail,
    institutionName: institutionOf(ctx.config, rotation.institution).name,
  };
}

/**
 * One day's run (the password-rotation job calls it daily): from the rotation date on, plan the
 * due accounts' rotations and carry every recorded one forward; erase passwords left unrevealed
 * past their window and send the helpdesk one list a day of them.
 */
export async function runPasswordRotations(ctx: AppContext, now: Date): Promise<RotationRunReport> {
  const settings = ctx.config.notices.passwordRotation;
  const today = brusselsDate(now);
  const report: RotationRunReport = {
    rotationDates: [],
    planned: 0,
    awaitingApproval: 0,
    set: 0,
    told: 0,
    expired: 0,
    failed: 0,
    itemsRead: 0,
  };
  const dates = rotationDatesToWatch(today, settings.date).filter(
    (date) => compareDates(today, date) >= 0 && daysBetween(date, today) <= ROTATION_WATCH_DAYS,
  );
  if (!dates.length) return report;
  report.rotationDates = dates;
  for (const rotationDate of dates) {
    const listed = await ctx.rotations.list(rotationDate);
    report.itemsRead += listed.itemsRead;
    const known = new Map(listed.items.map((r) => [r.accountId, r]));
    const fresh: PasswordRotation[] = [];
    if (daysBetween(rotationDate, today) <= ROTATION_PLAN_DAYS) {
      const shared = await listSharedAccounts(ctx);
      report.itemsRead += shared.itemsRead;
      const byId = new Map(shared.items.map((a) => [a.id, a]));
      for (const candidate of rotationCandidates(shared.items, ctx.config.institutions)) {
        if (known.has(candidate.accountId)) continue;
        fresh.push(newRotation(candidate, byId.get(candidate.accountId)!, rotationDate, now));
      }
    }
    const rotations = [...listed.items, ...fresh];
    const results: PasswordRotation[] = [];
    for (const rotation of rotations) {
      try {
        let current = rotation;
        if (current.version === 1 && !known.has(current.accountId)) current = await plan(ctx, current);
        if (expiredUnrevealed(current, now)) {
          current = await save(ctx, {
            ...current,
            state: 'expired',
            sealed: null,
            erasedAt: now.toISOString(),
            version: current.version + 1,
          });
        } else current = await advanceRotation(ctx, current, now);
        results.push(current);
      } catch (error) {
        report.failed++;
        ctx.logger.error('password rotation failed', {
          account: pseudonym(rotation.accountId),
          error: (error as Error).name,
        });
      }
    }
    for (const r of results) {
      if (r.lastError) report.failed++;
      if (r.state === 'awaiting-approval') report.awaitingApproval++;
      else if (r.state === 'planned') report.planned++;
      else if (r.state === 'set') report.set++;
      else if (r.state === 'told') report.told++;
    }
    const waiting = results.filter((r) => r.state === 'awaiting-approval');
    if (waiting.length) {
      // One mail per list: an account added to it later brings a new list (and a new link).
      const list = approvalListDigest(waiting);
      await sendOnce(
        ctx,
        `pwrot#${rotationDate}#approval#${list}`,
        [ctx.config.helpdesk],
        rotationApprovalMessage(ctx.config.alerts.language, {
          rotationDate,
          items: waiting.map((r) => listLine(ctx, r)),
          approvalUrl: await rotationApprovalUrl(ctx, rotationDate, list, now),
          command: `alma-accounts passwords approve --institution ${[...new Set(waiting.map((r) => r.institution))].join(',')}`,
        }),
        now,
      );
    }
    // Erased today or on a day whose list did not go out: one list a day.
    const unreported = results.filter((r) => r.state === 'expired' && !r.expiryReportedAt);
    report.expired += unreported.length;
    if (unreported.length) {
      const key = `pwrot#expired#${today}`;
      await sendOnce(
        ctx,
        key,
        [ctx.config.helpdesk],
        rotationExpiredMessage(ctx.config.alerts.language, {
          items: unreported.map((r) => listLine(ctx, r)),
          revealDays: settings.revealDays,
        }),
        now,
      );
      if (await ctx.claims.isDone(key))
        for (const r of unreported)
          await save(ctx, { ...r, expiryReportedAt: now.toISOString(), version: r.version + 1 });
    }
  }
  return report;
}

/**
 * The helpdesk confirms the rotation list of `approve` institutions: their rotations are drawn,
 * set and told at once (nothing was sent to Alma before).
 */
export async function approveRotations(
  ctx: AppContext,
  options: { institutions: string[]; actor: string; now: Date; rotationDate?: CalendarDate },
): Promise<PasswordRotation[]> {
  const today = brusselsDate(options.now);
  const dates = options.rotationDate
    ? [options.rotationDate]
    : rotationDatesToWatch(today, ctx.config.notices.passwordRotation.date).filter(
        (d) => compareDates(today, d) >= 0,
      );
  const done: PasswordRotation[] = [];
  for (const date of dates) {
    const { items } = await ctx.rotations.list(date);
    for (const rotation of items) {
      if (rotation.state !== 'awaiting-approval' || !options.institutions.includes(rotation.institution))
        continue;
      const approved = await save(ctx, {
        ...rotation,
        state: 'approved',
        approvedBy: options.actor,
        version: rotation.version + 1,
      });
      done.push(await advanceRotation(ctx, approved, options.now));
    }
  }
  return done;
}
