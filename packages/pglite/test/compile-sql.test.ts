import { runCompileCases } from '@athanor/testing';
import { pgliteDialect } from '../src/index.js';

// PGlite is PostgreSQL: it must write exactly what the postgres dialect writes. Only an error
// message differs, in the dialect it names.
runCompileCases({
  dialect: pgliteDialect,
  expect: 'postgresql',
  label: 'pglite',
  overrides: {
    'ON DUPLICATE KEY UPDATE with the inserted row': {
      error:
        "onDuplicateKeyUpdate() is MySQL's upsert; on pglite use onConflictDoUpdate({ target, set }).",
    },
  },
});
