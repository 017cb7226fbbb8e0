import { createPrivateDatabases, runShardingSuite } from '@athanor/testing';
import { postgresDialect } from '../src/index.js';

const url = process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

// Two private databases on the server, named for this run and dropped after.
runShardingSuite({
  dialect: postgresDialect,
  envVar: 'ATHANOR_PG_URL',
  createDatabases: (count) =>
    createPrivateDatabases({
      server: { dialect: postgresDialect, url },
      prefix: 'athanor_shard',
      count,
    }),
});
