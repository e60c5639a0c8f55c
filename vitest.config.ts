process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { defineConfig } from 'vitest/config';

/**
 * Three projects, all run by `npm test`: unit (pure, no services: `npm run test:unit`, the quick
 * loop), integration (DynamoDB Local, the local SES, SMTP, the local runtime; started once by the
 * global setup), e2e (Chromium against the local runtime's web server) and the CDK template tests.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Two files at a time, also on two cores (the default leaves one): much of an integration
    // file's time is waiting for DynamoDB Local, Chromium or npm start's runtime.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_DEV: 'false' },
    projects: [
      {
        extends: true,
        // One module graph per worker: the unit files import the same domain code; paying its
        // import once per worker instead of once per file halves the quick loop.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Each file has its own tables and its own SES outbox: files may run side by side.
          setupFiles: ['test/support/ses-per-file.ts'],
        },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
    ],
  },
});
