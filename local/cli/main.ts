import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readOutbox } from '../../shared/adapters/ses/outbox';
import { accountsToCsv, planImport } from '../../shared/app/account-import';
import {
  changeAccount,
  closed,
  createAccount,
  findAccount,
  renewed,
} from '../../shared/app/accounts/account-changes';
import type { Account } from '../../shared/domain/account';
import { addDays, brusselsDate, type CalendarDate, parseCalendarDate } from '../../shared/domain/calendar';
import { accountStatusOn } from '../../shared/domain/rules';
import { AlmaAccountsError, ValidationError } from '../../shared/errors';
import { JOB_NAMES, type JobName } from '../../shared/schedules';
import { type OpenContext, openContext, outboxFile } from '../runtime-context';
import { CLI_COMMANDS, type CommandContext } from './commands';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const USAGE = `alma-accounts — Alma staff accounts, from the command line

Usage: alma-accounts [global options] COMMAND [options]

Commands:
  accounts list [--institution X] [--ending-before DATE] [--json]
  accounts show ID|EMAIL [--json]            the account and its history
  accounts renew ID|EMAIL (--end DATE | --year-end) [--reason TEXT]
                                              --end: new end of employment (account ends 1 month later)
  accounts close ID|EMAIL [--from DATE] [--reason TEXT]
                                              closes now, or from a future date
  import FILE.csv                             all rows or none (columns: ${'fullName,email,accountType,employeeType,supervisorEmail,institution,endDate,tasks'})
  export FILE.csv|FILE.json [--institution X]  CSV in the import format; JSON: every field and the history
  ingest FILE.eml... [--json]                 process raw mails as the inbound Lambda does
  run JOB --now ISO-DATETIME                  jobs: ${JOB_NAMES.join(', ')}
  preview --from DATE --to DATE [--json]      notices that would go out, nothing sent
  outbox [--json]                             what local runs have sent
  status [--json]                             the status monitor's current state

Global options:
  --config FILE      configuration (JSON, see README); default config/example.json or $ALMA_CONFIG
  --data-dir DIR     local store; default .local or $ALMA_DATA_DIR
  --table NAME       use this DynamoDB table in AWS (standard AWS environment) instead of the local store
  --now ISO          the moment to act at (default: now)
  -h, --help`;

const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  institution: { type: 'string' },
  'ending-before': { type: 'string' },
  end: { type: 'string' },
  'year-end': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

function dateOption(value: string | undefined, name: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  const date = parseCalendarDate(value);
  if (!date) throw new ValidationError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return date;
}

function nowOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // A bare date means 07:00 in Brussels, when the daily jobs run.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T07:00:00+01:00` : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new ValidationError(
      `--now must be an ISO date-time like 2027-01-10T10:00:00+01:00, got "${value}"`,
    );
  }
  return date;
}

function accountLine(account: Account, today: CalendarDate, windowDays: number) {
  return { ...account, status: accountStatusOn(account, today, windowDays) };
}

