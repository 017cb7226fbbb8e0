import { func, select } from '@athanor/core';
import { runReplicaCooldownSuite } from '@athanor/testing';
import { inject } from 'vitest';
import { postgresDialect } from '../src/index.js';

// The cool-down of a replica that cannot be reached, with the hot standby started by
// test/replica-setup.ts as the replica that comes back: the suite MariaDB runs too.
const target = inject('replication');

runReplicaCooldownSuite({
  dialect: postgresDialect,
  primaryUrl: target.unavailable === undefined ? target.primaryUrl : 'postgresql://x:1/n',
  replicaUrl: target.unavailable === undefined ? target.replicaUrl : 'postgresql://x:1/n',
  onReplica: select(func.call<boolean>('pg_is_in_recovery')),
  unavailable: target.unavailable,
});
