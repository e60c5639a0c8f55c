import { getISOWeek, getISOWeekYear } from 'date-fns';
import pMap from 'p-map';
import type { Account } from '../../domain/account';
import { driftRecordOf } from '../../domain/alma/drift-record';
import {
  almaDriftMessage,
  type DriftLine,
  driftDifferences,
  type UnknownAlmaUser,
} from '../../domain/alma/helpdesk-mails';
import {
  almaExpiry,
  canProvision,
  type ProvisioningInstitution,
  primaryIdFor,
  provisioningMode,
} from '../../domain/alma/provisioning';
import { type AlmaUserBrief, expiryOf } from '../../domain/alma/user-record';
import { brusselsDate, type CalendarDate } from '../../domain/calendar';
import { AlmaApiError } from '../../errors';
import type { AppContext, JobReport } from '../context';
import { noteAlmaQuota, sendOnce } from './notify';

/**
 * The drift report: every open account of the institutions that provision, compared with its
 * Alma user (one GET each), and the Alma users of the staff group (listed 100 a page) that no
 * account knows. Calls go through the adapter's per-institution throttle (25 a second).
 */
export interface InstitutionDrift {
  institution: string;
  accounts: number;
  /** Users of the staff group the listing found. */
  almaUsers: number;
  missing: DriftLine[];
  differs: DriftLine[];
  unknown: UnknownAlmaUser[];
  /** Why the institution could not be compared (Alma's answer). */
  failed?: string;
  calls: number;
}

export interface DriftReport {
  /** ISO week of the run, `2027-W06`: the digest goes out once per week. */
  week: string;
  institutions: InstitutionDrift[];
  calls: number;
  itemsRead: number;
}

const PAGE = 100;
const CHECK_CONCURRENCY = 8;

export function isoWeek(day: CalendarDate): string {
  const noon = new Date(`${day}T12:00:00Z`);
  return `${getISOWeekYear(noon)}-W${String(getISOWeek(noon)).padStart(2, '0')}`;
}

/**
 * The listing query: the group's field of Alma's brief search (`q=user_group~STAFF`; the Users API
 * documents `user_group` among the fields of `q`, OpenAPI `specs/users.json` GET /almaws/v1/users).
 * Brief results carry no user group, so what the search finds is the list: no filter after it.
 */
export function staffQueryOf(institution: ProvisioningInstitution): string {
  const { staffQuery, userGroupField, userGroup } = institution.almaUser;
  return staffQuery ?? `${userGroupField}~${userGroup}`;
}

