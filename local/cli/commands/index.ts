import type { CliCommand } from '../command';
import { ACCOUNT_COMMANDS } from './accounts';
import { ALMA_COMMANDS } from './alma';
import { JOB_COMMANDS } from './jobs';
import { MAIL_COMMANDS } from './mail';
import { PASSWORD_COMMANDS } from './passwords';
import { PORTAL_COMMANDS } from './portal';
import { STATUS_COMMANDS } from './status';
import { TRANSFER_COMMANDS } from './transfer';

/** Every command of `alma-accounts`, in the order the usage text lists them. */
export const COMMANDS: readonly CliCommand[] = [
  ...ACCOUNT_COMMANDS,
  ...ALMA_COMMANDS,
  ...TRANSFER_COMMANDS,
  ...MAIL_COMMANDS,
  ...JOB_COMMANDS,
  ...PASSWORD_COMMANDS,
  ...STATUS_COMMANDS,
  ...PORTAL_COMMANDS,
];

/** The command named by the first words of the positionals (longest name first), and the rest. */
export function findCommand(positionals: string[]): { command: CliCommand; args: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, args: positionals.slice(words) };
  }
  return undefined;
}
