import { createEngine, type Engine, InvalidRequestError, makeUrl, text } from '@athanor/core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// What lives in the server session past a transaction, behind PgBouncer in transaction mode
// (test/pgbouncer-setup.ts): a database of its own with a pool of ONE server connection, so two
// clients take turns on the same server session, deterministically. First what goes wrong
// without the pooler option, then what the option refuses and what it lets through.
const target = inject('pgbouncer');
const sessionStateUrl = target.unavailable === undefined ? target.sessionStateUrl : undefined;
const skipReason =
  target.unavailable ??
  (sessionStateUrl === undefined
    ? 'needs the PgBouncer the test setup starts (a pool of one server connection)'
    : undefined);

const engines: Engine[] = [];
function engine(query: Record<string, string>): Engine {
  const url = makeUrl(sessionStateUrl as string)
    .updateQuery(query)
    .renderAsString({ hidePassword: false });
  const made = createEngine(url, { dialect: postgresDialect });
  engines.push(made);
  return made;
}
afterAll(async () => {
  for (const made of engines) await made.dispose();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const key = 4_200_000 + (process.pid % 100_000); // an advisory lock key of this run

describe.skipIf(skipReason !== undefined)(
  'session state behind PgBouncer in transaction mode',
  () => {
    describe('without the pooler option: what goes wrong', () => {
      it("a session SET reaches the next client of the server session, not the next transaction's", async () => {
        const db = engine({ prepare: 'false' });
        await using mine = await db.connect();
        await using other = await db.connect();
        await mine.execute(text("SET work_mem = '1234kB'"));
        await mine.commit();
        expect((await other.execute(text('SHOW work_mem'))).scalar()).toBe('1234kB');
        await other.execute(text('RESET work_mem'));
        await other.commit();
      });

      it('a session advisory lock is held by the server session: another client takes it too', async () => {
        const db = engine({ prepare: 'false' });
        await using mine = await db.connect();
        await using other = await db.connect();
        await mine.execute(text('SELECT pg_advisory_lock(:key)'), { key });
        await mine.commit();
        // On a direct connection this is false while the first client holds the lock.
        const taken = await other.execute(text('SELECT pg_try_advisory_lock(:key)'), { key });
        expect(taken.scalar()).toBe(true);
        await other.execute(text('SELECT pg_advisory_unlock_all()'));
        await other.commit();
      });

      it("a temporary table is another client's to read", async () => {
        const db = engine({ prepare: 'false' });
        const table = `pgb_temp_${process.pid}`;
        await using mine = await db.connect();
        await using other = await db.connect();
        await mine.execute(text(`CREATE TEMP TABLE ${table} AS SELECT 7 AS secret`));
        await mine.commit();
        expect((await other.execute(text(`SELECT secret FROM ${table}`))).scalar()).toBe(7);
        await other.execute(text(`DROP TABLE ${table}`));
        await other.commit();
      });
    });

    describe('with pooler=transaction', () => {
      const refused: readonly [string, string][] = [
        ['LISTEN athanor_events', 'on a connection of its own'],
        ["SET work_mem = '2345kB'", 'SET LOCAL'],
        ["set session work_mem = '2345kB'", 'SET LOCAL'],
        [`SELECT pg_advisory_lock(${key})`, 'pg_advisory_xact_lock()'],
        [`select pg_try_advisory_lock_shared (${key})`, 'pg_advisory_xact_lock()'],
        ['PREPARE athanor_by_hand AS SELECT 1', 'bound parameters'],
        ['DECLARE held CURSOR WITH HOLD FOR SELECT 1', 'conn.stream()'],
        ['/* made here */ CREATE TEMPORARY TABLE pgb_kept (a int)', 'ON COMMIT DROP'],
      ];

      it.each(refused)(
        'refuses %s before sending it, saying what to do instead',
        async (sql, instead) => {
          const db = engine({ pooler: 'transaction' });
          await using conn = await db.connect();
          const error = await failure(conn.execute(text(sql)));
          expect(error).toBeInstanceOf(InvalidRequestError);
          const { code, message } = error as InvalidRequestError;
          expect(code).toBe('session-state-behind-pooler');
          expect(message).toContain('pooler=transaction');
          expect(message).toContain(instead);
          // Nothing was sent: the transaction goes on, and the server session is as it was.
          expect((await conn.execute(text('SHOW work_mem'))).scalar()).not.toBe('2345kB');
          expect((await conn.execute(text('SELECT 1 + 1'))).scalar()).toBe(2);
          await conn.commit();
        },
      );

      it('lets through what lasts one transaction: SET LOCAL, transaction advisory locks, ON COMMIT DROP tables', async () => {
        const db = engine({ pooler: 'transaction' });
        await using conn = await db.connect();
        await conn.execute(text("SET LOCAL work_mem = '3456kB'"));
        await conn.execute(text('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'));
        expect((await conn.execute(text('SHOW work_mem'))).scalar()).toBe('3456kB');
        expect((await conn.execute(text('SHOW transaction_isolation'))).scalar()).toBe(
          'serializable',
        );
        const locked = await conn.execute(text('SELECT pg_try_advisory_xact_lock(:key)'), { key });
        expect(locked.scalar()).toBe(true);
        await conn.execute(
          text(`CREATE TEMP TABLE pgb_scratch_${process.pid} ON COMMIT DROP AS SELECT 5 AS n`),
        );
        expect(
          (await conn.execute(text(`SELECT n FROM pgb_scratch_${process.pid}`))).scalar(),
        ).toBe(5);
        // The words in a string or a comment are not statements.
        const words = await conn.execute(
          text("SELECT 'LISTEN x; SET a = 1' /* pg_advisory_lock(1) */"),
        );
        expect(words.scalar()).toBe('LISTEN x; SET a = 1');
        await conn.commit();
        // The next transaction: the setting, the lock and the table are gone with the last.
        expect((await conn.execute(text('SHOW work_mem'))).scalar()).not.toBe('3456kB');
        await conn.commit(); // the pool has one server connection: free it for the other client
        await using other = await db.connect();
        const again = await other.execute(text('SELECT pg_try_advisory_xact_lock(:key)'), { key });
        expect(again.scalar()).toBe(true);
        const table = await other.execute(text('SELECT to_regclass(:name)'), {
          name: `pgb_scratch_${process.pid}`,
        });
        expect(table.scalar()).toBeNull();
      });
    });
  },
);

describe.skipIf(skipReason === undefined)(
  'session state behind PgBouncer in transaction mode',
  () => {
    it.skip(`skipped: ${skipReason}`, () => undefined);
  },
);
