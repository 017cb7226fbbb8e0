import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs every public package once per run, for all the test files.
    globalSetup: ['test/global-setup.ts'],
    // npm installs, a native addon compiled from source, tsc runs: minutes, not seconds; the
    // limits end a hung run, never a slow one (see vitest.shared.ts).
    ...hangLimits,
  },
});
