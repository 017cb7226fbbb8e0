import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The ORM's behaviour tests (test/relationships) run on SQLite in memory, with the relationship
// models of @athanor/testing. Both are read from their sources, not as packages: @athanor/sqlite
// and @athanor/testing depend on the ORM's build (the conformance suite runs ORM tests), so a
// dependency of the ORM on them would make a build cycle. `@athanor/orm` resolves to the
// sources here too, so that the models and the tests share one ORM. test/tsconfig.json maps the
// same names for the type checker.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@athanor\/orm$/, replacement: here('./src/index.ts') },
      { find: /^@athanor\/sqlite$/, replacement: here('../sqlite/src/index.ts') },
    ],
  },
  // Limits that end a hung run, never a slow one: see vitest.shared.ts.
  test: { ...hangLimits },
});
