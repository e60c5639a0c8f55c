import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../local/cli/main';
import { writeRuntimeInfo } from '../../local/runtime-context';
import { freshTable } from './services';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/**
 * A data dir wired to the test run's DynamoDB Local through runtime.json, the way `npm start`
 * advertises itself, with its own fresh table; `cli()` runs the real CLI in-process.
 */
export async function cliWorkspace(config?: object) {
  const { client, tableName, endpoint } = await freshTable();
  const dataDir = mkdtempSync(join(tmpdir(), 'alma-cli-'));
  writeRuntimeInfo(dataDir, { pid: process.pid, dynamoEndpoint: endpoint, tableName });
  const configPath = join(dataDir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify(
      config ?? JSON.parse((await import('node:fs')).readFileSync('config/example.json', 'utf8')),
    ),
  );
  const cli = async (...args: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--data-dir', dataDir, '--config', configPath, ...args], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out, err };
  };
  /** The real CLI in a child process (bin/alma-accounts.js), for what only a process shows. */
  const spawnCli = (args: string[], env: Record<string, string> = {}) =>
    spawn(
      process.execPath,
      ['bin/alma-accounts.js', '--data-dir', dataDir, '--config', configPath, ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      },
    );
  return { dataDir, configPath, tableName, db: client, cli, spawnCli };
}
