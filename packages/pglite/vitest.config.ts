import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Starting PostgreSQL in WebAssembly takes PGlite from half a second to a few seconds per
// database (more than 30 on a busy machine), and some tests start several: the limits end a
// hung run, never a slow one (see vitest.shared.ts).
export default defineConfig({
  test: { ...hangLimits },
});
