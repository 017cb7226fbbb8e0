import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AthanorError,
  createEngine,
  type DBAPIError,
  OperationalError,
  text,
} from '@athanor/core';
import { errorFrom } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/index.js';

// SQLite's conflict is SQLITE_BUSY: a transaction that could not get the file's write lock
// within the busy timeout. Athanor takes that lock when a writing transaction begins, so the
// transaction fails before it wrote anything and engine.transaction() runs it again.

const directory = mkdtempSync(join(tmpdir(), 'athanor-sqlite-retry-'));
const engine = createEngine(`sqlite:///${join(directory, 'retry.db')}?timeout=1000`, {
  dialect: sqliteDialect,
});
afterAll(async () => {
  await engine.dispose();
  rmSync(directory, { recursive: true, force: true });
});

describe('engine.transaction() on SQLite', () => {
  beforeAll(() => engine.execute(text('CREATE TABLE log (writer TEXT NOT NULL)')));

  it('retries a transaction that found the database busy (SQLITE_BUSY)', async () => {
    // Another connection holds the write transaction past the busy timeout.
    const holder = await engine.connect();
    await holder.begin();
    await holder.execute(text("INSERT INTO log (writer) VALUES ('holder')"));
    const seen: AthanorError[] = [];
    let ran = 0;
    try {
      await engine.transaction(
        async (conn) => {
          ran++;
          await conn.execute(text("INSERT INTO log (writer) VALUES ('retried')"));
        },
        {
          backoff: (_retry, error) => {
            seen.push(error);
            // The holder commits before the next attempt asks for the lock again.
            void holder.commit();
            return 0;
          },
        },
      );
    } finally {
      await holder.close();
    }
    expect(seen).toHaveLength(1);
    expect(OperationalError.isInstance(seen[0])).toBe(true);
    expect((seen[0] as DBAPIError).driverCode).toBe('SQLITE_BUSY');
    expect(seen[0]?.isRetryable).toBe(true);
    // The first attempt failed at BEGIN, before the work ran; the second ran it once.
    expect(ran).toBe(1);
    const writers = await engine.execute(text('SELECT writer FROM log ORDER BY writer'));
    expect(writers.scalars().all()).toEqual(['holder', 'retried']);
  });

  it('does not mark other errors retryable: a constraint (SQLITE_CONSTRAINT)', async () => {
    const error = await errorFrom(engine.execute(text('INSERT INTO log (writer) VALUES (NULL)')));
    expect((error as DBAPIError).driverCode).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect((error as DBAPIError).isRetryable).toBe(false);
  });
});
