import { runConformanceSuite } from '@athanor/testing';
import { mysqlDialect } from '../src/index.js';

runConformanceSuite({
  dialect: mysqlDialect,
  url: process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
});