/** Runs one CLI invocation; returns the exit code. Errors: one line on stderr, code 1 (2 for usage). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    io.err(`alma-accounts: ${(error as Error).message} (see --help)`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const [command, ...rest] = positionals;
  let open: OpenContext | undefined;
  try {
    const now = nowOption(values.now);
    if (command === 'outbox') {
      const dataDir = values['data-dir'] ?? process.env.ALMA_DATA_DIR ?? '.local';
      for (const entry of readOutbox(outboxFile(dataDir))) {
        if (values.json)
          io.out(
            JSON.stringify({
              to: entry.to,
              cc: entry.cc,
              subject: entry.subject,
              text: entry.text,
              sentAt: entry.sentAt,
            }),
          );
        else
          io.out(
            `${entry.sentAt}  to ${entry.to.join(', ')}${entry.cc.length ? ` cc ${entry.cc.join(', ')}` : ''}\n  ${entry.subject}`,
          );
      }
      return 0;
    }
    const known = ['accounts', 'import', 'export', ...Object.keys(CLI_COMMANDS)];
    if (!known.includes(command!)) {
      io.err(`alma-accounts: unknown command "${command}" (see --help)`);
      return 2;
    }
    // Argument mistakes are answered before any service starts.
    if (command === 'run') {
      const job = rest[0];
      if (!job || !(JOB_NAMES as readonly string[]).includes(job)) {
        throw new ValidationError(`run: give a job, one of ${JOB_NAMES.join(', ')}`);
      }
      if (values.now === undefined) throw new ValidationError('run: give --now ISO-DATETIME');
    }
    open = await openContext({
      configPath: values.config ?? process.env.ALMA_CONFIG ?? 'config/example.json',
      dataDir: values['data-dir'] ?? process.env.ALMA_DATA_DIR ?? '.local',
      table: values.table,
    });
    const ctx = open.ctx;
    const today = brusselsDate(now);
    const windowDays = ctx.config.notices.expiringWindowDays;

    if (command === 'accounts') {
      const [sub, target] = rest;
      if (sub === 'list') {
        const endingBefore = dateOption(values['ending-before'], 'ending-before');
        let accounts: Account[];
        if (endingBefore) {
          // "ending before DATE": end date strictly earlier than DATE.
          const page = await ctx.accounts.listEndingBetween(null, addDays(endingBefore, -1));
          accounts = page.items.filter((a) => !values.institution || a.institution === values.institution);
        } else {
          const institutions = values.institution
            ? [values.institution]
            : ctx.config.institutions.map((i) => i.code);
          accounts = [];
          for (const code of institutions)
            accounts.push(...(await ctx.accounts.listByInstitution(code)).items);
        }
        for (const account of accounts) {
          const line = accountLine(account, today, windowDays);
          io.out(
            values.json
              ? JSON.stringify(line)
              : [
                  line.id,
                  line.institution,
                  line.status.padEnd(8),
                  line.endDate ?? '—'.padEnd(10),
                  line.accountType,
                  line.employeeType,
                  line.email,
                ].join('  '),
          );
        }
        if (!values.json) io.err(`${accounts.length} account(s)`);
        return 0;
      }
      if (!target) throw new ValidationError(`accounts ${sub ?? ''}: give an account id or e-mail`);
      if (sub === 'show') {
        const account = await findAccount(ctx, target, values.institution);
        const history = await ctx.accounts.history(account.id);
        const line = accountLine(account, today, windowDays);
        if (values.json) io.out(JSON.stringify({ ...line, history }));
        else {
          for (const [key, value] of Object.entries(line)) io.out(`${key.padEnd(20)} ${value ?? '—'}`);
          io.out('history:');
          for (const e of history)
            io.out(
              `  ${e.at}  ${e.action.padEnd(18)} ${e.actor}  ${e.reason}${e.reference ? ` (${e.reference})` : ''}`,
            );
        }
        return 0;
      }
      const source = {
        actor: `cli:${process.env.USER ?? 'unknown'}`,
        reason: values.reason ?? `alma-accounts accounts ${sub}`,
      };
      if (sub === 'renew') {
        const end = dateOption(values.end, 'end');
        if (!end && !values['year-end'])
          throw new ValidationError('accounts renew: give --end DATE or --year-end');
        const account = await findAccount(ctx, target, values.institution);
        let problem: string | undefined;
        const next = await changeAccount(
          ctx,
          account.id,
          (current) => {
            const result = renewed(current, end ? { newEmploymentEnd: end } : { yearEnd: true }, now);
            if (!result.ok) {
              problem = result.problem;
              return undefined;
            }
            return result.account;
          },
          'renewed',
          source,
          now,
        );
        if (problem)
          throw new ValidationError(
            `cannot renew ${account.id}: ${problem === 'closed' ? 'the account is closed' : 'the new end date is already past'}`,
          );
        io.out(
          values.json
            ? JSON.stringify(accountLine(next, today, windowDays))
            : `${next.id} renewed: ends ${next.endDate}`,
        );
        return 0;
      }
      if (sub === 'close') {
        const from = dateOption(values.from, 'from') ?? null;
        const account = await findAccount(ctx, target, values.institution);
        const next = await changeAccount(
          ctx,
          account.id,
          (current) => (current.status === 'closed' ? undefined : closed(current, from, now)),
          from && from > today ? 'closure-requested' : 'closed',
          source,
          now,
        );
        io.out(
          values.json
            ? JSON.stringify(accountLine(next, today, windowDays))
            : next.status === 'closed'
              ? `${next.id} closed`
              : `${next.id} will be deactivated from ${next.deactivationDate}`,
        );
        return 0;
      }
      throw new ValidationError(`unknown accounts subcommand "${sub}" (list, show, renew, close)`);
    }

    if (command === 'import') {
      const file = rest[0];
      if (!file) throw new ValidationError('import: give a CSV file');
      const { accounts, problems } = await planImport(ctx, readText(file), now);
      if (problems.length) {
        for (const p of problems) io.err(`${file}:${p.line}: ${p.reason}`);
        io.err(`import refused: ${problems.length} bad row(s), nothing imported`);
        return 1;
      }
      const source = { actor: `cli:${process.env.USER ?? 'unknown'}`, reason: `imported from ${file}` };
      const queue = [...accounts];
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let a = queue.shift(); a; a = queue.shift())
            await createAccount(ctx, a, source, now, 'imported');
        }),
      );
      io.out(
        values.json
          ? JSON.stringify({ imported: accounts.length })
          : `imported ${accounts.length} account(s)`,
      );
      return 0;
    }

    if (command === 'export') {
      const file = rest[0];
      if (!file) throw new ValidationError('export: give a CSV file to write');
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
        values.json
          ? JSON.stringify({ exported: accounts.length, file })
          : `exported ${accounts.length} account(s) to ${file}`,
      );
      return 0;
    }

    const handler = CLI_COMMANDS[command as keyof typeof CLI_COMMANDS];
    const commandContext: CommandContext = {
      ctx,
      now,
      io,
      json: Boolean(values.json),
      args: rest,
      values,
      dataDir: open.dataDir,
    };
    if (command === 'run') commandContext.job = rest[0] as JobName;
    return await handler!(commandContext);
  } catch (error) {
    io.err(`alma-accounts: ${describe(error)}`);
    return 1;
  } finally {
    await open?.close();
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function describe(error: unknown): string {
  if (error instanceof AlmaAccountsError) return error.message;
  const e = error as Error;
  if (e?.name === 'ResourceNotFoundException') return `DynamoDB table not found (${e.message})`;
  if (e?.name === 'CredentialsProviderError') return `no AWS credentials: ${e.message}`;
  return e?.message ?? String(error);
}
