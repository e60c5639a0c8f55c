import * as z from 'zod/mini';
import type { Config } from '../config/schema';
import { ACCOUNT_TYPES, type Account, type AccountType, EMPLOYEE_TYPES, type EmployeeType } from './account';
import { decideNewAccount } from './account-changes';
import { brusselsDate, parseCalendarDate } from './calendar';
import { emailAddress, emailAddressSchema, isEmailAddress } from './email-address';
import { hasControlCharacters, hasControlCharactersBesideLineBreaks } from './plain-text';
import { beyondHorizon, needsSupervisor, supervisorAddressProblem } from './rules';

/*
 * The import's row rule: one CSV row as an account to create, or the reason it cannot be one,
 * by the rules a request mail obeys (decideNewAccount, the supervisor address rule). What the
 * rules need from the store (open accounts, supervisors' standing) the use case
 * (shared/app/account-import.ts) loads after reading the whole file.
 */

export const CSV_COLUMNS = [
  'fullName',
  'email',
  'accountType',
  'employeeType',
  'supervisorEmail',
  'institution',
  'endDate',
  'tasks',
] as const;

/**
 * What an export adds after the import columns: every other stored field, so an export leaves
 * nothing stored out. Import takes such a file too: it reads the import columns, keeps a pending
 * deactivation date, and refuses rows of accounts that are no longer active.
 */
export const EXPORT_ONLY_COLUMNS = [
  'deactivationDate',
  'status',
  'missionEndDate',
  'trainingRecommended',
  'id',
  'createdAt',
  'updatedAt',
  'purgedAt',
  'almaPrimaryId',
  'almaState',
  'almaLinkedAt',
  'almaExpiryDate',
] as const;
export const EXPORT_COLUMNS = [...CSV_COLUMNS, ...EXPORT_ONLY_COLUMNS] as const;

type Column = (typeof CSV_COLUMNS)[number];

/**
 * One CSV row (cells already trimmed), checked by zod: every cell, then the rules across cells.
 * Every check runs, so the first problem in column order is the one reported, as before.
 */
const noControlCharacters = (column: Column, allowLineBreaks = false) =>
  z.refine<string>(
    (v) => !(allowLineBreaks ? hasControlCharactersBesideLineBreaks : hasControlCharacters)(v),
    {
      error: `${column} holds a control or direction character${allowLineBreaks ? '' : ' (a line break too)'}`,
    },
  );

function importRowSchema(config: Config) {
  const institutions = new Set(config.institutions.map((i) => i.code));
  const oneOf = (column: Column, values: readonly string[]) =>
    z.string().check(
      z.refine((v) => values.includes(v), {
        error: (issue) => `${column} "${String(issue.input)}" must be one of ${values.join(', ')}`,
      }),
    );
  return z
    .object({
      fullName: z.string().check(z.minLength(1, 'fullName is empty'), noControlCharacters('fullName')),
      email: emailAddressSchema((input) => `email "${input}" is not an e-mail address`),
      accountType: oneOf('accountType', ACCOUNT_TYPES),
      employeeType: oneOf('employeeType', EMPLOYEE_TYPES),
      supervisorEmail: z.string().check(
        z.refine((v) => v === '' || isEmailAddress(v), {
          error: (issue) => `supervisorEmail "${String(issue.input)}" is not an e-mail address`,
        }),
        z.overwrite((v) => emailAddress(v) ?? v),
      ),
      institution: z.string().check(
        z.refine((v) => institutions.has(v), {
          error: (issue) => `institution "${String(issue.input)}" is not in the config`,
        }),
      ),
      endDate: z.string().check(
        z.refine((v) => v === '' || parseCalendarDate(v) !== undefined, {
          error: (issue) => `endDate "${String(issue.input)}" is not a date YYYY-MM-DD`,
        }),
      ),
      tasks: z.string().check(noControlCharacters('tasks', true)),
    })
    .check(
      z.superRefine(
        (row, ctx) => {
          if (!(EMPLOYEE_TYPES as readonly string[]).includes(row.employeeType)) return;
          const type = row.employeeType as EmployeeType;
          if (row.accountType === 'personal' && needsSupervisor(type) && !row.supervisorEmail) {
            const message = `supervisorEmail is required for ${withArticle(type)} employee`;
            ctx.addIssue({ code: 'custom', path: ['supervisorEmail'], message, input: row });
          }
        },
        // Cross-cell rules run even when a cell failed, so the earliest column's problem wins.
        { when: () => true },
      ),
    );
}

