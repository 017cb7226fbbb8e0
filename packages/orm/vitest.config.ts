import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { hangLimits } from '../../vitest.shared.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const onServers = [
  'test/relationships/**/*.test.ts',
  'test/events/**/*.test.ts',
  'test/inheritance/**/*.test.ts',
];

// The ORM's behaviour tests (test/relationships, test/events) run on SQLite in memory and on the PostgreSQL
// and MariaDB servers, one project each (`vitest run --project sqlite` runs only the first);
// `provide` tells test/relationships/database.ts which. The type tests run once, with SQLite.
// The dialects and the relationship models of @athanor/testing are read from their sources,
// not as packages: they depend on the ORM's build (the conformance suite runs ORM tests), so a
// dependency of the ORM on them would make a build cycle. Their drivers (pg, mysql2) resolve
// from the dialects' own folders. `@athanor/orm` resolves to the sources here too, so that the
// models and the tests share one ORM. test/tsconfig.json maps the same names for the type checker.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@athanor\/orm$/, replacement: here('./src/index.ts') },
      { find: /^@athanor\/sqlite$/, replacement: here('../sqlite/src/index.ts') },
      { find: /^@athanor\/postgres$/, replacement: here('../postgres/src/index.ts') },
      { find: /^@athanor\/mysql$/, replacement: here('../mysql/src/index.ts') },
    ],
  },
  // Limits that end a hung run, never a slow one: see vitest.shared.ts.
  test: {
    ...hangLimits,
    projects: [
      { extends: true, test: { name: 'sqlite', provide: { database: 'sqlite' } } },
      {
        extends: true,
        test: { name: 'postgresql', include: onServers, provide: { database: 'postgresql' } },
      },
      {
        extends: true,
        test: { name: 'mariadb', include: onServers, provide: { database: 'mariadb' } },
      },
    ],
  },
});
