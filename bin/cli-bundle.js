// The CLI's TypeScript sources bundled by esbuild, as the Lambdas are: a plain ESM file that
// starts in a fraction of the time and memory tsx needs (tsx compiles every module on a loader
// thread of its own: 190 MB resident before the CLI does anything). Rebuilt when a source or the
// installed packages changed since the last build.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules', '.cache', 'alma-accounts');
const bundleFile = join(cacheDir, 'cli.mjs');
const inputsFile = join(cacheDir, 'cli-inputs.json');
/** npm rewrites it on every install: a change of packages means a new bundle. */
const installed = 'node_modules/.package-lock.json';

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

function fresh() {
  const built = mtime(bundleFile);
  if (!Number.isFinite(built)) return false;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  return [installed, 'bin/cli-bundle.js', ...inputs].every((file) => mtime(join(root, file)) <= built);
}

/**
 * Each of our modules keeps its own import.meta.url (local/dynamodb-local.ts finds local/java by
 * it), as under tsx; esbuild would otherwise give every module the bundle's URL. It is written
 * relative to the bundle, so a checkout moved or copied elsewhere keeps a bundle that works there.
 */
const ownUrls = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(relative(cacheDir, args.path))}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  // The bundle is dated when the build began: a source saved while it ran makes the next run build again.
  const began = new Date();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['local/cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundleFile,
    // node --enable-source-maps bin/alma-accounts.js … maps stack traces back to the sources.
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [ownUrls],
    // Bundled CommonJS packages call require().
    banner: {
      js: "import { createRequire as __alma_cr } from 'node:module'; const require = __alma_cr(import.meta.url);",
    },
  });
  // Another CLI started at the same time finished first: keep its bundle.
  if (fresh()) return;
  const ours = Object.keys(result.metafile.inputs).filter((file) => !file.includes('node_modules'));
  // Written beside, then renamed, the bundle last: CLIs started at the same time never load half a file.
  const files = [
    { path: inputsFile, contents: JSON.stringify(ours) },
    ...result.outputFiles.sort((a, b) => (a.path === bundleFile) - (b.path === bundleFile)),
  ];
  for (const { path, contents } of files) {
    writeFileSync(`${path}.${process.pid}.tmp`, contents);
    utimesSync(`${path}.${process.pid}.tmp`, began, began);
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
}

/** The URL to import the CLI from: the bundle, built first when needed, or null (no esbuild: use tsx). */
export async function cliBundle() {
  if (fresh()) return pathToFileURL(bundleFile).href;
  try {
    await build();
    return pathToFileURL(bundleFile).href;
  } catch {
    return null;
  }
}
