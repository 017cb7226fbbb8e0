import { createEngine, type DBAPIError, type Engine, OperationalError, text } from '@athanor/core';
import {
  conflictingTransactions,
  crossingUpdates,
  errorFrom,
  retryingTransaction,
  useLiveDatabase,
} from '@athanor/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postgresDialect } from '../src/index.js';

// Real conflicts on PostgreSQL that engine.transaction() retries: serialization failures
// (40001) between SERIALIZABLE transactions and deadlocks (40P01). The conformance suite's
// retry tests cover what every database shares.

const url = process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const { engine, skipIfUnreachable } = useLiveDatabase({
  dialect: postgresDialect,
  url,
  envVar: 'ATHANOR_PG_URL',
});
const serializable: Engine = createEngine(url, {
  dialect: postgresDialect,
  isolationLevel: 'SERIALIZABLE',
});
afterAll(() => serializable.dispose());

const suffix = `${process.pid.toString(36)}_${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
const ledger = `retry_ledger_${suffix}`;
const counters = `retry_counters_${suffix}`;

describe('engine.transaction() on PostgreSQL conflicts', () => {
  beforeAll(async () => {
    if (!(await reachable())) return;
    await engine.execute(text(`CREATE TABLE ${ledger} (writer TEXT PRIMARY KEY, total INTEGER)`));
    await engine.execute(text(`CREATE TABLE ${counters} (id INTEGER PRIMARY KEY, n INTEGER)`));
  });
  afterEach(async () => {
    if (!(await reachable())) return;
    await engine.execute(text(`DELETE FROM ${ledger}`));
    await engine.execute(text(`DELETE FROM ${counters}`));
  });
  afterAll(async () => {
    if (!(await reachable())) return;
    await engine.execute(text(`DROP TABLE ${ledger}`));
    await engine.execute(text(`DROP TABLE ${counters}`));
  });

  it('retries the SERIALIZABLE transaction that lost a read-then-write skew (40001)', async (context) => {
    skipIfUnreachable(context);
    // Each transaction reads the running total, then appends a row with its total plus one.
    // Run one after the other they write 1 and 2; both reading 0 at once would write 1 twice,
    // which SERIALIZABLE forbids: PostgreSQL rolls one back with 40001.
    const { outcome, seen, attempts } = conflictingTransactions(
      serializable,
      async (conn, bothRead, side) => {
        const sql = `SELECT coalesce(max(total), 0) FROM ${ledger}`;
        const total = Number((await conn.execute(text(sql))).scalar());
        await bothRead();
        await conn.execute(text(`INSERT INTO ${ledger} (writer, total) VALUES (:w, :t)`), {
          w: side === 0 ? 'a' : 'b',
          t: total + 1,
        });
      },
      { retries: 5, backoffMs: 5 },
    );
    expect((await outcome).map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const result = await engine.execute(text(`SELECT writer, total FROM ${ledger} ORDER BY total`));
    const rows = result.all();
    expect(rows.map((row) => Number(row.total))).toEqual([1, 2]);
    expect(new Set(rows.map((row) => row.writer))).toEqual(new Set(['a', 'b']));
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(attempts()).toBe(2 + seen.length);
    for (const error of seen) {
      expect(OperationalError.isInstance(error)).toBe(true);
      expect((error as DBAPIError).driverCode).toBe('40001');
      expect(error.isRetryable).toBe(true);
    }
  });

  it('retries a transaction whose COMMIT fails with 40001', async (context) => {
    skipIfUnreachable(context);
    // The other transaction reads and appends like this one, and commits first, after this one
    // has written: only this one's COMMIT can tell that the two cannot both stand.
    const other = await serializable.connect();
    const sum = text(`SELECT coalesce(max(total), 0) FROM ${ledger}`);
    const append = text(`INSERT INTO ${ledger} (writer, total) VALUES (:w, :t)`);
    const { done, seen, attempts } = retryingTransaction(serializable, async (conn, attempt) => {
      const total = Number((await conn.execute(sum)).scalar());
      if (attempt === 1) {
        const theirs = Number((await other.execute(sum)).scalar());
        await conn.execute(append, { w: 'mine', t: total + 1 });
        await other.execute(append, { w: 'theirs', t: theirs + 1 });
        await other.commit();
        return;
      }
      await conn.execute(append, { w: 'mine', t: total + 1 });
    });
    try {
      await done;
    } finally {
      await other.close();
    }
    expect(attempts()).toBe(2);
    expect(seen).toHaveLength(1);
    expect((seen[0] as DBAPIError).driverCode).toBe('40001');
    expect((seen[0] as DBAPIError).statement).toBe('COMMIT');
    const rows = (
      await engine.execute(text(`SELECT writer, total FROM ${ledger} ORDER BY total`))
    ).all();
    expect(rows.map((row) => [row.writer, Number(row.total)])).toEqual([
      ['theirs', 1],
      ['mine', 2],
    ]);
  });

  it('gives up with the last 40001 after its retries when every attempt conflicts', async (context) => {
    skipIfUnreachable(context);
    await engine.execute(text(`INSERT INTO ${counters} (id, n) VALUES (1, 0)`));
    let attempts = 0;
    const error = await errorFrom(
      serializable.transaction(
        async (conn) => {
          attempts++;
          // The snapshot is taken here; another transaction then changes the row and commits,
          // so this transaction's update of it cannot be serialized.
          await conn.execute(text(`SELECT n FROM ${counters} WHERE id = 1`));
          await engine.execute(text(`UPDATE ${counters} SET n = n + 100 WHERE id = 1`));
          await conn.execute(text(`UPDATE ${counters} SET n = n + 1 WHERE id = 1`));
        },
        { retries: 2, backoff: { initialMs: 1, maxMs: 5 } },
      ),
    );
    expect(attempts).toBe(3);
    expect(OperationalError.isInstance(error)).toBe(true);
    expect((error as DBAPIError).driverCode).toBe('40001');
    expect((error as DBAPIError).attempts).toBe(3);
    expect(error.message).toMatch(/engine\.transaction\(\) gave up after 3 attempts\]$/);
    // Only the other transaction's three updates landed.
    const n = await engine.execute(text(`SELECT n FROM ${counters} WHERE id = 1`));
    expect(Number(n.scalar())).toBe(300);
  });

  it('retries the transaction PostgreSQL chose as a deadlock victim (40P01)', async (context) => {
    skipIfUnreachable(context);
    await engine.execute(text(`INSERT INTO ${counters} (id, n) VALUES (1, 0), (2, 0)`));
    const bump = text(`UPDATE ${counters} SET n = n + 1 WHERE id = :id`);
    const { outcome, seen } = crossingUpdates(engine, bump);
    expect((await outcome).map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await engine.execute(text(`SELECT n FROM ${counters} ORDER BY id`));
    expect(rows.scalars().all().map(Number)).toEqual([2, 2]);
    // One deadlock, or more when a retry meets the other transaction again.
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const error of seen) expect((error as DBAPIError).driverCode).toBe('40P01');
  });

  it('does not mark other errors retryable: a unique violation (23505)', async (context) => {
    skipIfUnreachable(context);
    const insert = text(`INSERT INTO ${counters} (id, n) VALUES (1, 0)`);
    await engine.execute(insert);
    const error = await errorFrom(engine.execute(insert));
    expect((error as DBAPIError).driverCode).toBe('23505');
    expect((error as DBAPIError).isRetryable).toBe(false);
  });
});

let isReachable: boolean | undefined;
async function reachable(): Promise<boolean> {
  isReachable ??= await engine.execute(text('SELECT 1')).then(
    () => true,
    () => false,
  );
  return isReachable;
}
