import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

// Limits that end a hung run, never a slow one: see vitest.shared.ts.
export default defineConfig({
  test: {
    ...hangLimits,
    // A private MariaDB numbering rows at a step of 3, for test/auto-increment-step.test.ts.
    globalSetup: ['test/step-server-setup.ts'],
  },
});
