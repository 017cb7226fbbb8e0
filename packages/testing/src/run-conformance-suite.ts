import { afterAll, beforeAll, describe } from 'vitest';
import { type ConformanceOptions, Harness } from './harness.js';
import { alterSuite } from './suites/alter-suite.js';
import { badInputSuite } from './suites/bad-input-suite.js';
import { customTypesSuite } from './suites/custom-types-suite.js';
import { ddlSuite } from './suites/ddl-suite.js';
import { decimalCompareSuite } from './suites/decimal-compare-suite.js';
import { dmlSuite } from './suites/dml-suite.js';
import { engineSuite } from './suites/engine-suite.js';
import { errorsSuite } from './suites/errors-suite.js';
import { eventsSuite } from './suites/events-suite.js';
import { faultsSuite } from './suites/faults-suite.js';
import { fuzzSuite } from './suites/fuzz-suite.js';
import { identifiersSuite } from './suites/identifiers-suite.js';
import { literalBindsSuite } from './suites/literal-binds-suite.js';
import { namesFuzzSuite } from './suites/names-fuzz-suite.js';
import { nulCharacterSuite } from './suites/nul-character-suite.js';
import { ormSuite } from './suites/orm-suite.js';
import { poolSuite } from './suites/pool-suite.js';
import { reflectionSuite } from './suites/reflection-suite.js';
import { relationshipsSuite } from './suites/relationships/index.js';
import { resultsSuite } from './suites/results-suite.js';
import { retrySuite } from './suites/retry-suite.js';
import { rowcountSuite } from './suites/rowcount-suite.js';
import { selectSuite } from './suites/select-suite.js';
import { sqlDepthSuite } from './suites/sql-depth-suite.js';
import { streamingSuite } from './suites/streaming-suite.js';
import { textSuite } from './suites/text-suite.js';
import { timeoutsSuite } from './suites/timeouts-suite.js';
import { transactionsSuite } from './suites/transactions-suite.js';
import { typesSuite } from './suites/types-suite.js';
import { valuesSuite } from './suites/values-suite.js';

/**
 * Registers the whole conformance suite for one dialect and database. Call it from a vitest
 * test file in the dialect's package:
 *
 * ```ts
 * import { runConformanceSuite } from '@athanor/testing';
 * import { postgresDialect } from '../src/index.js';
 *
 * runConformanceSuite({
 *   dialect: postgresDialect,
 *   url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
 * });
 * ```
 *
 * Tests skip what the dialect's capabilities say it cannot do, and print why. When the
 * database cannot be reached, every test skips with a loud message, except under `CI=true`,
 * where that is a failure.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const h = new Harness(options);
  describe(`conformance: ${h.label}`, () => {
    beforeAll(() => h.connect());
    afterAll(() => h.finish());

    engineSuite(h);
    badInputSuite(h);
    textSuite(h);
    literalBindsSuite(h);
    resultsSuite(h);
    rowcountSuite(h);
    streamingSuite(h);
    transactionsSuite(h);
    retrySuite(h);
    errorsSuite(h);
    poolSuite(h);
    eventsSuite(h);
    timeoutsSuite(h);
    faultsSuite(h);
    ddlSuite(h);
    alterSuite(h);
    identifiersSuite(h);
    selectSuite(h);
    sqlDepthSuite(h);
    dmlSuite(h);
    typesSuite(h);
    customTypesSuite(h);
    decimalCompareSuite(h);
    nulCharacterSuite(h);
    valuesSuite(h);
    reflectionSuite(h);
    ormSuite(h);
    relationshipsSuite(h);
    fuzzSuite(h);
    namesFuzzSuite(h);
  });
}
