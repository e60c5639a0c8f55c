import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime';

/** `npm start` on moved ports (ALMA_*_PORT): links, Alma calls, probes and status sources follow them. */
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocalRuntime();
}, 60_000);

afterAll(() => runtime?.stop());

describe('the local runtime on moved ports', () => {
  it('checks the status of every target at the ports it listens on, none unknown or down', async () => {
    // Act: one status check as the scheduler runs it, through the CLI on the runtime's data dir.
    const run = await runtime.cli('run', 'status-check', '--now', new Date().toISOString(), '--json');
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
    const { ports } = runtime;
    const link = await runtime.cli('status', '--link');
    expect(link.code).toBe(0);
    const url = link.out.join('\n').match(/http:\/\/127\.0\.0\.1:\d+\/status\S*/)?.[0];
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.WEB}/status`));
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    const info = JSON.parse(readFileSync(join(runtime.dataDir, 'runtime.json'), 'utf8'));
    expect(info.movedOrigins).toEqual({
      'http://127.0.0.1:8788': `http://127.0.0.1:${ports.WEB}`,
      'http://127.0.0.1:8790': `http://127.0.0.1:${ports.REPLAY}`,
      'http://127.0.0.1:8791': `http://127.0.0.1:${ports.STANDIN}`,
    });
  });
});
