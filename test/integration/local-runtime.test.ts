import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../local/cli/main';
import { freePort } from '../../local/dynamodb-local';

/** `npm start` on moved ports (ALMA_*_PORT): links, Alma calls, probes and status sources follow them. */
let runtime: ChildProcess;
let dataDir: string;
const ports: Record<string, number> = {};
let output = '';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data-dir', dataDir, ...args], {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'alma-runtime-'));
  for (const name of ['DYNAMODB', 'SES', 'SMTP', 'WEB', 'REPLAY', 'STANDIN']) ports[name] = await freePort();
  runtime = spawn(process.execPath, ['bin/local-start.js'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ALMA_DATA_DIR: dataDir,
      ALMA_CONFIG: 'config/local.json',
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [`ALMA_${name}_PORT`, String(port)])),
    },
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the runtime did not start:\n${output}`)), 50_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('local runtime is up')) {
        clearTimeout(timer);
        ready();
      }
    };
    runtime.stdout!.on('data', read);
    runtime.stderr!.on('data', read);
    runtime.once('exit', (code) => fail(new Error(`the runtime exited (${code}):\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (runtime && runtime.exitCode === null) {
    const exited = new Promise((done) => runtime.once('exit', done));
    runtime.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local runtime on moved ports', () => {
  it('checks the status of every target at the ports it listens on, none unknown or down', async () => {
    // Act: one status check as the scheduler runs it, through the CLI on the runtime's data dir.
    const run = await cli('run', 'status-check', '--now', new Date().toISOString(), '--json');
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    // Assess: the Ex Libris environment read from the replay, both libraries probed at the stand-in.
    const report = JSON.parse(run.out[0]!);
    expect(report.verdicts).toEqual({
      'env:Alma EU02 - Production': 'operational',
      'inst:LIB-A': 'operational',
      'inst:LIB-B': 'operational',
    });
  });

  it('puts the moved web port in the links it mails and serves them there', async () => {
    const link = await cli('status', '--link');
    expect(link.code).toBe(0);
    const url = link.out.join('\n').match(/http:\/\/127\.0\.0\.1:\d+\/status\S*/)?.[0];
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.WEB}/status`));
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    const info = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8'));
    expect(info.movedOrigins).toEqual({
      'http://127.0.0.1:8788': `http://127.0.0.1:${ports.WEB}`,
      'http://127.0.0.1:8790': `http://127.0.0.1:${ports.REPLAY}`,
      'http://127.0.0.1:8791': `http://127.0.0.1:${ports.STANDIN}`,
    });
  });
});
