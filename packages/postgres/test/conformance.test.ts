import { runConformanceSuite } from '@athanor/testing';
import { postgresDialect } from '../src/index.js';

runConformanceSuite({
  dialect: postgresDialect,
  url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
});
