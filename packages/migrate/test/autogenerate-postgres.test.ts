import { postgresDialect } from '@athanor/postgres';
import { describeAutogenerate } from './autogenerate-suite.js';

describeAutogenerate({
  name: 'postgresql',
  dialect: postgresDialect,
  url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  envVar: 'ATHANOR_PG_URL',
});
