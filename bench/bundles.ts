import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS, FUNCTION_ENTRIES } from '../infra/bundling';
import { percentile } from './stats';

/**
 * Issue 3: each function bundle's minified size and its fresh-process import time, built with
 * the deployed settings (infra/bundling.ts). The bundles are written inside the repository so
 * anything left external resolves from node_modules, as it would from the Lambda runtime. Target for the
 * inbound function: ≤ 300 KiB and ≤ 60 ms.
 *
 * Runs are interleaved (every bundle once, then again…) with an empty module as a baseline, so
 * a busy moment on the machine weighs on every figure alike and shows in the baseline.
 */
async function bundle(folder: string, name: string, entry: string): Promise<{ file: string; bytes: number }> {
  const file = join(folder, `${name}.mjs`);
  const result = await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    entryPoints: [entry],
    outfile: file,
    write: false,
  });
  const code = result.outputFiles![0]!.contents;
  writeFileSync(file, code);
  return { file, bytes: code.length };
}

function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, AWS_REGION: 'eu-west-1' },
  });
  return Number(out.toString());
}

export async function benchBundles(runs = 15): Promise<Record<string, unknown>> {
  const folder = join(process.cwd(), '.bench-bundles');
  mkdirSync(folder, { recursive: true });
  try {
    const bundles = [];
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
      bundles.push({ name, ...(await bundle(folder, name, entry)), times: [] as number[] });
    }
    const empty = join(folder, 'empty.mjs');
    writeFileSync(empty, '');
    const baseline: number[] = [];
    for (let run = 0; run < runs; run++) {
      baseline.push(importMs(empty));
      for (const b of bundles) b.times.push(importMs(b.file));
    }
    const results = bundles.map((b) => ({
      function: b.name,
      minifiedKiB: Number((b.bytes / 1024).toFixed(1)),
      importMsMedian: Number(percentile(b.times, 50).toFixed(1)),
      importMsMin: Number(Math.min(...b.times).toFixed(1)),
    }));
    const inbound = results[0]!;
    return {
      name: 'function-bundles',
      // No SDK clients: SigV4 over node:https (shared/adapters/aws); only @aws-sdk/util-dynamodb is bundled.
      awsCalls: 'shared/adapters/aws (SigV4 over node:https)',
      runs,
      emptyModuleImportMsMedian: Number(percentile(baseline, 50).toFixed(1)),
      results,
      inboundTargetMet: inbound.minifiedKiB <= 300 && inbound.importMsMedian <= 60,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
