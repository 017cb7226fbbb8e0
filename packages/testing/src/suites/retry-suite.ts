import {
  ArgumentError,
  type AthanorError,
  Column,
  type Engine,
  Integer,
  IntegrityError,
  InvalidRequestError,
  OperationalError,
  String,
  text,
} from '@athanor/core';
import { declarativeBase, inspect, type Session, select } from '@athanor/orm';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { barrier } from '../barrier.js';
import { crossingUpdates } from '../conflicting-transactions.js';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/**
 * Transactions that retry: `engine.transaction()` and `session.run()` run the work again after
 * a real conflict (two transactions that lock two rows in opposite order deadlock, and the
 * database rolls one back), never after any other error. The dialect packages' own tests add
 * the conflicts only their database has (PostgreSQL's serialization failures, MariaDB's lock
 * wait timeout, SQLite's busy lock).
 */
export function retrySuite(h: Harness): void {
  // Why a database cannot be made to deadlock here, or false when it can.
  const cannotDeadlock = (): string | false =>
    !h.dialect.capabilities.rowLocking
      ? 'no row locks (SQLite locks the whole file: its conflicts are in its own tests)'
      : h.dialect.poolClassFor(h.url) === 'static'
        ? 'one connection only: two transactions cannot run at once'
        : false;

  describe('retrying transactions: engine.transaction()', () => {
    const counters = h.table('retry_counters');
    const bump = text(`UPDATE ${counters} SET n = n + 1 WHERE id = :id`);
    const insert = text(`INSERT INTO ${counters} (id, n) VALUES (:id, 0)`);
    const values = async () =>
      (await h.exec(`SELECT n FROM ${counters} ORDER BY id`)).scalars().all().map(Number);

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(`CREATE TABLE ${counters} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`);
    });
    afterEach(async () => {
      if (h.unreachable) return;
      await h.exec(`DELETE FROM ${counters}`);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${counters}`);
    });

    test(
      h,
      'two transactions that deadlock: the one rolled back runs again and both commit once',
      async () => {
        await h.exec(`INSERT INTO ${counters} (id, n) VALUES (1, 0), (2, 0)`);
        const { outcome, seen, attempts } = crossingUpdates(h.engine, bump);
        const results = await outcome;
        expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(await values()).toEqual([2, 2]);
        // Usually one conflict; a retry that starts at once can meet the other transaction
        // again (that is what the backoff's jitter is for), and is then retried in turn.
        expect(seen.length).toBeGreaterThanOrEqual(1);
        expect(attempts()).toBe(2 + seen.length);
        for (const error of seen) {
          expect(OperationalError.isInstance(error)).toBe(true);
          expect(error.isRetryable).toBe(true);
        }
      },
      cannotDeadlock,
      20_000,
    );

    test(
      h,
      'with its retries used up, the conflict is thrown with the attempts on it, and nothing of it lands',
      async () => {
        await h.exec(`INSERT INTO ${counters} (id, n) VALUES (1, 0), (2, 0)`);
        const { outcome, attempts } = crossingUpdates(h.engine, bump, { retries: 0 });
        const results = await outcome;
        const failed = results.flatMap((result) =>
          result.status === 'rejected' ? [result.reason as AthanorError] : [],
        );
        expect(failed).toHaveLength(1);
        expect(failed[0]?.isRetryable).toBe(true);
        expect(failed[0]?.attempts).toBe(1);
        expect(failed[0]?.message).toMatch(/engine\.transaction\(\) gave up after 1 attempt\]/);
        expect(attempts()).toBe(2);
        // Only the survivor's two bumps landed.
        expect(await values()).toEqual([1, 1]);
      },
      cannotDeadlock,
      20_000,
    );

    test(h, 'an IntegrityError is not retried: the work runs once', async () => {
      let attempts = 0;
      const error = await errorFrom(
        h.engine.transaction(async (conn) => {
          attempts++;
          await conn.execute(insert, { id: 1 });
          await conn.execute(insert, { id: 1 });
        }),
      );
      expect(IntegrityError.isInstance(error)).toBe(true);
      expect((error as IntegrityError).isRetryable).toBe(false);
      expect((error as IntegrityError).attempts).toBeUndefined();
      expect(attempts).toBe(1);
      expect(await values()).toEqual([]);
    });

    test(
      h,
      'an error the work throws itself is not retried, and its writes roll back',
      async () => {
        let attempts = 0;
        const error = await errorFrom(
          h.engine.transaction(async (conn) => {
            attempts++;
            await conn.execute(insert, { id: 1 });
            throw new Error('out of stock');
          }),
        );
        expect(error.message).toBe('out of stock');
        expect(attempts).toBe(1);
        expect(await values()).toEqual([]);
      },
    );

    test(h, 'returns what the work returns, and commits it', async () => {
      const value = await h.engine.transaction(async (conn) => {
        await conn.execute(insert, { id: 7 });
        return 'done';
      });
      expect(value).toBe('done');
      expect(await values()).toEqual([0]);
    });

    test(h, 'a bad option fails at once with an ArgumentError naming it', async () => {
      let attempts = 0;
      const work = async () => {
        attempts++;
      };
      const cases: [unknown, RegExp][] = [
        [
          { retries: -1 },
          /option 'retries' must be a whole number >= 0 \(0 never retries\), got -1/,
        ],
        [{ retries: 1.5 }, /option 'retries'/],
        [{ max_retries: 3 }, /Unknown engine\.transaction\(\) option 'max_retries'/],
        [{ Retries: 3 }, /option 'Retries': did you mean 'retries'\?/],
        [{ backoff: { factor: 0.5 } }, /option 'backoff\.factor' must be a number from 1/],
        [{ backoff: { initialMs: -5 } }, /option 'backoff\.initialMs'/],
        [{ backoff: { initialMs: 500, maxMs: 100 } }, /'backoff\.maxMs' \(100\) is less than/],
        [
          { backoff: { initial_ms: 5 } },
          /option 'backoff\.initial_ms': did you mean 'backoff\.initialMs'/,
        ],
        [{ backoff: 20 }, /option 'backoff' must be an object or a function, got 20/],
        ['fast', /options must be an object, got "fast"/],
      ];
      for (const [options, message] of cases) {
        const error = await errorFrom(
          h.engine.transaction(work, options as Parameters<Engine['transaction']>[1]),
        );
        expect(ArgumentError.isInstance(error)).toBe(true);
        expect((error as ArgumentError).code).toBe('bad-retry-option');
        expect(error.message).toMatch(message);
      }
      expect(attempts).toBe(0);
    });
  });

  describe('retrying transactions: session.run()', () => {
    const Base = declarativeBase();
    class Counter extends Base.model(h.table('retry_orm_counters'), {
      id: new Column(Integer, { primaryKey: true }),
      n: new Column(Integer, { nullable: false }),
    }) {}
    class Entry extends Base.model(h.table('retry_orm_entries'), {
      id: new Column(Integer, { primaryKey: true }),
      note: new Column(String(20), { nullable: false }),
    }) {}
    const db = useOrmDatabase(h, Base.metadata);

    test(
      h,
      'a deadlocked session runs the work again with nothing left from the failed attempt',
      async () => {
        await db.Session().run(async (session) => {
          session.addAll([new Counter({ id: 1, n: 0 }), new Counter({ id: 2, n: 0 })]);
        });
        const bothHoldOne = barrier(2);
        // What each attempt of each session made or loaded.
        const runs: { counters: Counter[]; entries: Entry[] }[][] = [];
        const sessions: Session[] = [];
        const move = async (first: number, second: number) => {
          const session = db.Session();
          const attempts: { counters: Counter[]; entries: Entry[] }[] = [];
          runs.push(attempts);
          await session.run(
            async (s) => {
              const made = { counters: [] as Counter[], entries: [] as Entry[] };
              attempts.push(made);
              // Read with the row locked, as a read-modify-write must (a plain read could see
              // the value from before the other transaction's commit and lose its update).
              const locked = (id: number) =>
                s.scalars(select(Counter).where(Counter.c.id.eq(id)).forUpdate());
              const a = (await locked(first)).one();
              made.counters.push(a);
              a.n += 1;
              const entry = new Entry({ note: `${first} then ${second}` });
              made.entries.push(entry);
              s.add(entry);
              await s.flush();
              if (attempts.length === 1) await bothHoldOne();
              const b = (await locked(second)).one();
              made.counters.push(b);
              b.n += 1;
            },
            { backoff: () => 0 },
          );
          // Open until the checks below: closing would detach every object.
          sessions.push(session);
        };
        await Promise.all([move(1, 2), move(2, 1)]);

        await using check = db.Session();
        const counters = (await check.scalars(select(Counter))).all();
        expect(counters.map((c) => [c.id, c.n]).sort()).toEqual([
          [1, 2],
          [2, 2],
        ]);
        const notes = (await check.scalars(select(Entry)))
          .all()
          .map((e) => e.note)
          .sort();
        expect(notes).toEqual(['1 then 2', '2 then 1']);

        // Every attempt but the last of each session failed: at least one did.
        const failed = runs.flatMap((attempts) => attempts.slice(0, -1));
        expect(failed.length).toBeGreaterThanOrEqual(1);
        for (const attempt of failed) {
          // Its new Entry is transient again (its row is gone), and the objects it loaded were
          // expunged: the next attempt loaded its own.
          expect(attempt.entries.map((e) => inspect(e).status)).toEqual(['transient']);
          expect(attempt.counters.length).toBeGreaterThanOrEqual(1);
          for (const counter of attempt.counters) expect(inspect(counter).detached).toBe(true);
        }
        for (const attempts of runs) {
          const last = attempts[attempts.length - 1];
          expect(last?.entries.map((e) => inspect(e).status)).toEqual(['persistent']);
          for (const counter of last?.counters ?? [])
            expect(inspect(counter).persistent).toBe(true);
        }
        await Promise.all(sessions.map((session) => session.close()));
      },
      cannotDeadlock,
      20_000,
    );

    test(h, 'session.run() refuses to start over pending changes it could roll back', async () => {
      await using session = db.Session();
      session.add(new Counter({ id: 5, n: 0 }));
      let attempts = 0;
      const error = await errorFrom(
        session.run(async () => {
          attempts++;
        }),
      );
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as InvalidRequestError).code).toBe('session-run-dirty');
      expect(error.message).toMatch(/1 change not yet committed/);
      expect(attempts).toBe(0);
    });

    test(
      h,
      'session.run() does not retry an IntegrityError, and rolls back its objects',
      async () => {
        await using session = db.Session();
        let attempts = 0;
        const made: Counter[] = [];
        const error = await errorFrom(
          session.run(async (s) => {
            attempts++;
            const twins = [new Counter({ id: 9, n: 0 }), new Counter({ id: 9, n: 1 })];
            made.push(...twins);
            s.addAll(twins);
          }),
        );
        expect(IntegrityError.isInstance(error)).toBe(true);
        expect(attempts).toBe(1);
        expect(made.map((c) => inspect(c).status)).toEqual(['transient', 'transient']);
        expect(session.new).toEqual([]);
        await using check = db.Session();
        expect((await check.scalars(select(Counter))).all()).toEqual([]);
      },
    );
  });
}
