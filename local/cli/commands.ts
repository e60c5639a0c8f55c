import type { AppContext } from '../../shared/app/context';
import type { JobName } from '../../shared/schedules';
import type { Io } from './main';

export interface CommandContext {
  ctx: AppContext;
  now: Date;
  io: Io;
  json: boolean;
  args: string[];
  values: Record<string, string | boolean | undefined>;
  dataDir: string;
  job?: JobName;
}

/** Commands that run the Lambdas' use cases (ingest, run, preview, status). */
export const CLI_COMMANDS: Record<string, (c: CommandContext) => Promise<number>> = {};
