import { readFileSync, writeFileSync } from 'node:fs';
import { accountsToCsv, planImport } from '../../../shared/app/account-import';
import { createAccount } from '../../../shared/app/accounts/account-changes';
import type { Account } from '../../../shared/domain/account';
import { ValidationError } from '../../../shared/errors';
import type { CliCommand } from '../command';
import { cliActor } from './options';

const CSV_COLUMNS = 'fullName,email,accountType,employeeType,supervisorEmail,institution,endDate,tasks';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

const importAccounts: CliCommand = {
  name: 'import',
  usage: `FILE.csv                             all rows or none (columns: ${CSV_COLUMNS})`,
  check: ({ args }) => {
    if (!args[0]) throw new ValidationError('import: give a CSV file');
  },
  async runWithContext({ ctx, args, now, io, json }) {
    const file = args[0]!;
    const { accounts, problems } = await planImport(ctx, readText(file), now);
    if (problems.length) {
      for (const p of problems) io.err(`${file}:${p.line}: ${p.reason}`);
      io.err(`import refused: ${problems.length} bad row(s), nothing imported`);
      return 1;
    }
    const source = { actor: cliActor(), reason: `imported from ${file}` };
    const queue = [...accounts];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let a = queue.shift(); a; a = queue.shift())
          await createAccount(ctx, a, source, now, 'imported');
      }),
    );
    io.out(json ? JSON.stringify({ imported: accounts.length }) : `imported ${accounts.length} account(s)`);
    return 0;
  },
};

const exportAccounts: CliCommand = {
  name: 'export',
  usage: 'FILE.csv|FILE.json [--institution X]  CSV in the import format; JSON: every field and the history',
  check: ({ args }) => {
    if (!args[0]) throw new ValidationError('export: give a CSV file to write');
  },
  async runWithContext({ ctx, args, values, now, io, json }) {
    const file = args[0]!;
    const institutions = values.institution
      ? [values.institution]
      : ctx.config.institutions.map((i) => i.code);
    if (values.institution && !ctx.config.institutions.some((i) => i.code === values.institution)) {
      throw new ValidationError(`unknown institution "${values.institution}"`);
    }
    const accounts: Account[] = [];
    for (const code of institutions) accounts.push(...(await ctx.accounts.listByInstitution(code)).items);
    if (file.endsWith('.json')) {
      // Everything stored about the accounts (subject access requests): fields and full history.
      const withHistory = [];
      for (const account of accounts)
        withHistory.push({ ...account, history: await ctx.accounts.history(account.id) });
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

export const TRANSFER_COMMANDS: CliCommand[] = [importAccounts, exportAccounts];
