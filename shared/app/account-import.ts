import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import type { Config } from '../config/schema';
import type { Account, AccountEvent, EmployeeType } from '../domain/account';
import { type ActionSource, eventFor } from '../domain/account-changes';
import { ulid } from '../domain/ids';
import { CSV_COLUMNS, EXPORT_COLUMNS, importRow } from '../domain/import-row';
import type { ImportEntry, ImportRecord } from '../domain/ports';
import { supervisorStandingProblem, supervisorToLookUp } from '../domain/rules';
import { AlmaAccountsError, ImportConflictError, ValidationError } from '../errors';
import type { AppContext } from './context';
import { csvRecords, csvText } from './csv';

export interface RowProblem {
  line: number;
  reason: string;
}

/** What a CSV row became: an account to create, or the reason it cannot be one. */
interface ReadRow {
  line: number;
  result: Account | string;
  /** The reading stops here (a wrong header): what follows cannot be trusted to be rows. */
  fatal?: boolean;
}

const HEADER_PROBLEM = `header must be exactly: ${CSV_COLUMNS.join(',')} (or an export's: ${EXPORT_COLUMNS.join(',')})`;

/**
 * The data rows of an import file as accounts or problems, streamed (nothing held). A row with
 * broken quoting is a problem on its line, and the rows after it are read and checked too.
 */
async function* readImportRows(config: Config, input: string | Readable, now: Date): AsyncGenerator<ReadRow> {
  let columns: readonly string[] | undefined;
  for await (const item of csvRecords(input)) {
    if (!columns) {
      const header = 'problem' in item ? '' : item.record.map((h) => h.trim()).join(',');
      columns = [CSV_COLUMNS, EXPORT_COLUMNS].find((known) => known.join(',') === header);
      if (!columns) break;
      continue;
    }
    if ('problem' in item) {
      yield { line: item.line, result: item.problem };
      continue;
    }
    const { line, record } = item;
    if (record.length === 1 && record[0]!.trim() === '') continue;
    yield { line, result: importRow(config, record, now, columns.length) };
  }
  if (!columns) yield { line: 1, result: HEADER_PROBLEM, fatal: true };
}

const addressKey = (a: Pick<Account, 'institution' | 'email'>) => `${a.institution}#${a.email.toLowerCase()}`;

export interface ImportCheck {
  /** Valid rows (all of them when there is no problem). */
  rows: number;
  problems: RowProblem[];
  institutions: string[];
  /** The line of every valid row by address (institution#email): what the write pass checks against. */
  lines: Map<string, number>;
}

/**
 * Validates a whole CSV before anything is written: every bad row is reported with the physical
 * line it starts on, and any problem means nothing is imported. A row is checked by the rules a
 * request mail obeys (the same domain code); what those need from the store is loaded after the
 * reading, in one Query per institution: open accounts at a row's address, and supervisors with
 * an open non-permanent account (or a non-permanent row in the same file). A quoting error is
 * reported on its line and the reading goes on with the next line. The file is streamed; what is
 * held is one line number per address and per row naming a supervisor.
 */
export async function checkImport(
  ctx: Pick<AppContext, 'imports' | 'config'>,
  input: string | Readable,
  now: Date,
  onAccount?: (account: Account) => void,
): Promise<ImportCheck> {
  const problems: RowProblem[] = [];
  const lines = new Map<string, number>();
  const institutions = new Map(ctx.config.institutions.map((i) => [i.code, i]));
  /** Supervisors to look up (institution#email) → the lines that name them. */
  const supervised = new Map<string, number[]>();
  /** The file's own non-permanent rows: they cannot supervise either. */
  const nonPermanent = new Map<string, EmployeeType>();
  for await (const { line, result, fatal } of readImportRows(ctx.config, input, now)) {
    if (typeof result === 'string') {
      if (fatal && line === 1)
        return { rows: 0, problems: [{ line, reason: result }], institutions: [], lines };
      problems.push({ line, reason: result });
      continue;
    }
    const key = addressKey(result);
    const first = lines.get(key);
    if (first) {
      problems.push({ line, reason: `same institution and email as line ${first}` });
      continue;
    }
    lines.set(key, line);
    if (result.employeeType !== 'permanent') nonPermanent.set(key, result.employeeType);
    const supervisor = supervisorToLookUp(result, institutions.get(result.institution)!);
    if (supervisor) {
      const supervisorKey = addressKey({ institution: result.institution, email: supervisor });
      const naming = supervised.get(supervisorKey);
      if (naming) naming.push(line);
      else supervised.set(supervisorKey, [line]);
    }
    onAccount?.(result);
  }
  const codes = new Set(Array.from(lines.keys(), (k) => k.slice(0, k.indexOf('#'))));
  const open = await ctx.imports.openAccounts(codes, (key) => lines.has(key) || supervised.has(key));
  // Rows that already have an open account: one Query per institution, not one call per row.
  for (const key of open.keys()) {
    const line = lines.get(key);
    if (line === undefined) continue;
    problems.push({
      line,
      reason: `${key.slice(0, key.indexOf('#'))} already has an open account for this email`,
    });
  }
  for (const [key, naming] of supervised) {
    const fileRow = nonPermanent.get(key);
    const accounts = [
      ...(open.get(key) ?? []),
      ...(fileRow ? [{ status: 'active' as const, employeeType: fileRow }] : []),
    ];
    if (!supervisorStandingProblem(accounts)) continue;
    const [institution, email] = [key.slice(0, key.indexOf('#')), key.slice(key.indexOf('#') + 1)];
    for (const line of naming)
      problems.push({
        line,
        reason: `supervisorEmail "${email}" cannot supervise: it has a non-permanent account in ${institution}${fileRow ? ` (line ${lines.get(key)})` : ''}`,
      });
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows: problems.length ? 0 : lines.size, problems, institutions: [...codes], lines };
}

