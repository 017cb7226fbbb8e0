import {
  Column,
  type Engine,
  Integer,
  IntegrityError,
  listen,
  MetaData,
  Table,
  text,
} from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/**
 * A setting that lives in one connection (a session), per dialect: `set` in a `connect`
 * listener, `read` back later on the same connection, which answers `expected`.
 */
const sessionSettings: Readonly<
  Record<string, { readonly set: string; readonly read: string; readonly expected: unknown }>
> = {
  sqlite: { set: 'PRAGMA cache_size = -2345', read: 'PRAGMA cache_size', expected: -2345 },
  postgresql: {
    set: "SET application_name = 'athanor_events'",
    read: "SELECT current_setting('application_name')",
    expected: 'athanor_events',
  },
  pglite: {
    set: "SET application_name = 'athanor_events'",
    read: "SELECT current_setting('application_name')",
    expected: 'athanor_events',
  },
  mysql: {
    set: "SET @athanor_events = 'athanor_events'",
    read: 'SELECT @athanor_events',
    expected: 'athanor_events',
  },
};

/**
 * Core events on a real database: `connect` listeners setting up each connection, the order of
 * the execution and transaction events, SQL changed by `beforeCursorExecute`, `handleError`
 * and the pool's events. Each test makes an engine of its own (its listeners stay on it).
 */
