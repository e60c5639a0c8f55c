import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../local/cli/main';
import { freePort } from '../../local/dynamodb-local';

/** The services `npm start` runs, by the suffix of the ALMA_<NAME>_PORT variable that moves each. */
const SERVICES = ['DYNAMODB', 'SES', 'SMTP', 'WEB', 'REPLAY', 'STANDIN'] as const;
export type LocalService = (typeof SERVICES)[number];

export interface LocalRuntime {
  dataDir: string;
  ports: Record<LocalService, number>;
  /** The real CLI, in-process, on the runtime's data dir (as a user beside `npm start`). */
  cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }>;
  /** Ctrl-C, as a user stops it; the data dir is removed. */
  stop(): Promise<void>;
}

/**
 * The local runtime as `npm start` runs it (bin/local-start.js, config/local.json), on free
 * loopback ports and a fresh data dir; resolves once it says it is up.
 */
export async function startLocalRuntime(): Promise<LocalRuntime> {
  // A free port is only free when it is chosen: another test may bind it before the runtime
  // does. Such a start (EADDRINUSE) is tried again on other ports; any other failure is thrown.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnFreePorts();
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnFreePorts(): Promise<LocalRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'alma-runtime-'));
  const ports = {} as Record<LocalService, number>;
  for (const name of SERVICES) ports[name] = await freePort();
  const child = spawn(process.execPath, ['bin/local-start.js'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ALMA_DATA_DIR: dataDir,
      ALMA_CONFIG: 'config/local.json',
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [`ALMA_${name}_PORT`, String(port)])),
    },
  });
  let output = '';
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`the runtime did not start:\n${output}`)), 50_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('local runtime is up')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the runtime exited (${code}):\n${output}`));
      });
    });
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    dataDir,
    ports,
    async cli(...args) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['--data-dir', dataDir, ...args], {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      return { code, out, err };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
