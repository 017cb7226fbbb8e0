import { makeUrl } from '@athanor/core';
import { runConformanceSuite } from '@athanor/testing';
import { describe, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// The whole conformance suite again, through PgBouncer in transaction pooling mode (started by
// test/pgbouncer-setup.ts, its pool smaller than the suite's connections), with the pooler
// option: named prepared statements off, and none of the suite's statements refused as
// keeping state in the server session.
const target = inject('pgbouncer');

if (target.unavailable === undefined) {
  runConformanceSuite({
    dialect: postgresDialect,
    url: makeUrl(target.url)
      .updateQuery({ pooler: 'transaction' })
      .renderAsString({ hidePassword: false }),
    label: 'postgresql behind PgBouncer (transaction pooling, pooler=transaction)',
    behindTransactionPooler: true,
    // The same database as conformance.test.ts, fuzzed there in full.
    fuzzScale: 0.2,
  });
} else {
  describe('conformance: postgresql behind PgBouncer', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
}