async function compareInstitution(
  ctx: AppContext,
  institution: ProvisioningInstitution,
  now: Date,
): Promise<{ drift: InstitutionDrift; itemsRead: number }> {
  const code = institution.code;
  const page = await ctx.accounts.listByInstitution(code);
  const open = page.items.filter((a) => a.status !== 'closed');
  const drift: InstitutionDrift = {
    institution: code,
    accounts: open.length,
    almaUsers: 0,
    missing: [],
    differs: [],
    unknown: [],
    calls: 0,
  };
  let remaining: number | null = null;
  const note = (value: number | null) => {
    drift.calls++;
    if (value !== null) remaining = remaining === null ? value : Math.min(remaining, value);
  };
  const line = (account: Account, primaryId: string): DriftLine => ({
    accountId: account.id,
    fullName: account.fullName,
    email: account.email,
    institutionName: institution.name,
    primaryId,
  });
  try {
    const staff: AlmaUserBrief[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const reply = await ctx.alma.list(code, { q: staffQueryOf(institution), limit: PAGE, offset });
      note(reply.remaining);
      staff.push(...reply.value.users);
      if (!reply.value.users.length || offset + PAGE >= reply.value.total) break;
    }
    drift.almaUsers = staff.length;
    const known = new Set<string>();
    await pMap(
      open,
      async (account) => {
        const primaryId = account.alma?.primaryId ?? primaryIdFor(account, institution.almaUser);
        known.add(primaryId.toLowerCase());
        const reply = await ctx.alma.get(code, primaryId);
        note(reply.remaining);
        if (!reply.value) {
          drift.missing.push(line(account, primaryId));
          return;
        }
        const registry = almaExpiry(account);
        const held = expiryOf(reply.value);
        if (registry !== held)
          drift.differs.push({ ...line(account, primaryId), registryExpiry: registry, almaExpiry: held });
      },
      { concurrency: CHECK_CONCURRENCY },
    );
    drift.unknown = staff
      .filter((u) => !known.has(u.primary_id.toLowerCase()))
      .map((u) => ({
        primaryId: u.primary_id,
        name: u.full_name ?? `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim(),
        institutionName: institution.name,
      }));
  } catch (error) {
    if (!(error instanceof AlmaApiError)) throw error;
    drift.failed = error.message;
  } finally {
    await noteAlmaQuota(ctx, code, remaining, now);
  }
  const byName = (a: { primaryId: string }, b: { primaryId: string }) =>
    a.primaryId.localeCompare(b.primaryId);
  drift.missing.sort(byName);
  drift.differs.sort(byName);
  drift.unknown.sort(byName);
  return { drift, itemsRead: page.itemsRead };
}

/** Compares the registry with Alma, institution by institution; sends nothing. */
export async function almaDrift(
  ctx: AppContext,
  now: Date,
  options: { institution?: string; onInstitution?: (done: number, total: number) => void } = {},
): Promise<DriftReport> {
  const institutions = ctx.config.institutions.filter(
    (i): i is ProvisioningInstitution =>
      canProvision(i) &&
      provisioningMode(i) !== 'off' &&
      (!options.institution || i.code === options.institution),
  );
  const report: DriftReport = { week: isoWeek(brusselsDate(now)), institutions: [], calls: 0, itemsRead: 0 };
  for (const institution of institutions) {
    const { drift, itemsRead } = await compareInstitution(ctx, institution, now);
    report.institutions.push(drift);
    report.calls += drift.calls;
    report.itemsRead += itemsRead;
    options.onInstitution?.(report.institutions.length, institutions.length);
  }
  return report;
}

/** The weekly job: the comparison, recorded for the portal, and one digest to the helpdesk per week when something differs. */
export async function runAlmaDrift(ctx: AppContext, now: Date): Promise<JobReport> {
  const report = await almaDrift(ctx, now);
  // The helpdesk's portal shows the latest report, mail or no mail (a re-run replaces the week's).
  const recorded = await ctx.reports.putDriftReport(driftRecordOf(report, now));
  const all = {
    missing: report.institutions.flatMap((i) => i.missing),
    differs: report.institutions.flatMap((i) => i.differs),
    unknown: report.institutions.flatMap((i) => i.unknown),
    failed: report.institutions
      .filter((i) => i.failed)
      .map((i) => ({
        institutionName: ctx.config.institutions.find((c) => c.code === i.institution)?.name ?? i.institution,
        answer: i.failed!,
      })),
  };
  const worth = driftDifferences(all) > 0 || all.failed.length > 0;
  const sent = worth
    ? await sendOnce(
        ctx,
        `alma-drift#${report.week}`,
        [ctx.config.helpdesk],
        almaDriftMessage(ctx.config.alerts.language, { week: report.week, ...all }),
        now,
      )
    : false;
  ctx.logger.info('alma drift', {
    week: report.week,
    calls: report.calls,
    missing: all.missing.length,
    differs: all.differs.length,
    unknown: all.unknown.length,
    failed: all.failed.length,
  });
  return {
    job: 'alma-drift',
    now: now.toISOString(),
    sent: sent ? 1 : 0,
    itemsRead: report.itemsRead,
    calls: report.calls,
    missing: all.missing.length,
    differs: all.differs.length,
    unknown: all.unknown.length,
    failedInstitutions: all.failed.length,
    recorded,
  };
}
