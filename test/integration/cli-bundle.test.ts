import { execFile } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bundle = 'node_modules/.cache/alma-accounts/cli.mjs';
const builtAt = () => statSync(bundle).mtimeMs;
const help = () => run(process.execPath, ['bin/alma-accounts.js', '--help']);

describe('bin/alma-accounts.js runs the CLI bundled (bin/cli-bundle.js)', () => {
  it('builds the bundle when missing or stale, and reuses it otherwise', async () => {
    expect((await help()).stdout).toMatch(/^alma-accounts — /);
    const first = builtAt();
    await help();
    expect(builtAt()).toBe(first);
    // A source saved after the build (its content unchanged): the next run builds again.
    const source = 'local/cli/main.ts';
    const { atime, mtime } = statSync(source);
    try {
      const later = new Date(Math.max(Date.now(), first + 1_000));
      utimesSync(source, later, later);
      expect((await help()).stdout).toMatch(/^alma-accounts — /);
      expect(builtAt()).toBeGreaterThan(first);
    } finally {
      utimesSync(source, atime, mtime);
    }
  }, 60_000);

  it('names no path of this checkout, so a checkout moved or copied elsewhere keeps a working bundle', async () => {
    await help();
    const code = readFileSync(bundle, 'utf8');
    expect(code).not.toContain(process.cwd());
    // Our modules find their files (local/java, the DynamoDB Local jars) relative to the bundle.
    expect(code).toContain('new URL("../../../local/dynamodb-local.ts", import.meta.url)');
  }, 60_000);
});
