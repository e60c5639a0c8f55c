/**
 * How every function is bundled, in one place: the CDK function construct and the bundle
 * benchmark (bench/bundles.ts) both read it, so the measured bundle is the deployed one.
 */

/** ESM bundles have no `require`; some dependencies still call it for Node built-ins. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __almaCreateRequire } from 'node:module'; const require = __almaCreateRequire(import.meta.url);";

/** Nothing is left to the runtime: the AWS SDK is bundled (see the function construct for why). */
export const BUNDLE_EXTERNALS: readonly string[] = [];

/** The esbuild options NodejsFunction uses with the construct's settings. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  external: [...BUNDLE_EXTERNALS],
  banner: { js: CREATE_REQUIRE_BANNER },
} as const;

/** Every Lambda entry, by construct id. */
export const FUNCTION_ENTRIES = {
  InboundMailFunction: 'functions/inbound-mail/handler.ts',
  NoticesFunction: 'functions/notices/handler.ts',
  StatusCheckFunction: 'functions/status-check/handler.ts',
  DecisionPageFunction: 'functions/decision-page/handler.ts',
} as const;
