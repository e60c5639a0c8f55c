/**
 * How every function is bundled, in one place: the CDK function construct and the bundle
 * benchmark (bench/bundles.ts) both read it, so the measured bundle is the deployed one.
 */

/** ESM bundles have no `require`; some dependencies still call it for Node built-ins. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __almaCreateRequire } from 'node:module'; const require = __almaCreateRequire(import.meta.url);";

/**
 * Nothing is left to the runtime, the AWS SDK included. Bundled, the functions run the SDK
 * version package-lock.json pins and the tests ran; the runtime's copy changes under us when AWS
 * updates it, and loading it from the runtime's node_modules was slower (661 ms for the inbound
 * function against 157-177 ms bundled, measured with bench/bundles.ts). The price is bundle size.
 */
export const BUNDLE_EXTERNALS: readonly string[] = [];

/** The esbuild options NodejsFunction uses with the construct's settings. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The Lambda runtime (nodejs22.x); the code stays Node 20-compatible for the CLI and the tests.
  target: 'node22',
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
  SesFeedbackFunction: 'functions/ses-feedback/handler.ts',
} as const;
