import { runCompileCases } from '@athanor/testing';
import { MysqlDialect, mysqlDialect } from '../src/index.js';

// The SQL MySQL and MariaDB are written, stated per statement in @athanor/testing's compile
// cases. MariaDB is the dialect as it is after connecting to a MariaDB server: no connection is
// needed to make one.
runCompileCases({ dialect: mysqlDialect, expect: 'mysql' });
runCompileCases({
  dialect: new MysqlDialect({ version: [10, 11, 0], mariadb: true }),
  expect: 'mariadb',
});
