import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{shared,main,renderer,lint,security,packaging,boot}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Budgets for waiting on real sockets and processes, not speed targets (those are benchmarks):
    // on a loaded 2-core machine a hello round trip took over expect.poll's 1 s default.
    expect: { poll: { timeout: 10_000 } },
  },
});
