// Generic SQL (what `String(stmt)` and `stmt.compile()` write), stated per statement in
// @athanor/testing's compile cases. Imported from its source: @athanor/testing depends on core,
// so core cannot depend on it; vitest.config.ts points its `@athanor/core` at this source.
import { runCompileCases } from '../../testing/src/compile-cases/run-compile-cases.js';
import { genericSql } from '../../testing/src/expect-sql.js';

runCompileCases({ dialect: genericSql, expect: 'generic' });
