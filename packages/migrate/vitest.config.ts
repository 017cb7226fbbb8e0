import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

export default defineConfig({
  test: { ...hangLimits },
});
