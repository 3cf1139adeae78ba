import { defineConfig } from 'vitest/config';

// Unit and cross-part tests (Node). Browser tests against the built app live in
// test/e2e and run with vitest.e2e.config.ts after `npm run build`.
export default defineConfig({
  test: {
    include: ['web/src/**/*.test.ts', 'web/build/**/*.test.ts', 'sync-server/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
