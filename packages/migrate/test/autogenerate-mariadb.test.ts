import { mysqlDialect } from '@athanor/mysql';
import { describeAutogenerate } from './autogenerate-suite.js';

describeAutogenerate({
  name: 'mariadb',
  dialect: mysqlDialect,
  url: process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  envVar: 'ATHANOR_MYSQL_URL',
});
