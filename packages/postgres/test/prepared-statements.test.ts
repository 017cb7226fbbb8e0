import { DBAPIError, ProgrammingError, text } from '@athanor/core';
import { useLiveDatabase } from '@athanor/testing';
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/index.js';
import { isStalePreparedStatement, PreparedStatementNames } from '../src/prepared-statements.js';

describe('PreparedStatementNames', () => {
  it('names queries and DML once each, up to its limit, and leaves DDL unnamed', () => {
    const names = new PreparedStatementNames(2);
    const first = names.nameFor('SELECT a FROM t WHERE id = $1');
    expect(first).toMatch(/^athanor_\d+$/);
    expect(names.nameFor('SELECT a FROM t WHERE id = $1')).toBe(first);
    expect(names.nameFor('CREATE TABLE t (id int)')).toBeUndefined();
    const second = names.nameFor('  with x AS (SELECT 1) SELECT * FROM x');
    expect(second).toMatch(/^athanor_\d+$/);
    expect(second).not.toBe(first);
    expect(names.nameFor('DELETE FROM t')).toBeUndefined(); // over the limit: unnamed
    names.forget('SELECT a FROM t WHERE id = $1');
    const again = names.nameFor('SELECT a FROM t WHERE id = $1');
    expect(again).toMatch(/^athanor_\d+$/);
    expect([first, second]).not.toContain(again); // a name is never reused for other text
  });

  it('tells a stale prepared statement from other errors', () => {
    expect(
      isStalePreparedStatement({ code: '26000', message: 'prepared statement does not exist' }),
    ).toBe(true);
    expect(
      isStalePreparedStatement({
        code: '0A000',
        message: 'cached plan must not change result type',
      }),
    ).toBe(true);
    expect(isStalePreparedStatement({ code: '0A000', message: 'something else' })).toBe(false);
    expect(isStalePreparedStatement({ code: '23505' })).toBe(false);
    expect(isStalePreparedStatement(undefined)).toBe(false);
  });
});

describe('prepared statements on PostgreSQL', () => {
  const db = useLiveDatabase({
    dialect: postgresDialect,
    url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
    envVar: 'ATHANOR_PG_URL',
  });
  const table = `prep_${process.pid}`;
  const select = text(`SELECT v FROM ${table} WHERE id = :id`);

  async function recreate(columnType: string, value: string) {
    await db.engine.execute(text(`DROP TABLE IF EXISTS ${table}`));
    await db.engine.execute(text(`CREATE TABLE ${table} (id int PRIMARY KEY, v ${columnType})`));
    await db.engine.execute(text(`INSERT INTO ${table} VALUES (1, ${value})`));
  }

  it('runs a repeated statement as one server-side prepared statement', async (context) => {
    db.skipIfUnreachable(context);
    await recreate('int', '7');
    await using conn = await db.engine.connect();
    for (let i = 0; i < 3; i++) expect((await conn.execute(select, { id: 1 })).scalar()).toBe(7);
    const prepared = await conn.execute(
      text('SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE :sql'),
      { sql: `SELECT v FROM ${table}%` },
    );
    expect(Number(prepared.scalar())).toBe(1);
    await conn.rollback();
  });

  it('prepares again when a table changed under the statement, outside a transaction', async (context) => {
    db.skipIfUnreachable(context);
    await recreate('int', '7');
    await using conn = await db.engine.connect();
    await conn.setIsolationLevel('AUTOCOMMIT'); // holds no lock the DROP TABLE would wait for
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe(7);
    await recreate('text', "'seven'");
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe('seven');
    await conn.execute(text('DEALLOCATE ALL'));
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe('seven');
  });

  it('inside a transaction prepares again as its first statement, later reports the error', async (context) => {
    db.skipIfUnreachable(context);
    await recreate('int', '7');
    await using conn = await db.engine.connect();
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe(7);
    await conn.rollback();
    await recreate('text', "'seven'");
    // The first statement of a transaction: begun again and prepared again, nothing lost.
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe('seven');
    await conn.rollback();
    await recreate('int', '8');
    await conn.execute(text('SELECT 1')); // the transaction has done something now
    await expect(conn.execute(select, { id: 1 })).rejects.toBeInstanceOf(DBAPIError);
    await conn.rollback();
    expect((await conn.execute(select, { id: 1 })).scalar()).toBe(8);
    await conn.rollback();
    await db.engine.execute(text(`DROP TABLE ${table}`));
  });

  it('a clash of names Athanor did not give is left as the database reported it', async (context) => {
    db.skipIfUnreachable(context);
    await using conn = await db.engine.connect();
    await conn.execute(text('PREPARE mine AS SELECT 1'));
    const error = await conn.execute(text('PREPARE mine AS SELECT 1')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProgrammingError);
    expect((error as Error).message).toMatch(/prepared statement "mine" already exists/);
    expect((error as Error).message).not.toContain('prepare=false');
  });
});
