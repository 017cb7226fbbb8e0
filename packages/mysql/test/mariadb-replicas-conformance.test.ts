import { runConformanceSuite } from '@athanor/testing';
import { afterAll, describe, inject, it } from 'vitest';
import { CausalReplicaDialect } from './causal-replica-dialect.js';

// The whole conformance suite again, on an engine whose plain reads go to a MariaDB replica
// (started by test/mariadb-replica-setup.ts). MariaDB replicates asynchronously, so the reads
// on the replica first wait for it to apply what the primary has committed (see
// causal-replica-dialect.ts): the suite's read-after-commit checks then hold on the replica.
const target = inject('mariadbReplication');

if (target.unavailable === undefined) {
  const dialect = new CausalReplicaDialect(target.primaryUrl, target.replicaUrl);
  afterAll(() => dialect.end());
  runConformanceSuite({
    dialect,
    url: target.primaryUrl,
    label: 'mariadb with a read replica (GTID, causal reads)',
    // The fuzz properties run in full in conformance.test.ts; here a share.
    fuzzScale: 0.2,
    engineOptions: { replicas: [target.replicaUrl] },
  });
} else {
  describe('conformance: mariadb with a read replica', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
}
