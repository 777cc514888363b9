import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'policy/**/*.test.ts', 'catalog/**/*.test.ts', 'connector/**/*.test.ts', 'examples/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine (decision 0041).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/helpers/dsp-schemas-notice.ts'],
  },
});