/** "an intern", "a volunteer". */
const withArticle = (type: EmployeeType) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

const rowSchemas = new WeakMap<Config, ReturnType<typeof importRowSchema>>();

/** One data row as an account to create, or the reason it cannot be one (the first problem in column order). */
export function importRow(
  config: Config,
  record: string[],
  now: Date,
  columns: number = CSV_COLUMNS.length,
): Account | string {
  if (record.length !== columns) return `expected ${columns} columns, found ${record.length}`;
  // A row of an export: only active accounts come back in; a pending deactivation date comes with them.
  const exported = Object.fromEntries(
    EXPORT_ONLY_COLUMNS.map((column, i) => [column, record[CSV_COLUMNS.length + i]?.trim() ?? '']),
  );
  if (columns === EXPORT_COLUMNS.length && exported.status !== 'active')
    return `status "${exported.status}": only active accounts are imported (an export lists closed and expired ones too)`;
  const deactivationDate = exported.deactivationDate ? parseCalendarDate(exported.deactivationDate) : null;
  if (columns === EXPORT_COLUMNS.length && exported.deactivationDate && !deactivationDate)
    return `deactivationDate "${exported.deactivationDate}" is not a date YYYY-MM-DD`;
  let schema = rowSchemas.get(config);
  if (!schema) {
    schema = importRowSchema(config);
    rowSchemas.set(config, schema);
  }
  const cells = Object.fromEntries(CSV_COLUMNS.map((column, i) => [column, record[i]!.trim()]));
  const parsed = schema.safeParse(cells);
  if (!parsed.success) {
    const column = (issue: { path: PropertyKey[] }) => CSV_COLUMNS.indexOf(issue.path[0] as Column);
    // A stable sort: within a column, the cell's own problem comes before a cross-cell one.
    const first = [...parsed.error.issues].sort((a, b) => column(a) - column(b))[0]!;
    return first.message;
  }
  const row = parsed.data;
  const institution = config.institutions.find((i) => i.code === row.institution)!;
  const input = {
    institution: row.institution,
    accountType: row.accountType as AccountType,
    employeeType: row.employeeType as EmployeeType,
    fullName: row.fullName,
    email: row.email,
    supervisorEmail: row.supervisorEmail || null,
    tasks: row.tasks,
    missionEndDate: null,
  };
  // The rules a request mail obeys, from the same domain code (docs/design.md "The rules").
  if (supervisorAddressProblem(input, institution))
    return `supervisorEmail "${row.supervisorEmail}" cannot supervise: it must be a permanent employee of ${row.institution} (one of its managers or an address of its domains), not the employee`;
  const end = row.endDate ? parseCalendarDate(row.endDate)! : null;
  const today = brusselsDate(now);
  // An HR system's "no end" (9999-12-31) must not become an end date no notice or review ever reaches.
  const horizonYears = config.limits.endDateHorizonYears;
  if (end && beyondHorizon(end, today, horizonYears))
    return `endDate "${row.endDate}" is more than ${horizonYears} years ahead: leave it empty for an account without end`;
  const decision = decideNewAccount({ ...input, endDate: end }, now);
  if (decision.ok) return deactivationDate ? { ...decision.account, deactivationDate } : decision.account;
  switch (decision.problem) {
    case 'shared-forbidden-permissions':
      return `a shared account cannot have ${decision.areas.join(' or ')} tasks`;
    case 'endDate-not-allowed':
      return `endDate must be empty for a ${input.accountType === 'shared' ? 'shared account' : 'permanent employee'}: such an account has no end`;
    case 'missionEndDate-past':
      return `endDate "${row.endDate}" is in the past`;
    case 'missionEndDate-required':
      return `endDate is required for ${withArticle(input.employeeType)} employee`;
  }
  return decision satisfies never;
}
