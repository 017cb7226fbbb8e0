import {
  ArgumentError,
  createEngine,
  DataError,
  InternalError,
  ProgrammingError,
  text,
} from '@athanor/core';
import { errorFrom, useLiveDatabase } from '@athanor/testing';
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

const url = process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const { engine, skipIfUnreachable } = useLiveDatabase({
  dialect: postgresDialect,
  url,
  envVar: 'ATHANOR_PG_URL',
});

describe('PostgreSQL dialect', () => {
  it('reads the server version on the first connection', (context) => {
    skipIfUnreachable(context);
    expect(engine.dialect.serverVersion?.[0]).toBeGreaterThanOrEqual(12);
    expect(engine.dialect.capabilities.insertReturning).toBe(true);
  });

  it('passes URL query options to pg', async (context) => {
    skipIfUnreachable(context);
    const named = createEngine(`${url}?application_name=athanor-test`, {
      dialect: postgresDialect,
    });
    expect((await named.execute(text('SHOW application_name'))).scalar()).toBe('athanor-test');
    await named.dispose();
  });

  it('loads for postgres:// and postgresql+pg:// URLs too', async (context) => {
    skipIfUnreachable(context);
    for (const alias of [
      url.replace(/^postgresql:/, 'postgres:'),
      url.replace(/^postgresql:/, 'postgresql+pg:'),
    ]) {
      const aliased = createEngine(alias);
      expect((await aliased.execute(text('SELECT 1'))).scalar()).toBe(1);
      expect(aliased.dialect.name).toBe('postgresql');
      await aliased.dispose();
    }
    expect(() =>
      createEngine('postgresql+psycopg2://localhost/db', { dialect: postgresDialect }),
    ).toThrow(ArgumentError);
  });

  it('reads bigint as a number when exact and as a bigint when not; numeric as a string', async (context) => {
    skipIfUnreachable(context);
    const row = (
      await engine.execute(
        text(
          'SELECT CAST(:small AS bigint) AS small, CAST(:big AS bigint) AS big, ' +
            'count(*) AS n, CAST(:exact AS numeric(30, 10)) AS exact',
        ),
        { small: 42, big: '9223372036854775807', exact: '12345678901234567890.0123456789' },
      )
    ).one();
    expect(row.small).toBe(42);
    expect(row.big).toBe(9223372036854775807n);
    expect(row.n).toBe(1);
    expect(row.exact).toBe('12345678901234567890.0123456789');
  });

  it('binds a parameter followed by a :: cast, and leaves $$ strings alone', async (context) => {
    skipIfUnreachable(context);
    const row = (
      await engine.execute(text('SELECT :n::int + 1 AS v, $$ :x $$ AS s'), { n: '41' })
    ).one();
    expect(row.v).toBe(42);
    expect(row.s).toBe(' :x ');
  });

  it('refuses to COMMIT a transaction an error aborted, instead of silently rolling back', async (context) => {
    skipIfUnreachable(context);
    await using conn = await engine.connect();
    await conn.execute(text('CREATE TEMPORARY TABLE aborted (id INTEGER PRIMARY KEY)'));
    await conn.execute(text('INSERT INTO aborted VALUES (1)'));
    await errorFrom(conn.execute(text('INSERT INTO aborted VALUES (1)')));
    const error = await errorFrom(conn.commit());
    expect(error).toBeInstanceOf(InternalError);
    expect(error.message).toContain('COMMIT rolled the transaction back');
  });

  it('refuses several statements in one text() instead of running them', async (context) => {
    skipIfUnreachable(context);
    await using conn = await engine.connect();
    await conn.execute(text('CREATE TEMPORARY TABLE multi (id INTEGER)'));
    await conn.commit();
    const error = await errorFrom(
      conn.execute(text('INSERT INTO multi VALUES (1); INSERT INTO multi VALUES (2)')),
    );
    expect(error).toBeInstanceOf(ProgrammingError);
    await conn.rollback();
    expect((await conn.execute(text('SELECT count(*) FROM multi'))).scalar()).toBe(0);
  });

  it('ends a stream whose read fails, so the connection can roll back', async (context) => {
    skipIfUnreachable(context);
    await using conn = await engine.connect();
    const failing = text('SELECT 1 / (n - 500) FROM generate_series(1, 1000) AS n');
    const result = await conn.stream(failing, {}, { batchSize: 100 });
    const error = await errorFrom(result.all());
    expect(error).toBeInstanceOf(DataError);
    await conn.rollback();
    expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
  });

  it('connects through the Unix socket folder given as ?host=', async (context) => {
    skipIfUnreachable(context);
    const socket = createEngine('postgresql://postgres@/test?host=/var/run/postgresql', {
      dialect: postgresDialect,
    });
    try {
      expect((await socket.execute(text('SELECT 1'))).scalar()).toBe(1);
    } catch (error) {
      // A server reached only over TCP (ATHANOR_PG_URL elsewhere) has no local socket.
      if (!process.env.ATHANOR_PG_URL) throw error;
    } finally {
      await socket.dispose();
    }
  });

  it('reports a database that does not exist as an OperationalError or ProgrammingError', async (context) => {
    skipIfUnreachable(context);
    const missing = createEngine(url.replace(/\/[^/?]*(\?|$)/, '/athanor_no_such_db$1'), {
      dialect: postgresDialect,
    });
    await expect(missing.connect()).rejects.toThrow(/athanor_no_such_db/);
    await missing.dispose();
  });
});
