import { createPrivateDatabases, runShardingSuite } from '@athanor/testing';
import { mysqlDialect } from '../src/index.js';

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

// Two private databases on the server, named for this run and dropped after.
runShardingSuite({
  dialect: mysqlDialect,
  envVar: 'ATHANOR_MYSQL_URL',
  createDatabases: (count) =>
    createPrivateDatabases({
      server: { dialect: mysqlDialect, url },
      prefix: 'athanor_shard',
      count,
    }),
});
