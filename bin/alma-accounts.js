#!/usr/bin/env node
// The CLI runs the TypeScript sources bundled by esbuild as the Lambdas are (bin/cli-bundle.js),
// or through tsx when esbuild is not installed: the same code either way.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { cliBundle } = await import('./cli-bundle.js');
const bundle = await cliBundle();
if (!bundle) (await import('tsx/esm/api')).register();
const { main } = await import(bundle ?? '../local/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
