import { createEngine, text } from '@athanor/core';
import { runConformanceSuite } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';
import { type PrivateMariadb, startPrivateMariadb } from './private-mariadb.js';
import { WithoutReturningDialect } from './without-returning-dialect.js';

// A server that numbers rows 2, 5, 8, ... as one of three primaries does (and Galera, per node).
// The conformance suite runs against it: with RETURNING (MariaDB 10.5+) and as on a server
// without it (the first id and the step). Point ATHANOR_MYSQL_STEP_URL at such a server to use
// it instead of starting one.
const envVar = 'ATHANOR_MYSQL_STEP_URL';
const serverArgs = [
  '--auto-increment-increment=3',
  '--auto-increment-offset=2',
  '--innodb-autoinc-lock-mode=1',
];
const url = process.env[envVar] ?? 'mysql://root@127.0.0.1:3417/test';

let server: PrivateMariadb | undefined;
let unavailable: string | undefined;
beforeAll(async () => {
  if (process.env[envVar]) return;
  const started = await startPrivateMariadb({ port: 3417, serverArgs });
  if (typeof started === 'string') {
    unavailable = started;
    const message = `cannot start a MariaDB with ${serverArgs.join(' ')}: ${started}; set ${envVar} to point at one`;
    if (process.env.CI === 'true') throw new Error(`${message}. Under CI=true this fails.`);
    console.warn(`SKIPPING the auto_increment_increment tests: ${message}.`);
    return;
  }
  server = started;
}, 300_000);
afterAll(() => server?.stop(), 120_000);

describe('a server with auto_increment_increment=3', () => {
  it('numbers the rows of one INSERT at a step of 3', async (context) => {
    if (unavailable) context.skip(unavailable);
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

runConformanceSuite({ dialect: mysqlDialect, url, label: 'mysql, auto_increment_increment=3' });
runConformanceSuite({
  dialect: new WithoutReturningDialect(),
  url,
  label: 'mysql without RETURNING, auto_increment_increment=3',
});
