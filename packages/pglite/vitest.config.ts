import { defineConfig } from 'vitest/config';

// Starting PostgreSQL in WebAssembly takes PGlite from half a second to a few seconds per
// database (more on a busy machine), and some tests start several.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
