import {
  ArgumentError,
  DBAPIError,
  InvalidRequestError,
  ResourceClosedError,
  text,
} from '@athanor/core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/**
 * Transactions: commit as you go, explicit begin, engine.begin, savepoints, and the errors for
 * using them wrongly. Each test closes its connection before checking from another, so the
 * suite also runs where the engine has only one connection (SQLite in memory).
 */
export function transactionsSuite(h: Harness): void {
  describe('transactions', () => {
    const log = h.table('tx_log');
    const insertId = text(`INSERT INTO ${log} (id) VALUES (:id)`);
    const ids = async () =>
      (await h.exec(`SELECT id FROM ${log} ORDER BY id`)).scalars().all() as number[];

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(`CREATE TABLE ${log} (id INTEGER PRIMARY KEY)`);
    });
    afterEach(async () => {
      if (h.unreachable) return;
      await h.exec(`DELETE FROM ${log}`);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${log}`);
    });

    test(h, 'the first execute begins a transaction that commit() makes permanent', async () => {
      const conn = await h.engine.connect();
      expect(conn.inTransaction()).toBe(false);
      await conn.execute(insertId, { id: 1 });
      expect(conn.inTransaction()).toBe(true);
      await conn.commit();
      expect(conn.inTransaction()).toBe(false);
      await conn.execute(insertId, { id: 2 });
      await conn.commit();
      await conn.close();
      expect(await ids()).toEqual([1, 2]);
    });

    test(
      h,
      'a transaction lost with its connection cannot be committed, only rolled back',
      async () => {
        const conn = await h.engine.connect();
        await conn.execute(insertId, { id: 1 });
        await conn.invalidate();
        expect(conn.inTransaction()).toBe(true);
        const error = await errorFrom(conn.commit());
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect((error as InvalidRequestError).code).toBe('lost-transaction');
        await conn.rollback();
        expect(conn.inTransaction()).toBe(false);
        await conn.execute(insertId, { id: 2 });
        await conn.commit();
        await conn.close();
        expect(await ids()).toEqual([2]);
        // engine.begin() whose work swallowed the loss does not report success either.
        const swallowed = await errorFrom(
          h.engine.begin(async (tx) => {
            await tx.execute(insertId, { id: 3 });
            await tx.invalidate();
            await errorFrom(tx.execute(insertId, { id: 4 }));
          }),
        );
        expect((swallowed as InvalidRequestError).code).toBe('lost-transaction');
        expect(await ids()).toEqual([2]);
      },
      () =>
        h.dialect.poolClassFor(h.url) === 'static' &&
        'this database keeps a single connection, and discarding it discards the database',
    );

    test(h, 'rollback() discards what the transaction did', async () => {
      const conn = await h.engine.connect();
      await conn.execute(insertId, { id: 1 });
      await conn.rollback();
      await conn.close();
      expect(await ids()).toEqual([]);
    });

    test(h, 'close() rolls back what was not committed', async () => {
      const conn = await h.engine.connect();
      await conn.execute(insertId, { id: 1 });
      await conn.close();
      expect(await ids()).toEqual([]);
    });

    test(h, 'engine.begin() commits when the callback returns', async () => {
      const value = await h.engine.begin(async (conn) => {
        await conn.execute(insertId, { id: 1 });
        return 'done';
      });
      expect(value).toBe('done');
      expect(await ids()).toEqual([1]);
    });

    test(h, 'engine.begin() rolls back and rethrows when the callback throws', async () => {
      const failure = new Error('boom');
      const error = await errorFrom(
        h.engine.begin(async (conn) => {
          await conn.execute(insertId, { id: 1 });
          throw failure;
        }),
      );
      expect(error).toBe(failure);
      expect(await ids()).toEqual([]);
    });

    test(
      h,
      'begin() returns a transaction to commit; await using rolls back an uncommitted one',
      async () => {
        {
          await using conn = await h.engine.connect();
          const tx = await conn.begin();
          await conn.execute(insertId, { id: 1 });
          await tx.commit();
          expect(tx.isActive).toBe(false);
          {
            await using tx2 = await conn.begin();
            await conn.execute(insertId, { id: 2 });
            expect(tx2.isActive).toBe(true);
          }
          expect(conn.inTransaction()).toBe(false);
        }
        expect(await ids()).toEqual([1]);
      },
    );

    test(h, 'begin() while a transaction is in progress is an error', async () => {
      await using conn = await h.engine.connect();
      await conn.execute(text('SELECT 1'));
      const error = await errorFrom(conn.begin());
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toContain('beginNested()');
    });

    test(
      h,
      'savepoints nest three deep; rolling one back keeps the work around it',
      async () => {
        {
          await using conn = await h.engine.connect();
          await conn.execute(insertId, { id: 1 });
          const sp1 = await conn.beginNested();
          await conn.execute(insertId, { id: 2 });
          const sp2 = await conn.beginNested();
          await conn.execute(insertId, { id: 3 });
          const sp3 = await conn.beginNested();
          await conn.execute(insertId, { id: 4 });
          expect(conn.getNestedTransaction()).toBe(sp3);
          await sp3.rollback();
          await sp2.commit();
          expect(sp1.isActive).toBe(true);
          const seen = await conn.execute(text(`SELECT id FROM ${log} ORDER BY id`));
          expect(seen.scalars().all()).toEqual([1, 2, 3]);
          await sp1.rollback();
          expect(conn.inNestedTransaction()).toBe(false);
          await conn.execute(insertId, { id: 5 });
          await conn.commit();
        }
        expect(await ids()).toEqual([1, 5]);
      },
      () => !h.dialect.capabilities.savepoints && 'the database has no savepoints',
    );

    test(
      h,
      'beginNested() with no transaction begins one first',
      async () => {
        {
          await using conn = await h.engine.connect();
          const savepoint = await conn.beginNested();
          expect(conn.inTransaction()).toBe(true);
          await conn.execute(insertId, { id: 1 });
          await savepoint.commit();
          await conn.commit();
        }
        expect(await ids()).toEqual([1]);
      },
      () => !h.dialect.capabilities.savepoints && 'the database has no savepoints',
    );

    test(
      h,
      'rolling back the outer transaction ends its savepoints too',
      async () => {
        {
          await using conn = await h.engine.connect();
          await conn.execute(insertId, { id: 1 });
          const savepoint = await conn.beginNested();
          await conn.rollback();
          expect(savepoint.isActive).toBe(false);
          const error = await errorFrom(savepoint.commit());
          expect(error).toBeInstanceOf(InvalidRequestError);
        }
        expect(await ids()).toEqual([]);
      },
      () => !h.dialect.capabilities.savepoints && 'the database has no savepoints',
    );

    test(h, 'commit() with no transaction in progress is an error that says why', async () => {
      await using conn = await h.engine.connect();
      const error = await errorFrom(conn.commit());
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toContain('no transaction is in progress');
    });

    test(h, 'committing a transaction twice is an error', async () => {
      await using conn = await h.engine.connect();
      const tx = await conn.begin();
      await tx.commit();
      const error = await errorFrom(tx.commit());
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toContain('no longer active');
    });

    test(h, 'a closed connection refuses to run anything', async () => {
      const conn = await h.engine.connect();
      await conn.close();
      expect(conn.closed).toBe(true);
      const error = await errorFrom(conn.execute(text('SELECT 1')));
      expect(error).toBeInstanceOf(ResourceClosedError);
      expect(error.message).toContain('This Connection is closed');
      await conn.close();
    });

    test(h, 'AUTOCOMMIT runs each statement in a transaction of its own', async () => {
      const conn = await h.engine.connect();
      await conn.setIsolationLevel('AUTOCOMMIT');
      await conn.execute(insertId, { id: 1 });
      expect(conn.inTransaction()).toBe(false);
      // close() would roll back an open transaction; there is none.
      await conn.close();
      expect(await ids()).toEqual([1]);
    });

    test(h, "an AUTOCOMMIT engine's execute() sends no BEGIN or COMMIT", async () => {
      // Nothing for a pooler in statement mode (PgBouncer) to refuse.
      const sent: string[] = [];
      const engine = h.createEngine({
        isolationLevel: 'AUTOCOMMIT',
        echo: true,
        logger: (record) => sent.push(record.message),
      });
      expect((await engine.execute(text('SELECT 1 + 1'))).scalar()).toBe(2);
      expect(sent.some((line) => line.startsWith('SELECT 1 + 1'))).toBe(true);
      expect(sent.filter((line) => /^(BEGIN|COMMIT)/.test(line))).toEqual([]);
    });

    test(h, 'an isolation level the database supports can be set on a connection', async () => {
      const level = h.dialect.capabilities.isolationLevels[0] ?? 'SERIALIZABLE';
      {
        await using conn = await h.engine.connect();
        await conn.setIsolationLevel(level as 'SERIALIZABLE');
        await conn.execute(insertId, { id: 1 });
        await conn.commit();
      }
      expect(await ids()).toEqual([1]);
    });

    test(
      h,
      'concurrent engine.begin() transactions on one engine all commit',
      async () => {
        // On a SQLite file, a second writer used to wait for the first inside the driver's
        // synchronous busy handler: the loop froze, the first could not commit, both failed.
        const tasks = 4;
        const perTask = 5;
        await Promise.all(
          Array.from({ length: tasks }, async (_, task) => {
            for (let i = 0; i < perTask; i++) {
              await h.engine.begin(async (conn) => {
                await conn.execute(text(`SELECT count(*) FROM ${log}`));
                await new Promise((resolve) => setImmediate(resolve));
                await conn.execute(insertId, { id: task * 100 + i });
              });
            }
          }),
        );
        expect((await ids()).length).toBe(tasks * perTask);
      },
      () =>
        h.dialect.poolClassFor(h.url) === 'static' &&
        'this database keeps a single connection, lent to one transaction at a time',
    );

    test(h, 'begin({ readOnly: true }) reads, and refuses writes', async () => {
      await h.engine.execute(insertId, { id: 1 });
      if (!h.dialect.capabilities.readOnlyTransactions) {
        const error = await errorFrom(h.engine.begin({ readOnly: true }, async () => undefined));
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error.message).toContain('read-only transactions');
        return;
      }
      const read = await h.engine.begin({ readOnly: true }, async (conn) =>
        (await conn.execute(text(`SELECT id FROM ${log}`))).scalars().all(),
      );
      expect(read).toEqual([1]);
      const error = await errorFrom(
        h.engine.begin({ readOnly: true }, (conn) => conn.execute(insertId, { id: 2 })),
      );
      expect(error).toBeInstanceOf(DBAPIError);
      // The connection goes back to the pool writable again.
      await h.engine.execute(insertId, { id: 3 });
      expect(await ids()).toEqual([1, 3]);
    });
  });
}
