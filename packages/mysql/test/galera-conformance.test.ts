import { runConformanceSuite } from '@athanor/testing';
import { describe, inject, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';

// The conformance suite against one node of the Galera cluster (test/galera-setup.ts): Core,
// DML and the ORM's unit of work as they run on a multi-primary node, ids at a step of 3.
const target = inject('galera');

if ('unavailable' in target) {
  describe('conformance on a Galera node', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
} else {
  runConformanceSuite({
    dialect: mysqlDialect,
    url: target.urls[1] as string,
    label: 'mysql, Galera node 2',
    // The fuzz properties run in full in conformance.test.ts; here a share.
    fuzzScale: 0.2,
    multiPrimary: true,
  });
}
