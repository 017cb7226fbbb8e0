import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Limits that end a hung run, never a slow one: see vitest.shared.ts.
export default defineConfig({
  test: { ...hangLimits },
});
