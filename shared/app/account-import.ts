import type { Readable } from 'node:stream';
import * as z from 'zod/mini';
import type { Config } from '../config/schema';
import {
  ACCOUNT_TYPES,
  type Account,
  type AccountType,
  EMPLOYEE_TYPES,
  type EmployeeType,
} from '../domain/account';
import { addMonths, brusselsDate, compareDates, parseCalendarDate } from '../domain/calendar';
import { emailAddress, emailAddressSchema, isEmailAddress } from '../domain/email-address';
import { newAccountId } from '../domain/ids';
import { forbiddenForShared, isExpiredOn, needsSupervisor, trainingRecommended } from '../domain/rules';
import { hasControlCharacters, hasControlCharactersBesideLineBreaks } from '../domain/text';
import { CsvSyntaxError } from '../errors';
import type { AppContext } from './context';
import { csvRecords, csvText } from './csv';

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

export interface RowProblem {
  line: number;
  reason: string;
}

/**
 * Validates a whole CSV before anything is written: every bad row is reported with the physical
 * line it starts on, and any problem means nothing is imported. Existing open accounts count as
 * problems. A quoting error ends the reading there (what follows cannot be trusted to be rows).
 * The file is read as a stream of records; the accounts are collected to decide all or none.
 */
export async function planImport(
  ctx: Pick<AppContext, 'accounts' | 'config'>,
  input: string | Readable,
  now: Date,
): Promise<{ accounts: Account[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const accounts: Account[] = [];
  const seen = new Map<string, number>();
  let headerSeen = false;
  try {
    for await (const { line, record } of csvRecords(input)) {
      if (!headerSeen) {
        if (record.map((h) => h.trim()).join(',') !== CSV_COLUMNS.join(',')) return headerProblem();
        headerSeen = true;
        continue;
      }
      if (record.length === 1 && record[0]!.trim() === '') continue;
      const result = importRow(ctx.config, record, now);
      if (typeof result === 'string') {
        problems.push({ line, reason: result });
        continue;
      }
      const key = `${result.institution}#${result.email}`;
      const first = seen.get(key);
      if (first) {
        problems.push({ line, reason: `same institution and email as line ${first}` });
        continue;
      }
      seen.set(key, line);
      accounts.push(result);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    if (!headerSeen) return headerProblem();
    problems.push({ line: error.line, reason: error.problems[0] ?? error.message });
  }
  if (!headerSeen) return headerProblem();
  // Rows that already have an open account: one Query per institution, not one per row.
  for (const institution of new Set(accounts.map((a) => a.institution))) {
    const open = new Set(
      (await ctx.accounts.listByInstitution(institution)).items
        .filter((a) => a.status !== 'closed')
        .map((a) => a.email),
    );
    for (const account of accounts) {
      if (account.institution === institution && open.has(account.email)) {
        problems.push({
          line: seen.get(`${institution}#${account.email}`)!,
          reason: `${institution} already has an open account for this email`,
        });
      }
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { accounts: problems.length ? [] : accounts, problems };
}

function headerProblem(): { accounts: Account[]; problems: RowProblem[] } {
  return {
    accounts: [],
    problems: [{ line: 1, reason: `header must be exactly: ${CSV_COLUMNS.join(',')}` }],
  };
}

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
            const message = `supervisorEmail is required for a ${type} employee`;
            ctx.addIssue({ code: 'custom', path: ['supervisorEmail'], message, input: row });
          }
          if (!row.endDate && row.accountType === 'personal' && type !== 'permanent') {
            const message = `endDate is required for a ${type} employee`;
            ctx.addIssue({ code: 'custom', path: ['endDate'], message, input: row });
          }
          const areas = row.accountType === 'shared' ? forbiddenForShared(row.tasks) : [];
          if (areas.length) {
            const message = `a shared account cannot have ${areas.join(' or ')} tasks`;
            ctx.addIssue({ code: 'custom', path: ['tasks'], message, input: row });
          }
        },
        // Cross-cell rules run even when a cell failed, so the earliest column's problem wins.
        { when: () => true },
      ),
    );
}

const rowSchemas = new WeakMap<Config, ReturnType<typeof importRowSchema>>();

/** One data row as an account to create, or the reason it cannot be one (the first problem in column order). */
export function importRow(config: Config, record: string[], now: Date): Account | string {
  if (record.length !== CSV_COLUMNS.length)
    return `expected ${CSV_COLUMNS.length} columns, found ${record.length}`;
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
  const end = row.endDate ? parseCalendarDate(row.endDate)! : null;
  // An HR system's "no end" (9999-12-31) must not become an end date no notice or review ever reaches.
  const horizonYears = config.limits.endDateHorizonYears;
  if (end && compareDates(end, addMonths(brusselsDate(now), horizonYears * 12)) > 0)
    return `endDate "${row.endDate}" is more than ${horizonYears} years ahead: leave it empty for an account without end`;
  const at = now.toISOString();
  const status = isExpiredOn({ endDate: end }, brusselsDate(now)) ? 'expired' : 'active';
  return {
    id: newAccountId(now.getTime()),
    institution: row.institution,
    accountType: row.accountType as AccountType,
    employeeType: row.employeeType as EmployeeType,
    fullName: row.fullName,
    email: row.email,
    supervisorEmail: row.supervisorEmail || null,
    tasks: row.tasks,
    missionEndDate: null,
    endDate: end,
    deactivationDate: null,
    status,
    trainingRecommended: row.accountType === 'personal' && trainingRecommended(row.tasks),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export function accountsToCsv(accounts: Account[]): string {
  return csvText([
    [...CSV_COLUMNS],
    ...accounts.map((a) => [
      a.fullName,
      a.email,
      a.accountType,
      a.employeeType,
      a.supervisorEmail,
      a.institution,
      a.endDate,
      a.tasks,
    ]),
  ]);
}
