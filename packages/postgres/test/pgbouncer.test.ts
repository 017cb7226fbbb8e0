import {
  Column,
  createEngine,
  type DBAPIError,
  func,
  Integer,
  insert,
  MetaData,
  makeUrl,
  OperationalError,
  String,
  select,
  Table,
  text,
} from '@athanor/core';
import { useLiveDatabase } from '@athanor/testing';
import Pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// PgBouncer in transaction pooling mode, started by test/pgbouncer-setup.ts: each transaction
// may run on another server connection, and other clients use the same ones in between.
const target = inject('pgbouncer');

describe.skipIf(target.unavailable !== undefined)('behind PgBouncer in transaction mode', () => {
  // (Collected even when skipped: a placeholder URL then, never connected to.)
  const url = target.unavailable === undefined ? target.url : 'postgresql://127.0.0.1:1/none';

  describe('with prepare=false', () => {
    const db = useLiveDatabase({
      dialect: postgresDialect,
      url: makeUrl(url).updateQuery({ prepare: 'false' }).renderAsString({ hidePassword: false }),
      envVar: 'ATHANOR_PGBOUNCER_URL',
    });
    const metadata = new MetaData();
    const accounts = new Table(`pgb_accounts_${process.pid}`, metadata, {
      id: new Column(Integer, { primaryKey: true }),
      owner: new Column(String(20), { nullable: false }),
      balance: new Column(Integer, { nullable: false }),
    });
    afterAll(async () => {
      await metadata.dropAll(db.engine).catch(() => undefined);
    });

    it('serves more clients than server connections: DDL, DML, queries, transactions, savepoints', async (context) => {
      db.skipIfUnreachable(context);
      await metadata.createAll(db.engine);
      const clients = 6; // the pool behind PgBouncer has 2 server connections
      const rounds = 5;
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          const owner = `client${client}`;
          for (let round = 0; round < rounds; round++) {
            await using conn = await db.engine.connect();
            // The same statements every round: with named statements these would be prepared
            // on one server connection and run on another.
            await conn.execute(
              insert(accounts).values({ id: client * 100 + round, owner, balance: round }),
            );
            const savepoint = await conn.beginNested();
            await conn.execute(
              insert(accounts).values({ id: client * 100 + 50 + round, owner, balance: -1 }),
            );
            await savepoint.rollback();
            const mine = await conn.execute(
              select(func.count(), func.sum(accounts.c.balance)).where(accounts.c.owner.eq(owner)),
            );
            expect([...mine.one()]).toEqual([round + 1, (round * (round + 1)) / 2]);
            if (round % 2 === 0) await conn.commit();
            else {
              // Committed in two steps: this transaction, then the next, maybe on another server connection.
              await conn.commit();
              await conn.execute(
                text(`UPDATE ${accounts.name} SET balance = balance WHERE owner = :owner`),
                { owner },
              );
              await conn.commit();
            }
          }
        }),
      );
      const totals = await db.engine.execute(
        select(accounts.c.owner, func.count(), func.sum(accounts.c.balance))
          .groupBy(accounts.c.owner)
          .orderBy(accounts.c.owner),
      );
      expect(totals.all().map((row) => [...row])).toEqual(
        Array.from({ length: clients }, (_, client) => [`client${client}`, rounds, 10]),
      );
      // A rolled-back transaction leaves nothing behind, whichever server connection it ran on.
      {
        await using conn = await db.engine.connect();
        await conn.execute(insert(accounts).values({ id: 9999, owner: 'gone', balance: 1 }));
        await conn.rollback();
      }
      const gone = await db.engine.execute(select(func.count()).where(accounts.c.owner.eq('gone')));
      expect(gone.scalar()).toBe(0);
    });

    it('streams rows through a server-side cursor', async (context) => {
      db.skipIfUnreachable(context);
      await using conn = await db.engine.connect();
      const result = await conn.stream(
        text('SELECT n FROM generate_series(1, :count) AS n'),
        { count: 250 },
        { batchSize: 100 },
      );
      const seen: number[] = [];
      for await (const row of result) seen.push(row[0] as number);
      expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    });
  });

  describe('session state', () => {
    const singleUrl = target.unavailable === undefined ? target.singleConnectionUrl : undefined;
    const db = useLiveDatabase({
      dialect: postgresDialect,
      url: makeUrl(singleUrl ?? url)
        .updateQuery({ prepare: 'false' })
        .renderAsString({ hidePassword: false }),
      envVar: 'ATHANOR_PGBOUNCER_URL',
    });

    it("a connection's isolation level holds for each of its transactions and never leaks to another client", async (context) => {
      if (!singleUrl)
        context.skip('needs the PgBouncer the test setup starts (a pool of one server connection)');
      db.skipIfUnreachable(context);
      // Both take turns on PgBouncer's one server connection.
      await using serializable = await db.engine.connect();
      await using plain = await db.engine.connect();
      const level = text('SHOW transaction_isolation');
      await serializable.setIsolationLevel('SERIALIZABLE');
      for (let round = 0; round < 2; round++) {
        expect((await serializable.execute(level)).scalar()).toBe('serializable');
        await serializable.commit();
        expect((await plain.execute(level)).scalar()).toBe('read committed');
        await plain.commit();
      }
    });
  });

  describe('with named prepared statements', () => {
    const singleUrl = target.unavailable === undefined ? target.singleConnectionUrl : undefined;
    const adminUrl = target.unavailable === undefined ? target.adminUrl : undefined;
    const needsOwnPgBouncer =
      'needs the PgBouncer the test setup starts (a pool of one server connection, its admin console)';
    const db = useLiveDatabase({
      dialect: postgresDialect,
      url: singleUrl ?? url,
      envVar: 'ATHANOR_PGBOUNCER_URL',
    });

    it("another client's statement of the same name: an error naming prepare=false", async (context) => {
      if (!singleUrl) context.skip(needsOwnPgBouncer);
      db.skipIfUnreachable(context);
      // Both take turns on PgBouncer's one server connection; each names its first query athanor_0.
      await using first = await db.engine.connect();
      await using second = await db.engine.connect();
      const query = text('SELECT CAST(:n AS int) + 1');
      expect((await first.execute(query, { n: 1 })).scalar()).toBe(2);
      await first.commit();
      const error = await second.execute(query, { n: 2 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OperationalError);
      const { message, cause } = error as OperationalError;
      expect(message).toMatch(/prepared statement "athanor_\d+" already exists/);
      expect(message).toContain('pool_mode = transaction');
      expect(message).toContain('?prepare=false');
      expect(message).toContain('connectArgs: { prepare: false }');
      expect((cause as { code?: unknown }).code).toBe('42P05');
      expect((error as DBAPIError).driverCode).toBe('42P05');
    });

    /** Has PgBouncer close its server connection once released: the next transaction gets a new one. */
    async function replaceServerConnection(): Promise<void> {
      const admin = new Pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`RECONNECT ${makeUrl(singleUrl as string).database}`);
      } finally {
        await admin.end();
      }
    }

    it('a statement prepared on a server connection since replaced: the same error', async (context) => {
      if (!singleUrl || !adminUrl) context.skip(needsOwnPgBouncer);
      db.skipIfUnreachable(context);
      // An engine of its own, on a server connection no other test has prepared statements on.
      await using engine = createEngine(singleUrl as string, { dialect: postgresDialect });
      await replaceServerConnection();
      await using conn = await engine.connect();
      const query = text('SELECT CAST(:n AS int) * 2');
      expect((await conn.execute(query, { n: 2 })).scalar()).toBe(4);
      await conn.commit();
      await replaceServerConnection();
      await conn.execute(text('SELECT 1')); // the transaction has begun on the new server connection
      const error = await conn.execute(query, { n: 3 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OperationalError);
      const { message } = error as OperationalError;
      expect(message).toMatch(/prepared statement "athanor_\d+" does not exist/);
      expect(message).toContain('?prepare=false');
      expect((error as DBAPIError).driverCode).toBe('26000');
      await conn.rollback();
    });
  });
});
