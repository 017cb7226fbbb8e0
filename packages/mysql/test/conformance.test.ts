import { runConformanceSuite } from '@athanor/testing';
import { mysqlDialect } from '../src/index.js';
import { WithoutReturningDialect } from './without-returning-dialect.js';

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

runConformanceSuite({ dialect: mysqlDialect, url });

// On MariaDB 10.5+, also as on a server without RETURNING (MySQL), which learns inserted keys
// from the first id and the step: that path is covered wherever MariaDB is the test server.
runConformanceSuite({
  dialect: new WithoutReturningDialect(),
  url,
  label: 'mysql without RETURNING',
  // The same database as above, fuzzed there in full.
  fuzzScale: 0.2,
});
