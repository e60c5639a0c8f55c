import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';

/** Whether something still listens on the port. */
const listening = (port: number) =>
  new Promise<boolean>((answer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });

describe('a DynamoDB Local the CLI or the runtime started', () => {
  it('ends when the process that started it is killed (SIGKILL: no handler runs)', async () => {
    // Prepare: a Node process that starts DynamoDB Local as the CLI does, then waits.
    const owner = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const { startDynamoDbLocal } = await import('./local/dynamodb-local.ts'); const d = await startDynamoDbLocal(); console.log('port', d.port); setInterval(() => {}, 1000);",
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const port = await new Promise<number>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`no port: ${output}`)), 40_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /port (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          ready(Number(match[1]));
        }
      };
      owner.stdout.on('data', read);
      owner.stderr.on('data', read);
    });
    expect(await listening(port)).toBe(true);
    // Act: the owner dies the way an out-of-memory or killed CLI does.
    const exited = new Promise((done) => owner.once('exit', done));
    owner.kill('SIGKILL');
    await exited;
    // Assess: DynamoDB Local (a Java process of ~190 MB) follows within seconds.
    const deadline = Date.now() + 10_000;
    while ((await listening(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await listening(port)).toBe(false);
  }, 60_000);
});
