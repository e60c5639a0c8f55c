import type { Config } from '../config/schema';
import { ACCOUNT_TYPES, type Account, EMPLOYEE_TYPES } from '../domain/account';
import { brusselsDate, type CalendarDate, parseCalendarDate } from '../domain/calendar';
import { newAccountId } from '../domain/ids';
import { forbiddenForShared, isExpiredOn, needsSupervisor, trainingRecommended } from '../domain/rules';
import type { AppContext } from './context';
import { parseCsv, toCsv } from './csv';

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

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export interface RowProblem {
  line: number;
  reason: string;
}

/**
 * Validates a whole CSV before anything is written: every bad row is reported with its line
 * number, and any problem means nothing is imported. Existing open accounts count as problems.
 */
export async function planImport(
  ctx: Pick<AppContext, 'accounts' | 'config'>,
  text: string,
  now: Date,
): Promise<{ accounts: Account[]; problems: RowProblem[] }> {
  const { rows, error } = parseCsv(text);
  const problems: RowProblem[] = [];
  if (error) problems.push({ line: rows.length + 1, reason: error });
  const [header, ...body] = rows;
  if (!header || header.map((h) => h.trim()).join(',') !== CSV_COLUMNS.join(',')) {
    return {
      accounts: [],
      problems: [{ line: 1, reason: `header must be exactly: ${CSV_COLUMNS.join(',')}` }],
    };
  }
  const accounts: Account[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const line = index + 2;
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    const result = rowToAccount(ctx.config, cells, now);
    if (typeof result === 'string') {
      problems.push({ line, reason: result });
      return;
    }
    const key = `${result.institution}#${result.email}`;
    const first = seen.get(key);
    if (first) {
      problems.push({ line, reason: `same institution and email as line ${first}` });
      return;
    }
    seen.set(key, line);
    accounts.push(result);
  });
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

function rowToAccount(config: Config, cells: string[], now: Date): Account | string {
  if (cells.length !== CSV_COLUMNS.length)
    return `expected ${CSV_COLUMNS.length} columns, found ${cells.length}`;
  const [fullName, email, accountType, employeeType, supervisorEmail, institution, endDate, tasks] =
    cells.map((c) => c.trim()) as [string, string, string, string, string, string, string, string];
  if (!fullName) return 'fullName is empty';
  if (!EMAIL.test(email)) return `email "${email}" is not an e-mail address`;
  if (!(ACCOUNT_TYPES as readonly string[]).includes(accountType)) {
    return `accountType "${accountType}" must be one of ${ACCOUNT_TYPES.join(', ')}`;
  }
  if (!(EMPLOYEE_TYPES as readonly string[]).includes(employeeType)) {
    return `employeeType "${employeeType}" must be one of ${EMPLOYEE_TYPES.join(', ')}`;
  }
  const type = employeeType as Account['employeeType'];
  if (supervisorEmail && !EMAIL.test(supervisorEmail))
    return `supervisorEmail "${supervisorEmail}" is not an e-mail address`;
  if (accountType === 'personal' && needsSupervisor(type) && !supervisorEmail) {
    return `supervisorEmail is required for a ${employeeType} employee`;
  }
  if (!config.institutions.some((i) => i.code === institution))
    return `institution "${institution}" is not in the config`;
  let end: CalendarDate | null = null;
  if (endDate) {
    const parsed = parseCalendarDate(endDate);
    if (!parsed) return `endDate "${endDate}" is not a date YYYY-MM-DD`;
    end = parsed;
  } else if (accountType === 'personal' && type !== 'permanent') {
    return `endDate is required for a ${employeeType} employee`;
  }
  if (accountType === 'shared') {
    const areas = forbiddenForShared(tasks);
    if (areas.length) return `a shared account cannot have ${areas.join(' or ')} tasks`;
  }
  const at = now.toISOString();
  const status = isExpiredOn({ endDate: end }, brusselsDate(now)) ? 'expired' : 'active';
  return {
    id: newAccountId(now.getTime()),
    institution,
    accountType: accountType as Account['accountType'],
    employeeType: type,
    fullName,
    email: email.toLowerCase(),
    supervisorEmail: supervisorEmail ? supervisorEmail.toLowerCase() : null,
    tasks,
    missionEndDate: null,
    endDate: end,
    deactivationDate: null,
    status,
    trainingRecommended: accountType === 'personal' && trainingRecommended(tasks),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export function accountsToCsv(accounts: Account[]): string {
  return toCsv([
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
