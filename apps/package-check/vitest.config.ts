import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs every public package once per run, for all the test files.
    globalSetup: ['test/global-setup.ts'],
    // npm installs, a native addon compiled from source, tsc runs: minutes, not seconds. The
    // same limits as vitest.shared.ts, written out: this file is type-checked with the package
    // (test/tsconfig.json), whose rootDir cannot reach a file of the repository's root.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
