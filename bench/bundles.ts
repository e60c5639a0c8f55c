import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS, FUNCTION_ENTRIES } from '../infra/bundling';

/**
 * Issue 3: each function bundle's minified size and its fresh-process import time, built with
 * the deployed settings (infra/bundling.ts). The bundles are written inside the repository so
 * anything left external resolves from node_modules, as it would from the Lambda runtime. Target for the
 * inbound function: ≤ 300 KiB and ≤ 60 ms.
 */
async function measure(folder: string, name: string, entry: string, external: string[], runs: number) {
  const outfile = join(folder, `${name}.mjs`);
  const result = await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external,
    entryPoints: [entry],
    outfile,
    write: false,
  });
  const code = result.outputFiles![0]!.contents;
  writeFileSync(outfile, code);
  const script = `const t = performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        ...process.env,
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    times.push(Number(out.toString()));
  }
  times.sort((a, b) => a - b);
  return {
    function: name,
    minifiedKiB: Number((code.length / 1024).toFixed(1)),
    importMsMedian: Number(times[Math.floor(times.length / 2)]!.toFixed(1)),
  };
}

export async function benchBundles(runs = 7): Promise<Record<string, unknown>> {
  const folder = join(process.cwd(), '.bench-bundles');
  mkdirSync(folder, { recursive: true });
  try {
    const results = [];
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
      results.push(await measure(folder, name, entry, [...ESBUILD_OPTIONS.external], runs));
    }
    const inbound = results[0]!;
    return {
      name: 'function-bundles',
      // No SDK clients: SigV4 over node:https (shared/adapters/aws); only @aws-sdk/util-dynamodb is bundled.
      awsCalls: 'shared/adapters/aws (SigV4 over node:https)',
      results,
      inboundTargetMet: inbound.minifiedKiB <= 300 && inbound.importMsMedian <= 60,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
