import { createEngine, text } from '@athanor/core';
import { runConformanceSuite } from '@athanor/testing';
import { describe, expect, inject, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';
import { WithoutReturningDialect } from './without-returning-dialect.js';

// A server that numbers rows 2, 5, 8, ... (started by test/step-server-setup.ts, or pointed at
// with ATHANOR_MYSQL_STEP_URL). The conformance suite runs against it: with RETURNING (MariaDB
// 10.5+) and as on a server without it (the first id and the step).
const target = inject('stepServer');

if ('unavailable' in target) {
  describe('a server with auto_increment_increment=3', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
} else {
  const { url } = target;
  describe('a server with auto_increment_increment=3', () => {
    it('numbers the rows of one INSERT at a step of 3', async () => {
      const engine = createEngine(url, { dialect: mysqlDialect });
      try {
        const row = (
          await engine.execute(
            text('SELECT @@auto_increment_increment AS step, @@innodb_autoinc_lock_mode AS mode'),
          )
        ).one();
        // Otherwise the suites below would not test what they are here for.
        expect([Number(row.step), Number(row.mode)]).toEqual([3, 1]);
      } finally {
        await engine.dispose();
      }
    });
  });

  // The fuzz properties run in full in conformance.test.ts; here a share (see fuzzScale).
  runConformanceSuite({
    dialect: mysqlDialect,
    url,
    label: 'mysql, auto_increment_increment=3',
    fuzzScale: 0.2,
  });
  runConformanceSuite({
    dialect: new WithoutReturningDialect(),
    url,
    label: 'mysql without RETURNING, auto_increment_increment=3',
    fuzzScale: 0.2,
  });
}
