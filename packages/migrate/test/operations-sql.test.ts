import * as sa from '@athanor/core';
import { mysqlDialect } from '@athanor/mysql';
import { postgresDialect } from '@athanor/postgres';
import { sqliteDialect } from '@athanor/sqlite';
import { describe, expect, test } from 'vitest';
import { type MigrationContext, Operations } from '../src/index.js';

/** The SQL `body` writes offline for `dialect` (no database: what `--sql` prints). */
async function offline(dialect: sa.Dialect, body: (op: Operations) => Promise<void>) {
  const written: string[] = [];
  const context: MigrationContext = {
    dialect,
    mode: 'offline',
    connection: null,
    emit: async (statement) => {
      if (!(typeof statement === 'string' || statement instanceof sa.CompilableStatement)) {
        throw new Error('every operation emits SQL text or a compilable statement');
      }
      written.push(
        typeof statement === 'string'
          ? statement
          : statement.compile({ dialect, literalBinds: true }).sql,
      );
    },
  };
  await body(new Operations(context));
  return written;
}

const existing = {
  existingType: sa.String(20),
  existingNullable: false,
  existingServerDefault: 'x',
  existingComment: 'the name',
} as const;

describe('the SQL each operation writes offline, per dialect', () => {
  test('alterColumn: PostgreSQL actions and COMMENT ON; MySQL MODIFY COLUMN with the existing column', async () => {
    const steps = (op: Operations) =>
      op.alterColumn('users', 'name', {
        type: sa.String(50),
        nullable: true,
        comment: 'full name',
        newName: 'full_name',
        ...existing,
      });
    expect(await offline(postgresDialect, steps)).toEqual([
      'ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(50), ALTER COLUMN name DROP NOT NULL',
      "COMMENT ON COLUMN users.name IS 'full name'",
      'ALTER TABLE users RENAME COLUMN name TO full_name',
    ]);
    expect(await offline(mysqlDialect, steps)).toEqual([
      "ALTER TABLE users MODIFY COLUMN name VARCHAR(50) DEFAULT 'x' COMMENT 'full name'",
      'ALTER TABLE users RENAME COLUMN name TO full_name',
    ]);
    // SQLite: the rename is native; the rest needs the table, which offline has not.
    await expect(offline(sqliteDialect, steps)).rejects.toThrow(/batch mode/);
    expect(
      await offline(sqliteDialect, (op) => op.alterColumn('users', 'name', { newName: 'n' })),
    ).toEqual(['ALTER TABLE users RENAME COLUMN name TO n']);
  });

  test('alterColumn with USING on PostgreSQL; refused elsewhere', async () => {
    const steps = (op: Operations) =>
      op.alterColumn('t', 'qty', { type: sa.Integer, using: 'qty::integer', ...existing });
    expect(await offline(postgresDialect, steps)).toEqual([
      'ALTER TABLE t ALTER COLUMN qty TYPE INTEGER USING qty::integer',
    ]);
    await expect(offline(mysqlDialect, steps)).rejects.toThrow(/USING is PostgreSQL's/);
    await expect(offline(sqliteDialect, steps)).rejects.toThrow(/`using` is PostgreSQL's/);
  });

  test('constraints and indexes', async () => {
    const steps = async (op: Operations) => {
      await op.createForeignKey('fk_a_b', 'a', 'b', ['b_id'], ['id'], { onDelete: 'CASCADE' });
      await op.createUniqueConstraint('uq_a_name', 'a', ['name']);
      await op.createCheckConstraint('ck_a_qty', 'a', 'qty >= 0');
      await op.dropConstraint('fk_a_b', 'a', { type: 'foreignkey' });
      await op.dropConstraint('uq_a_name', 'a', { type: 'unique' });
      await op.dropConstraint('ck_a_qty', 'a', { type: 'check' });
      await op.createIndex('ix_a_name', 'a', ['name'], { unique: true });
      await op.dropIndex('ix_a_name', { table: 'a' });
    };
    expect(await offline(postgresDialect, steps)).toEqual([
      'ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE',
      'ALTER TABLE a ADD CONSTRAINT uq_a_name UNIQUE (name)',
      'ALTER TABLE a ADD CONSTRAINT ck_a_qty CHECK (qty >= 0)',
      'ALTER TABLE a DROP CONSTRAINT fk_a_b',
      'ALTER TABLE a DROP CONSTRAINT uq_a_name',
      'ALTER TABLE a DROP CONSTRAINT ck_a_qty',
      'CREATE UNIQUE INDEX ix_a_name ON a (name)',
      'DROP INDEX ix_a_name',
    ]);
    // Before connecting, the MySQL dialect assumes MySQL (DROP CHECK); on MariaDB it writes DROP CONSTRAINT.
    expect(await offline(mysqlDialect, steps)).toEqual([
      'ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id) ON DELETE CASCADE',
      'ALTER TABLE a ADD CONSTRAINT uq_a_name UNIQUE (name)',
      'ALTER TABLE a ADD CONSTRAINT ck_a_qty CHECK (qty >= 0)',
      'ALTER TABLE a DROP FOREIGN KEY fk_a_b',
      'ALTER TABLE a DROP INDEX uq_a_name',
      'ALTER TABLE a DROP CHECK ck_a_qty',
      'CREATE UNIQUE INDEX ix_a_name ON a (name)',
      'DROP INDEX ix_a_name ON a',
    ]);
    await expect(offline(sqliteDialect, steps)).rejects.toThrow(/batch mode/);
  });

  test('addColumn with a foreign key: added by ALTER, or inline on SQLite', async () => {
    const steps = (op: Operations) =>
      op.addColumn('posts', 'user_id', new sa.Column(sa.Integer, { foreignKey: 'users.id' }));
    expect(await offline(postgresDialect, steps)).toEqual([
      'ALTER TABLE posts ADD COLUMN user_id INTEGER',
      'ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id)',
    ]);
    expect(await offline(sqliteDialect, steps)).toEqual([
      'ALTER TABLE posts ADD COLUMN user_id INTEGER REFERENCES users (id)',
    ]);
  });

  test('createIndex partial and on an expression, or the reason it cannot be', async () => {
    const steps = (op: Operations) =>
      op.createIndex('ix_l', 'users', [sa.text('lower(email)')], { where: 'active' });
    expect(await offline(postgresDialect, steps)).toEqual([
      'CREATE INDEX ix_l ON users ((lower(email))) WHERE active',
    ]);
    expect(await offline(sqliteDialect, steps)).toEqual([
      'CREATE INDEX ix_l ON users ((lower(email))) WHERE active',
    ]);
    await expect(offline(mysqlDialect, steps)).rejects.toThrow(/no partial indexes/);
  });

  test('alterColumn offline on MySQL without existing* names them', async () => {
    await expect(
      offline(mysqlDialect, (op) => op.alterColumn('t', 'c', { nullable: false })),
    ).rejects.toThrow(/needs the column's exact type: pass existingType/);
  });
});
