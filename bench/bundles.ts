import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS, FUNCTION_ENTRIES } from '../infra/bundling';
import { nodeRuntimes } from '../test/support/node-runtimes';
import { percentile } from './stats';

/** Issue 11: the inbound function's median fresh import, SDK clients bundled, under each runtime. */
const INBOUND_IMPORT_TARGET_MS = 200;

/**
 * Each function bundle's minified size and its fresh-process import time, built with the
 * deployed settings (infra/bundling.ts: the AWS SDK clients bundled), under the machine's Node 20
 * and Node 22 (the Lambda runtime's major). The bundles are written inside the repository so
 * anything left external would resolve from node_modules, as it would from the Lambda runtime.
 *
 * Runs are interleaved (every bundle on every runtime once, then again…) with an empty module as
 * a baseline per runtime, so a busy moment on the machine weighs on every figure alike and shows
 * in the baseline.
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

function importMs(node: string, file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(node, ['--input-type=module', '-e', script], {
    env: {
      ...process.env,
      AWS_REGION: 'eu-west-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  return Number(out.toString());
}

const round1 = (n: number) => Number(n.toFixed(1));

export async function benchBundles(runs = 15): Promise<Record<string, unknown>> {
  const folder = join(process.cwd(), '.bench-bundles');
  mkdirSync(folder, { recursive: true });
  try {
    const runtimes = nodeRuntimes();
    const bundles = [];
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
      const times = Object.fromEntries(runtimes.map((r) => [r.label, [] as number[]]));
      bundles.push({ name, ...(await bundle(folder, name, entry)), times });
    }
    const empty = join(folder, 'empty.mjs');
    writeFileSync(empty, '');
    const baseline = Object.fromEntries(runtimes.map((r) => [r.label, [] as number[]]));
    for (let run = 0; run < runs; run++) {
      for (const runtime of runtimes) {
        baseline[runtime.label]!.push(importMs(runtime.binary, empty));
        for (const b of bundles) b.times[runtime.label]!.push(importMs(runtime.binary, b.file));
      }
    }
    const results = bundles.map((b) => ({
      function: b.name,
      minifiedKiB: round1(b.bytes / 1024),
      ...Object.fromEntries(
        runtimes.map((r) => [
          r.label,
          {
            importMsMedian: round1(percentile(b.times[r.label]!, 50)),
            importMsMin: round1(Math.min(...b.times[r.label]!)),
          },
        ]),
      ),
    }));
    const inbound = bundles.find((b) => b.name === 'InboundMailFunction')!;
    return {
      name: 'function-bundles',
      awsCalls: 'AWS SDK v3 clients, bundled (infra/bundling.ts)',
      runs,
      runtimes: Object.fromEntries(runtimes.map((r) => [r.label, r.version])),
      emptyModuleImportMsMedian: Object.fromEntries(
        runtimes.map((r) => [r.label, round1(percentile(baseline[r.label]!, 50))]),
      ),
      results,
      inboundImportTargetMs: INBOUND_IMPORT_TARGET_MS,
      inboundTargetMet: runtimes.every(
        (r) => percentile(inbound.times[r.label]!, 50) <= INBOUND_IMPORT_TARGET_MS,
      ),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
