import { parseArgs } from 'node:util';
import { AlmaAccountsError, ValidationError } from '../../shared/errors';
import { type OpenContext, openContext, readRuntimeInfo } from '../runtime-context';
import { type CommandInput, type Io, OPTIONS, type OptionValues } from './command';
import { COMMANDS, findCommand } from './commands';

export type { Io } from './command';

const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  ...(process.stderr.isTTY ? { errTty: process.stderr } : {}),
};

export const USAGE = `alma-accounts — Alma staff accounts, from the command line

Usage: alma-accounts [global options] COMMAND [options]

Commands:
${COMMANDS.map((c) => `  ${c.name} ${c.usage}`).join('\n')}

Global options:
  --config FILE      configuration (JSON, see README); default config/example.json or $ALMA_CONFIG
  --data-dir DIR     local store; default .local or $ALMA_DATA_DIR
  --table NAME       use this DynamoDB table in AWS (standard AWS environment) instead of the local store
  --now ISO          the moment to act at (default: now)
  -q, --quiet        no progress on stderr (long commands show it: a bar on a terminal, a line every 10 % otherwise)
  -h, --help`;

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

/** Runs one CLI invocation; returns the exit code. Errors: one line on stderr, code 1 (2 for usage). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let parsed: { values: OptionValues; positionals: string[] };
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
  const found = findCommand(positionals);
  if (!found) {
    io.err(`alma-accounts: unknown command "${positionals.slice(0, 2).join(' ')}" (see --help)`);
    return 2;
  }
  const { command, args } = found;
  let open: OpenContext | undefined;
  try {
    const input: CommandInput = {
      args,
      values,
      now: nowOption(values.now),
      io,
      json: Boolean(values.json),
      dataDir: values['data-dir'] ?? process.env.ALMA_DATA_DIR ?? '.local',
    };
    command.check?.(input);
    if (command.run) return await command.run(input);
    open = await openContext({
      // Beside a running `npm start` (no --table), the CLI reads the config the runtime runs on.
      configPath:
        values.config ??
        process.env.ALMA_CONFIG ??
        (values.table ? undefined : readRuntimeInfo(input.dataDir)?.configPath) ??
        'config/example.json',
      dataDir: input.dataDir,
      table: values.table,
    });
    return await command.runWithContext!({ ...input, dataDir: open.dataDir, ctx: open.ctx });
  } catch (error) {
    io.err(`alma-accounts: ${describe(error)}`);
    return 1;
  } finally {
    await open?.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof AlmaAccountsError) return error.message;
  const e = error as Error;
  if (e?.name === 'ResourceNotFoundException') return `DynamoDB table not found (${e.message})`;
  if (e?.name === 'CredentialsProviderError') return `no AWS credentials: ${e.message}`;
  return e?.message ?? String(error);
}
