// `npm run test:workers`: the console in workerd over real HTTP. One wrangler dev for all files.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/workers/**/*.test.ts', 'test/workers/**/*.e2e.ts'],
    globalSetup: ['test/workers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
