import { runConformanceSuite } from '@athanor/testing';
import { describe, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// The whole conformance suite again, on an engine whose plain reads go to a hot standby (started
// by test/replica-setup.ts). Its sessions commit with synchronous_commit = remote_apply, so each
// commit returns once the standby has applied it: the suite's read-after-commit checks then hold
// on the replica, as they do for an application that configures its primary this way.
const target = inject('replication');

if (target.unavailable === undefined) {
  runConformanceSuite({
    dialect: postgresDialect,
    url: target.primaryUrl,
    label: 'postgresql with a read replica (hot standby, remote_apply)',
    // The fuzz properties run in full in conformance.test.ts; here a share.
    fuzzScale: 0.2,
    engineOptions: {
      replicas: [target.replicaUrl],
      connectArgs: { options: '-c synchronous_commit=remote_apply' },
    },
  });
} else {
  describe('conformance: postgresql with a read replica', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
}