/** checkImport, keeping the accounts (small files and tests; the import itself streams them). */
export async function planImport(
  ctx: Pick<AppContext, 'imports' | 'config'>,
  input: string | Readable,
  now: Date,
): Promise<{ accounts: Account[]; problems: RowProblem[] }> {
  const accounts: Account[] = [];
  const { problems } = await checkImport(ctx, input, now, (a) => accounts.push(a));
  return { accounts: problems.length ? [] : accounts, problems };
}

export interface ImportOptions {
  /** The file's name, as the marker and the history lines record it. */
  file: string;
  /** Opens the file from its start: it is read twice, to check it and to write it. */
  open: () => Readable;
  now: Date;
  actor: string;
  /** Transactions in flight at once. */
  concurrency?: number;
  /** Stops the writing and rolls back (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (phase: 'write' | 'rollback', done: number, total: number) => void;
}

export type ImportOutcome =
  | { imported: number; importId: string | null }
  | { problems: RowProblem[]; rolledBack: number };

/**
 * The whole file or nothing, at the store's speed: checks every row (checkImport), then reads
 * the file again and writes its accounts 100 a batch, a few batches in flight, under an import
 * marker and a hold on its institutions that keeps creates there out meanwhile (the store's
 * `begin`); every item is tagged with the import's id. A taken address, a failed write, a lost
 * hold, a file that changed between the two readings, or the signal: what was written is removed
 * and nothing is imported. Killed half-way, the marker stays "writing": `rollbackUnfinishedImports`
 * removes what it wrote, and a new import refuses to start until that is done.
 */
export async function importAccounts(
  ctx: Pick<AppContext, 'config' | 'imports'>,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const { file, now, actor, concurrency = 4, signal, onProgress } = options;
  const pending = await ctx.imports.unfinished();
  if (pending.length) throw new UnfinishedImportError(pending);
  const firstDigest = createHash('sha256');
  const first = options.open();
  first.on('data', (chunk) => firstDigest.update(chunk));
  const check = await checkImport(ctx, first, now);
  if (check.problems.length) return { problems: check.problems, rolledBack: 0 };
  if (check.rows === 0) return { imported: 0, importId: null };

  const record: ImportRecord = {
    id: `IMP-${ulid(now.getTime())}`,
    file,
    actor,
    at: now.toISOString(),
    institutions: check.institutions,
    rows: check.rows,
    host: hostname(),
    pid: process.pid,
  };
  await ctx.imports.begin(record);
  const secondDigest = createHash('sha256');
  const second = options.open();
  second.on('data', (chunk) => secondDigest.update(chunk));
  const source: ActionSource = { actor, reason: `imported from ${file}` };
  const batches = importBatches(ctx.config, second, now, check.lines, ctx.imports.batchSize, (account) =>
    eventFor(account, 'imported', source, now),
  );
  let written = 0;
  let failure: { error: unknown } | undefined;
  const abort = () => {
    failure ??= { error: new ImportInterruptedError() };
  };
  signal?.addEventListener('abort', abort);
  // Workers share one iterator of batches (an async generator queues concurrent next() calls),
  // so at most `concurrency` batches are held, and every one in flight ends before a rollback.
  const worker = async () => {
    while (!failure) {
      let next: IteratorResult<ImportEntry[]>;
      try {
        next = await batches.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (next.done || failure) return;
      try {
        await ctx.imports.writeBatch(record, next.value);
        written += next.value.length;
        onProgress?.('write', written, check.rows);
      } catch (error) {
        const entry = error instanceof ImportConflictError ? next.value[error.index] : undefined;
        failure ??= { error: entry ? new RowConflictError(entry) : error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (!failure && (written !== check.rows || secondDigest.digest('hex') !== firstDigest.digest('hex')))
    failure = { error: new ChangedImportFileError(file) };
  if (!failure) {
    await ctx.imports.finish(record);
    return { imported: written, importId: record.id };
  }
  let rolledBack: number;
  try {
    rolledBack = await ctx.imports.rollback(record, (n) => onProgress?.('rollback', n, written));
  } catch (error) {
    throw new AlmaAccountsError(
      `import ${record.id} failed part-way (${describe(failure.error)}) and could not be undone (${describe(error)}): run \`alma-accounts import --rollback\``,
      { cause: error },
    );
  }
  if (failure.error instanceof RowConflictError) {
    const { line, account } = failure.error.entry;
    return {
      problems: [
        {
          line,
          reason: `${account.institution} already has an open account for this email (created while the import ran)`,
        },
      ],
      rolledBack,
    };
  }
  throw new AlmaAccountsError(
    `import failed part-way (${describe(failure.error)}); the ${rolledBack} account(s) it had written were removed, nothing imported`,
    { cause: failure.error },
  );
}

/** The checked file read again, as batches of entries; a row that is no longer the one checked ends it. */
async function* importBatches(
  config: Config,
  input: Readable,
  now: Date,
  lines: Map<string, number>,
  size: number,
  eventOf: (account: Account) => AccountEvent,
): AsyncGenerator<ImportEntry[]> {
  let batch: ImportEntry[] = [];
  for await (const { line, result } of readImportRows(config, input, now)) {
    if (typeof result === 'string' || lines.get(addressKey(result)) !== line)
      throw new ChangedImportFileError(`line ${line}`);
    batch.push({ line, account: result, event: eventOf(result) });
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * Removes what imports that did not finish wrote (killed, or their own rollback failed), all of
 * each, and their markers. `isRunning` says whether an import's process is still at work: such
 * an import is left alone.
 */
export async function rollbackUnfinishedImports(
  ctx: Pick<AppContext, 'imports'>,
  isRunning: (record: ImportRecord) => boolean,
  onProgress?: (record: ImportRecord, removed: number) => void,
): Promise<{ record: ImportRecord; removed: number | 'running' }[]> {
  const results: { record: ImportRecord; removed: number | 'running' }[] = [];
  for (const record of await ctx.imports.unfinished()) {
    if (isRunning(record)) {
      results.push({ record, removed: 'running' });
      continue;
    }
    const removed = await ctx.imports.rollback(record, (n) => onProgress?.(record, n));
    results.push({ record, removed });
  }
  return results;
}

export class UnfinishedImportError extends ValidationError {
  constructor(readonly records: ImportRecord[]) {
    const r = records[0]!;
    super(
      `import ${r.id} of ${r.file} (started ${r.at} by ${r.actor}) did not finish: run \`alma-accounts import --rollback\` to remove what it wrote, then import again`,
    );
  }
}

class ImportInterruptedError extends AlmaAccountsError {
  constructor() {
    super('interrupted');
  }
}

class ChangedImportFileError extends AlmaAccountsError {
  constructor(where: string) {
    super(`the file changed after it was checked (${where})`);
  }
}

class RowConflictError extends AlmaAccountsError {
  constructor(readonly entry: ImportEntry) {
    super(`line ${entry.line}: an open account for this address was created while the import ran`);
  }
}

function describe(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

/** The export: the import columns, then every other stored field (EXPORT_ONLY_COLUMNS). */
export function accountsToCsv(accounts: Account[]): string {
  return csvText([
    [...EXPORT_COLUMNS],
    ...accounts.map((a) => [
      a.fullName,
      a.email,
      a.accountType,
      a.employeeType,
      a.supervisorEmail,
      a.institution,
      a.endDate,
      a.tasks,
      a.deactivationDate,
      a.status,
      a.missionEndDate,
      String(a.trainingRecommended),
      a.id,
      a.createdAt,
      a.updatedAt,
      a.purgedAt ?? null,
      a.alma?.primaryId ?? null,
      a.alma?.state ?? null,
      a.alma?.linkedAt ?? null,
      a.alma?.expiryDate ?? null,
    ]),
  ]);
}
