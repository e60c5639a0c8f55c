import type { CalendarDate } from '../calendar';

/*
 * The latest drift report as the helpdesk's portal shows it (README "Portal"): one DynamoDB item,
 * so its lines are capped to stay well under the 400 KB an item holds; what was left out is
 * counted. Pure: the job records what this decides.
 */

/** Lines kept per institution (missing, then differs, then unknown Alma users). */
export const DRIFT_LINES_PER_INSTITUTION = 200;
/** The record's JSON stays under this (DynamoDB's item limit is 400 KB, keys and names included). */
export const DRIFT_RECORD_MAX_BYTES = 300_000;

export type DriftKind = 'missing' | 'differs' | 'unknown';

export interface DriftRecordLine {
  kind: DriftKind;
  primaryId: string;
  name: string;
  /** Absent for an Alma user no account knows. */
  accountId?: string;
  email?: string;
  registryExpiry?: CalendarDate | null;
  almaExpiry?: CalendarDate | null;
}

export interface InstitutionDriftRecord {
  institution: string;
  accounts: number;
  almaUsers: number;
  counts: Record<DriftKind, number>;
  lines: DriftRecordLine[];
  /** Lines not kept (over the cap). */
  leftOut: number;
  /** Why the institution could not be compared (Alma's answer). */
  failed?: string;
}

export interface DriftRecord {
  /** ISO week, `2027-W06`. */
  week: string;
  /** ISO instant of the run. */
  ranAt: string;
  institutions: InstitutionDriftRecord[];
}

/** What the comparison found for one institution (the job's InstitutionDrift, the fields kept). */
export interface InstitutionDriftInput {
  institution: string;
  accounts: number;
  almaUsers: number;
  missing: { accountId: string; fullName: string; email: string; primaryId: string }[];
  differs: {
    accountId: string;
    fullName: string;
    email: string;
    primaryId: string;
    registryExpiry?: CalendarDate | null;
    almaExpiry?: CalendarDate | null;
  }[];
  unknown: { primaryId: string; name: string }[];
  failed?: string;
}

function linesOf(drift: InstitutionDriftInput): DriftRecordLine[] {
  return [
    ...drift.missing.map((l) => ({
      kind: 'missing' as const,
      primaryId: l.primaryId,
      name: l.fullName,
      accountId: l.accountId,
      email: l.email,
    })),
    ...drift.differs.map((l) => ({
      kind: 'differs' as const,
      primaryId: l.primaryId,
      name: l.fullName,
      accountId: l.accountId,
      email: l.email,
      registryExpiry: l.registryExpiry ?? null,
      almaExpiry: l.almaExpiry ?? null,
    })),
    ...drift.unknown.map((u) => ({ kind: 'unknown' as const, primaryId: u.primaryId, name: u.name })),
  ];
}

function recordWith(
  week: string,
  ranAt: string,
  institutions: readonly InstitutionDriftInput[],
  cap: number,
): DriftRecord {
  return {
    week,
    ranAt,
    institutions: institutions.map((drift) => {
      const lines = linesOf(drift);
      return {
        institution: drift.institution,
        accounts: drift.accounts,
        almaUsers: drift.almaUsers,
        counts: {
          missing: drift.missing.length,
          differs: drift.differs.length,
          unknown: drift.unknown.length,
        },
        lines: lines.slice(0, cap),
        leftOut: Math.max(0, lines.length - cap),
        ...(drift.failed !== undefined ? { failed: drift.failed } : {}),
      };
    }),
  };
}

const utf8 = new TextEncoder();

/**
 * The record of a run: every institution with its counts and at most
 * DRIFT_LINES_PER_INSTITUTION lines; when many institutions together would still pass
 * `maxBytes`, the cap per institution is halved until they do not.
 */
export function driftRecordOf(
  report: { week: string; institutions: readonly InstitutionDriftInput[] },
  ranAt: Date,
  limits: { linesPerInstitution?: number; maxBytes?: number } = {},
): DriftRecord {
  const maxBytes = limits.maxBytes ?? DRIFT_RECORD_MAX_BYTES;
  let cap = limits.linesPerInstitution ?? DRIFT_LINES_PER_INSTITUTION;
  for (;;) {
    const record = recordWith(report.week, ranAt.toISOString(), report.institutions, cap);
    if (cap === 0 || utf8.encode(JSON.stringify(record)).length <= maxBytes) return record;
    cap = Math.floor(cap / 2);
  }
}
