import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e tests start the server and Chromium; keep files parallel but bounded on 2 cores.
    maxWorkers: 2,
  },
});
