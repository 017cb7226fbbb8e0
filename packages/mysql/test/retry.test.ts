import { type DBAPIError, OperationalError, text } from '@athanor/core';
import { crossingUpdates, errorFrom, retryingTransaction, useLiveDatabase } from '@athanor/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';

// Real conflicts on MariaDB / MySQL that engine.transaction() retries: a deadlock (1213, also
// how Galera reports a lost certification) and a lock wait timeout (1205). The conformance
// suite's retry tests cover what every database shares.

const url = process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const { engine, skipIfUnreachable } = useLiveDatabase({
  dialect: mysqlDialect,
  url,
  envVar: 'ATHANOR_MYSQL_URL',
});

const suffix = `${process.pid.toString(36)}_${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
const counters = `retry_counters_${suffix}`;
const bump = text(`UPDATE ${counters} SET n = n + 1 WHERE id = :id`);
const values = async () =>
  (await engine.execute(text(`SELECT n FROM ${counters} ORDER BY id`))).scalars().all().map(Number);

let isReachable: boolean | undefined;
async function reachable(): Promise<boolean> {
  isReachable ??= await engine.execute(text('SELECT 1')).then(
    () => true,
    () => false,
  );
  return isReachable;
}

describe('engine.transaction() on MariaDB conflicts', () => {
  beforeAll(async () => {
    if (!(await reachable())) return;
    await engine.execute(
      text(`CREATE TABLE ${counters} (id INTEGER PRIMARY KEY, n INTEGER) ENGINE=InnoDB`),
    );
  });
  afterEach(async () => {
    if (!(await reachable())) return;
    await engine.execute(text(`DELETE FROM ${counters}`));
  });
  afterAll(async () => {
    if (!(await reachable())) return;
    await engine.execute(text(`DROP TABLE ${counters}`));
  });

  it('retries the transaction InnoDB rolled back to break a deadlock (1213)', async (context) => {
    skipIfUnreachable(context);
    await engine.execute(text(`INSERT INTO ${counters} (id, n) VALUES (1, 0), (2, 0)`));
    const { outcome, seen } = crossingUpdates(engine, bump);
    expect((await outcome).map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await values()).toEqual([2, 2]);
    // One deadlock, or more when a retry meets the other transaction again.
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const error of seen) {
      expect(OperationalError.isInstance(error)).toBe(true);
      expect((error as DBAPIError).driverCode).toBe('ER_LOCK_DEADLOCK');
      expect(((error as DBAPIError).cause as { errno?: number }).errno).toBe(1213);
    }
  });

  it('retries a lock wait timeout (1205) and succeeds once the lock is free', async (context) => {
    skipIfUnreachable(context);
    await engine.execute(text(`INSERT INTO ${counters} (id, n) VALUES (1, 0)`));
    // Another transaction holds the row until the first attempt has timed out waiting for it.
    const holder = await engine.connect();
    await holder.execute(bump, { id: 1 });
    const { done, seen, attempts } = retryingTransaction(engine, async (conn, attempt) => {
      // The holder lets go before the second attempt, as a slow transaction finally would.
      if (attempt === 2) await holder.commit();
      await conn.execute(text('SET SESSION innodb_lock_wait_timeout = 1'));
      await conn.execute(bump, { id: 1 });
    });
    try {
      await done;
    } finally {
      await holder.close();
    }
    expect(attempts()).toBe(2);
    expect(((seen[0] as DBAPIError).cause as { errno?: number }).errno).toBe(1205);
    expect(seen[0]?.isRetryable).toBe(true);
    expect(await values()).toEqual([2]);
  });

  it('does not mark other errors retryable: a duplicate key (1062)', async (context) => {
    skipIfUnreachable(context);
    const insert = text(`INSERT INTO ${counters} (id, n) VALUES (1, 0)`);
    await engine.execute(insert);
    const error = await errorFrom(engine.execute(insert));
    expect(((error as DBAPIError).cause as { errno?: number }).errno).toBe(1062);
    expect((error as DBAPIError).isRetryable).toBe(false);
  });
});
