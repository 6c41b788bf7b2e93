// `npm run test:e2e` (and the end of `npm test`): the crisis walk-through in headless Chromium
// against the real Node server. One server and one SMTP peer for the suite (global-setup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // Two files side by side (the machine has two cores); tests within a file run in order unless concurrent.
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});
