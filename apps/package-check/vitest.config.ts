import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs every public package once per run, for all the test files.
    globalSetup: ['test/global-setup.ts'],
    // npm installs, a native addon compiled from source, tsc runs: minutes, not seconds.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
