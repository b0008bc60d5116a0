import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start real servers on their own databases; two at a time fits a 2-core machine.
    maxWorkers: 2,
    // Live updates are awaited with expect.poll: on a loaded 2-core machine one second is too tight a window.
    expect: { poll: { timeout: 10_000 } },
    env: { NODE_ENV: 'test' },
  },
});
