// Test runner configuration: unit, integration (dynalite + aws-ses-v2-local), infra and docs tests run in `npm test`;
// browser tests (tests/e2e) need Debian's chromium and run only through `npm run test:e2e`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/infra/**/*.test.ts',
      'tests/docs/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Commands the tests spawn through tsx would otherwise leave its cache (tsx-UID) in the system temp dir.
      TSX_DISABLE_CACHE: '1',
    },
  },
});
