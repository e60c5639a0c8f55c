import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs infra/app.ts as `cdk synth` would, with the given `-c key=value` context. */
function runApp(
  context: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
    env: {
      ...process.env,
      ...env,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-')),
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

// Each case starts tsx and the CDK app: tens of seconds on a loaded machine.
describe.concurrent('infra/app.ts', { timeout: 120_000 }, () => {
  it('prints every problem of a bad config file and exits 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'alma-config-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ mailbox: 'not-an-address', institutions: [], extra: 1 }));

    const result = await runApp({ config: file });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: 4 problem(s)`);
    for (const path of ['mailbox:', 'helpdesk:', 'institutions:', '(root): Unrecognized key']) {
      expect(result.stderr).toContain(path);
    }
  });

  it('refuses to synthesize without a region, saying how to give one', async () => {
    // What the cdk CLI passes when nothing names a region: its own fallback, us-east-1.
    const noRegion = { CDK_DEFAULT_REGION: 'us-east-1', AWS_REGION: '', AWS_DEFAULT_REGION: '' };
    const result = await runApp({ stage: 'test' }, noRegion);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no region: set AWS_REGION');
  });

  it('refuses an unknown stage', async () => {
    const result = await runApp({ stage: 'prod' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('stage: "prod" is not one of test, production');
  });
});
