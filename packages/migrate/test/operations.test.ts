import {
  Column,
  createEngine,
  type Engine,
  type Executable,
  Integer,
  inspect,
  String as SqlString,
} from '@athanor/core';
import { sqliteDialect } from '@athanor/sqlite';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type MigrationContext, Operations } from '../src/index.js';

describe('Operations on SQLite', () => {
  let engine: Engine;
  beforeEach(() => {
    engine = createEngine('sqlite://', { dialect: sqliteDialect });
  });
  afterEach(() => engine.dispose());

  test('createTable and dropTable run on the connection', async () => {
    await engine.begin(async (connection) => {
      const context: MigrationContext = {
        dialect: connection.dialect,
        mode: 'online',
        connection,
        emit: async (statement: Executable | string) => {
          await connection.execute(statement as Executable);
        },
      };
      const op = new Operations(context);
      await op.createTable('accounts', {
        id: new Column(Integer, { primaryKey: true }),
        name: new Column(SqlString(50), { nullable: false }),
      });
      expect(await inspect(connection).getTableNames()).toEqual(['accounts']);
      await op.dropTable('accounts');
      expect(await inspect(connection).getTableNames()).toEqual([]);
    });
  });
});
