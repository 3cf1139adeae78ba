import { defineConfig } from 'vitest/config';

// Browser tests: headless Debian Chromium (playwright-core, executablePath) against the
// BUILT app served by the real sync server. `npm test` builds before running these.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the machines have 2 cores.
    fileParallelism: false,
  },
});
