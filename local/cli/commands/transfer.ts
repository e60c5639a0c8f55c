import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  accountsToCsv,
  checkImport,
  type ImportOutcome,
  importAccounts,
  rollbackUnfinishedImports,
} from '../../../shared/app/account-import';
import type { Account } from '../../../shared/domain/account';
import { provisioningMode } from '../../../shared/domain/alma/provisioning';
import { CSV_COLUMNS } from '../../../shared/domain/import-row';
import type { ImportRecord } from '../../../shared/domain/ports';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand, CommandContext } from '../command';
import { startProgress } from '../progress';
import { cliActor } from './options';

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch (error) {
    throw new ValidationError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** Opens the file from its start; the check pass shows its progress in bytes read. */
function opener(c: CommandContext, file: string, size: number) {
  return (label?: string) => {
    const stream = createReadStream(file);
    if (label) {
      const progress = startProgress(c, label, size, { unit: 'read', bytes: true });
      let read = 0;
      stream.on('data', (chunk) => {
        read += chunk.length;
        progress.update(read);
      });
      stream.on('close', () => progress.stop());
    }
    return stream;
  };
}

function reportProblems(c: CommandContext, file: string, problems: { line: number; reason: string }[]) {
  for (const p of problems) c.io.err(`${file}:${p.line}: ${p.reason}`);
}

/** Whether an unfinished import's process is still alive on this host (then it is not rolled back). */
function stillRunning(record: ImportRecord): boolean {
  if (record.host !== hostname() || record.pid === process.pid) return false;
  try {
    process.kill(record.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rollback(c: CommandContext): Promise<number> {
  const bars = new Map<string, ReturnType<typeof startProgress>>();
  const results = await rollbackUnfinishedImports(c.ctx, stillRunning, (record, removed) => {
    let bar = bars.get(record.id);
    if (!bar) {
      bar = startProgress(c, `rolling back ${record.id}`, record.rows, { unit: 'accounts' });
      bars.set(record.id, bar);
    }
    bar.update(removed);
  });
  for (const bar of bars.values()) bar.stop();
  let running = 0;
  for (const { record, removed } of results) {
    if (removed === 'running') {
      running++;
      c.io.err(`import ${record.id} of ${record.file} is still running (pid ${record.pid}): left alone`);
    }
    c.io.out(
      c.json
        ? JSON.stringify({ rolledBack: record.id, file: record.file, removed })
        : removed === 'running'
          ? `import ${record.id} still running, not rolled back`
          : `rolled back import ${record.id} of ${record.file} (started ${record.at}): ${removed} account(s) removed`,
    );
  }
  if (!results.length) c.io.out(c.json ? JSON.stringify({ rolledBack: null }) : 'no unfinished import');
  return running ? 1 : 0;
}

const importAccountsCommand: CliCommand = {
  name: 'import',
  usage: `FILE.csv [--dry-run]                 all rows or none (columns: ${CSV_COLUMNS.join(',')})
  import --rollback                           removes what an interrupted import wrote`,
  check: ({ args, values }) => {
    if (values.rollback) {
      if (args[0] || values['dry-run']) throw new ValidationError('import --rollback takes no file');
      return;
    }
    if (!args[0]) throw new ValidationError('import: give a CSV file');
  },
  async runWithContext(c) {
    const { ctx, args, now, io, json, values } = c;
    if (values.rollback) return rollback(c);
    const file = args[0]!;
    const open = opener(c, file, fileSize(file));
    if (values['dry-run']) {
      const { rows, problems } = await checkImport(ctx, open(`checking ${file}`), now);
      reportProblems(c, file, problems);
      if (problems.length) io.err(`import would be refused: ${problems.length} bad row(s)`);
      io.out(
        json
          ? JSON.stringify({ dryRun: true, valid: rows, problems: problems.length })
          : problems.length
            ? `dry run: ${problems.length} bad row(s), nothing written`
            : `dry run: ${rows} account(s) would be imported, nothing written`,
      );
      return problems.length ? 1 : 0;
    }
    // Ctrl-C stops the writing and removes what was written (a kill leaves it to --rollback).
    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort();
    process.once('SIGINT', onSigint);
    let checking = true;
    let bar: ReturnType<typeof startProgress> | undefined;
    let phase: string | undefined;
    let outcome: ImportOutcome;
    try {
      outcome = await importAccounts(ctx, {
        file,
        open: () => {
          const stream = open(checking ? `checking ${file}` : undefined);
          checking = false;
          return stream;
        },
        now,
        actor: cliActor(),
        signal: interrupt.signal,
        onProgress: (which, done, total) => {
          if (phase !== which) {
            bar?.stop();
            phase = which;
            bar = startProgress(c, which === 'write' ? `importing ${file}` : 'rolling back', total, {
              unit: 'accounts',
            });
          }
          bar!.update(done, total);
        },
      });
    } finally {
      bar?.stop();
      process.removeListener('SIGINT', onSigint);
    }
    if ('problems' in outcome) {
      reportProblems(c, file, outcome.problems);
      io.err(`import refused: ${outcome.problems.length} bad row(s), nothing imported`);
      return 1;
    }
    io.out(json ? JSON.stringify({ imported: outcome.imported }) : `imported ${outcome.imported} account(s)`);
    // Imported accounts are not linked to the Alma users their institutions already have.
    for (const institution of ctx.config.institutions.filter((i) => provisioningMode(i) !== 'off'))
      io.err(
        `${institution.code} provisions Alma users: run "alma-accounts alma link --institution ${institution.code}" to link the imported accounts to their Alma users (a dry run; --confirm links)`,
      );
    return 0;
  },
};

/** Every account of the institutions, with progress over the count (a count-only Query first). */
export async function listInstitutions(c: CommandContext, institutions: string[]): Promise<Account[]> {
  const accounts: Account[] = [];
  const showing = !c.values.quiet;
  let total = 0;
  if (showing) for (const code of institutions) total += await c.ctx.accounts.countByInstitution(code);
  const progress = startProgress(c, 'reading accounts', total, { unit: 'accounts' });
  try {
    for (const code of institutions) {
      const before = accounts.length;
      const page = await c.ctx.accounts.listByInstitution(code, (read) => progress.update(before + read));
      accounts.push(...page.items);
    }
  } finally {
    progress.stop();
  }
  return accounts;
}

const exportAccounts: CliCommand = {
  name: 'export',
  usage: 'FILE.csv|FILE.json [--institution X]  CSV in the import format; JSON: every field and the history',
  check: ({ args }) => {
    if (!args[0]) throw new ValidationError('export: give a CSV file to write');
  },
  async runWithContext(c) {
    const { ctx, args, values, now, io, json } = c;
    const file = args[0]!;
    const institutions = values.institution
      ? [values.institution]
      : ctx.config.institutions.map((i) => i.code);
    if (values.institution && !ctx.config.institutions.some((i) => i.code === values.institution)) {
      throw new ValidationError(`unknown institution "${values.institution}"`);
    }
    const accounts = await listInstitutions(c, institutions);
    if (file.endsWith('.json')) {
      // Everything stored about the accounts (subject access requests): fields and full history.
      const withHistory = [];
      const progress = startProgress(c, 'reading histories', accounts.length, { unit: 'accounts' });
      for (const account of accounts) {
        withHistory.push({ ...account, history: await ctx.accounts.history(account.id) });
        progress.update(withHistory.length);
      }
      progress.stop();
      writeFileSync(
        file,
        `${JSON.stringify({ exportedAt: now.toISOString(), institutions, accounts: withHistory }, null, 2)}\n`,
        { mode: 0o600 },
      );
    } else {
      writeFileSync(file, accountsToCsv(accounts), { mode: 0o600 });
    }
    io.out(
      json
        ? JSON.stringify({ exported: accounts.length, file })
        : `exported ${accounts.length} account(s) to ${file}`,
    );
    return 0;
  },
};

export const TRANSFER_COMMANDS: CliCommand[] = [importAccountsCommand, exportAccounts];