export function eventsSuite(h: Harness): void {
  describe('events', () => {
    const setting = () => sessionSettings[h.dialect.name];
    const noSessionSetting = () =>
      (setting() === undefined && `no session setting is known for ${h.dialect.name}`) ||
      (h.options.behindTransactionPooler === true &&
        'behind a transaction pooler a session setting does not stay with a connection');

    /** A table of its own on `engine` (an in-memory SQLite database is one engine's). */
    const withTable = async (engine: Engine, name: string) => {
      const table = new Table(h.table(name), new MetaData(), {
        id: new Column(Integer, { primaryKey: true }),
      });
      await table.metadata.createAll(engine);
      return table;
    };

    test(
      h,
      'a connect listener sets up each new connection; later statements on it see the setting',
      async () => {
        const { set, read, expected } = setting() as NonNullable<ReturnType<typeof setting>>;
        const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0 } });
        let connects = 0;
        listen(engine, 'connect', async (connection) => {
          connects++;
          await connection.execute(text(set));
        });
        await using conn = await engine.connect();
        expect((await conn.execute(text(read))).scalar()).toEqual(expected);
        await conn.commit();
        // In the next transaction too: it is the connection's setting, not a transaction's.
        expect((await conn.execute(text(read))).scalar()).toEqual(expected);
        await conn.close();
        expect((await engine.execute(text(read))).scalar()).toEqual(expected);
        expect(connects).toBe(1);
      },
      noSessionSetting,
    );

    test(h, 'a failing connect listener fails the checkout; the next one works', async () => {
      const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0, timeout: 5000 } });
      let fail = true;
      listen(engine, 'connect', async (connection) => {
        await connection.execute(text('SELECT 1'));
        if (fail) throw new Error('refusing this connection');
      });
      expect((await errorFrom(engine.connect())).message).toBe('refusing this connection');
      fail = false;
      await using conn = await engine.connect();
      expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
      // The failed connection was closed, and its slot in the pool freed for this one.
      expect(engine.pool?.checkedOut).toBe(1);
    });

    test(h, 'execution and transaction events fire in order', async () => {
      const engine = h.createEngine();
      const seen: string[] = [];
      for (const name of ['begin', 'commit', 'rollback'] as const) {
        listen(engine, name, () => void seen.push(name));
      }
      for (const name of ['savepoint', 'releaseSavepoint', 'rollbackSavepoint'] as const) {
        listen(engine, name, () => void seen.push(name));
      }
      listen(engine, 'beforeExecute', () => void seen.push('beforeExecute'));
      listen(engine, 'beforeCursorExecute', () => void seen.push('beforeCursorExecute'));
      listen(engine, 'afterCursorExecute', () => void seen.push('afterCursorExecute'));
      listen(engine, 'afterExecute', () => void seen.push('afterExecute'));
      const statement = [
        'beforeExecute',
        'beforeCursorExecute',
        'afterCursorExecute',
        'afterExecute',
      ];
      await using conn = await engine.connect();
      await conn.execute(text('SELECT 1'));
      await conn.commit();
      const tx = await conn.begin();
      await conn.execute(text('SELECT 1'));
      await tx.rollback();
      expect(seen).toEqual([
        'beforeExecute',
        'begin',
        ...statement.slice(1),
        'commit',
        'begin',
        ...statement,
        'rollback',
      ]);
      if (!h.dialect.capabilities.savepoints) return;
      seen.length = 0;
      await conn.begin();
      const inner = await conn.beginNested();
      await inner.rollback();
      await (await conn.beginNested()).commit();
      await conn.commit();
      expect(seen).toEqual([
        'begin',
        'savepoint',
        'rollbackSavepoint',
        'savepoint',
        'releaseSavepoint',
        'commit',
      ]);
    });

    test(h, 'a comment added in beforeCursorExecute is sent, and the rows are right', async () => {
      const engine = h.createEngine();
      const sent: string[] = [];
      listen(engine, 'beforeCursorExecute', (_connection, context) => {
        // Fixed text only: a user's values never go into SQL.
        context.sql += " /* controller='events',framework='athanor' */";
      });
      listen(engine, 'afterCursorExecute', (_connection, context) => void sent.push(context.sql));
      // DDL goes through the same path.
      const table = await withTable(engine, 'ev_comment');
      try {
        await engine.execute(table.insert(), [{ id: 1 }, { id: 2 }, { id: 3 }]);
        const rows = await engine.execute(
          table.select().where(table.c.id.gt(1)).orderBy(table.c.id),
        );
        expect(rows.scalars().all()).toEqual([2, 3]);
        const raw = await engine.execute(text(`SELECT COUNT(*) FROM ${h.q(table.name)}`));
        expect(Number(raw.scalar())).toBe(3);
        await using conn = await engine.connect();
        const streamed = await conn.stream(table.select().orderBy(table.c.id));
        const ids: unknown[] = [];
        for await (const row of streamed) ids.push(row.id);
        expect(ids).toEqual([1, 2, 3]);
        await conn.close();
        expect(sent.some((sql) => sql.startsWith('CREATE TABLE'))).toBe(true);
        expect(sent.every((sql) => sql.endsWith("framework='athanor' */"))).toBe(true);
      } finally {
        await table.metadata.dropAll(engine);
      }
    });

    test(
      h,
      'handleError sees an IntegrityError and the driver error; a listener may replace it',
      async () => {
        const engine = h.createEngine();
        const table = await withTable(engine, 'ev_errors');
        try {
          const contexts: { error: Error; original: unknown; statement: string | undefined }[] = [];
          listen(engine, 'handleError', (context) => void contexts.push(context));
          await engine.execute(table.insert().values({ id: 1 }));
          const error = await errorFrom(engine.execute(table.insert().values({ id: 1 })));
          expect(error).toBeInstanceOf(IntegrityError);
          expect(contexts).toHaveLength(1);
          expect(contexts[0]?.error).toBe(error);
          expect(contexts[0]?.original).toBe(error.cause);
          expect(contexts[0]?.original).toBeDefined();
          expect(contexts[0]?.statement).toContain('INSERT');

          class DuplicateKey extends Error {}
          listen(engine, 'handleError', (context) => {
            if (context.error instanceof IntegrityError) {
              throw new DuplicateKey('that id is taken', { cause: context.error });
            }
          });
          const replaced = await errorFrom(engine.execute(table.insert().values({ id: 1 })));
          expect(replaced).toBeInstanceOf(DuplicateKey);
          // The connection was rolled back and returned as with any failed statement.
          expect(engine.pool?.checkedOut).toBe(0);
        } finally {
          await table.metadata.dropAll(engine);
        }
      },
    );

    test(
      h,
      'a stream whose afterExecute listener throws is closed; the connection goes on',
      async () => {
        const engine = h.createEngine();
        listen(
          engine,
          'afterExecute',
          () => {
            throw new Error('audit refused');
          },
          { once: true },
        );
        try {
          await using conn = await engine.connect();
          await expect(conn.stream(text('SELECT 1'))).rejects.toThrow('audit refused');
          // The stream the caller never got is closed: the connection is not busy streaming.
          expect(Number((await conn.execute(text('SELECT 2'))).scalar())).toBe(2);
        } finally {
          await engine.dispose();
        }
      },
    );

    test(h, 'checkout and checkin are counted with a pool', async () => {
      const engine = h.createEngine();
      const counts = { connect: 0, checkout: 0, checkin: 0 };
      for (const name of ['connect', 'checkout', 'checkin'] as const) {
        listen(engine, name, () => void counts[name]++);
      }
      for (let i = 0; i < 3; i++) await engine.execute(text('SELECT 1'));
      const a = await engine.connect();
      await a.close();
      expect(counts).toEqual({ connect: 1, checkout: 4, checkin: 4 });
    });
  });
}
