import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Limits that end a hung run, never a slow one: see vitest.shared.ts. The compile cases of
// @athanor/testing, run here for generic SQL, import `@athanor/core`: this source, not a build.
export default defineConfig({
  resolve: {
    // The subpath first: an alias matches every import its name begins.
    alias: {
      '@athanor/core/dialect': fileURLToPath(new URL('./src/dialect/index.ts', import.meta.url)),
      '@athanor/core': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: { ...hangLimits },
});
