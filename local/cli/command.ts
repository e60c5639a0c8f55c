import type { AppContext } from '../../shared/app/context';

/** Where a command writes: stdout for results (one JSON object a line with --json), stderr for the rest. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** stderr when it is a terminal: progress is drawn there as a bar (otherwise plain lines through err). */
  errTty?: NodeJS.WritableStream;
}

/** The options every command may read (node:util parseArgs, strict). */
export const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  now: { type: 'string' },
  json: { type: 'boolean' },
  institution: { type: 'string' },
  'ending-before': { type: 'string' },
  end: { type: 'string' },
  'year-end': { type: 'boolean' },
  undeliverable: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  reason: { type: 'string' },
  html: { type: 'string' },
  link: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  confirm: { type: 'boolean' },
  rollback: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionValues = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** What a command is given before any service starts. */
export interface CommandInput {
  /** Positionals after the command's own words. */
  args: string[];
  values: OptionValues;
  now: Date;
  io: Io;
  json: boolean;
  /** The data dir as given (not resolved), for commands that only read files there. */
  dataDir: string;
}

/** What a command that uses the store is given: the same use cases the Lambdas run. */
export interface CommandContext extends CommandInput {
  ctx: AppContext;
}

export interface CliCommand {
  /** The words that name it: `ingest`, `accounts list`. */
  name: string;
  /** Its line(s) in the usage text, after the name. */
  usage: string;
  /** Argument mistakes are answered here, before any service starts. */
  check?(input: CommandInput): void;
  /** A command that only reads files of the data dir (no store is opened). */
  run?(input: CommandInput): Promise<number>;
  /** A command that works on the store. */
  runWithContext?(c: CommandContext): Promise<number>;
}
