#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so it is exactly the code the Lambdas bundle.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../local/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
