import { makeUrl } from '@athanor/core';
import { runConformanceSuite } from '@athanor/testing';
import { describe, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// The whole conformance suite again, through PgBouncer in transaction pooling mode (started by
// test/pgbouncer-setup.ts, its pool smaller than the suite's connections), with prepare=false.
const target = inject('pgbouncer');

if (target.unavailable === undefined) {
  runConformanceSuite({
    dialect: postgresDialect,
    url: makeUrl(target.url)
      .updateQuery({ prepare: 'false' })
      .renderAsString({ hidePassword: false }),
    label: 'postgresql behind PgBouncer (transaction pooling, prepare=false)',
    behindTransactionPooler: true,
    // The same database as conformance.test.ts, fuzzed there in full.
    fuzzScale: 0.2,
  });
} else {
  describe('conformance: postgresql behind PgBouncer', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
}
