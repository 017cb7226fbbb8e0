import { sqliteDialect } from '@athanor/sqlite';
import { expect, test } from 'vitest';
import { OfflineMigrationContext } from '../src/index.js';

test('an offline comment stays one SQL comment line, whatever line breaks the message holds', () => {
  let script = '';
  const context = new OfflineMigrationContext(sqliteDialect, (text) => {
    script += text;
  });
  context.comment('Running upgrade a1 -> b2, add age\nDROP TABLE users;\r\nx\u2028y');
  const lines = script.split(/\r\n|\r|\n|\u2028|\u2029/).filter((line) => line !== '');
  expect(lines).toEqual(['-- Running upgrade a1 -> b2, add age DROP TABLE users; x y']);
});
