import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Connection, createEngine, type Engine, OperationalError, text } from '@athanor/core';
import { errorFrom } from '@athanor/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../src/index.js';

// Concurrent transactions on one SQLite file: one writer at a time per file in the process,
// waiting without blocking the event loop; readers free under WAL; other processes kept out by
// SQLite's own lock and busy timeout. No assertion depends on the machine's speed.

const directory = mkdtempSync(join(tmpdir(), 'athanor-sqlite-concurrency-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
});

let files = 0;
/** A fresh database file with a one-row counter and a table of writes. */
async function freshDatabase(query = ''): Promise<{ url: string; engine: Engine }> {
  const url = `sqlite:///${join(directory, `db${++files}.db`)}${query}`;
  const engine = open(url);
  await engine.execute(text('CREATE TABLE counter (n INTEGER NOT NULL)'));
  await engine.execute(text('INSERT INTO counter (n) VALUES (0)'));
  await engine.execute(
    text('CREATE TABLE writes (id INTEGER PRIMARY KEY, writer TEXT NOT NULL, n INTEGER)'),
  );
  return { url, engine };
}

function open(url: string): Engine {
  const engine = createEngine(url, { dialect: sqliteDialect });
  engines.push(engine);
  return engine;
}

/** Resolves after `count` turns of the event loop (each a setImmediate). */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Reads the counter, yields to the event loop, writes it back plus one, and logs the write. */
async function increment(conn: Connection, writer: string): Promise<void> {
  const n = Number((await conn.execute(text('SELECT n FROM counter'))).scalar());
  await turns(1);
  await conn.execute(text('UPDATE counter SET n = :n'), { n: n + 1 });
  await conn.execute(text('INSERT INTO writes (writer, n) VALUES (:writer, :n)'), {
    writer,
    n: n + 1,
  });
}

async function counts(engine: Engine): Promise<{ counter: number; writes: number }> {
  const counter = Number((await engine.execute(text('SELECT n FROM counter'))).scalar());
  const writes = Number((await engine.execute(text('SELECT count(*) FROM writes'))).scalar());
  return { counter, writes };
}

/**
 * Holds a write transaction open on `holder` until the returned `release()` is called, then
 * commits it; `committed` settles when it has.
 */
async function holdWrite(
  holder: Engine,
  writer: string,
): Promise<{ release(): void; committed: Promise<void> }> {
  const inserted = gate();
  const release = gate();
  const committed = holder.begin(async (conn) => {
    await increment(conn, writer);
    inserted.open();
    await release.opened;
  });
  await Promise.race([inserted.opened, committed]);
  return { release: release.open, committed };
}

describe('SQLite file: concurrent transactions in one process', () => {
  it('runs two engine.begin() transactions one after the other while the loop turns', async () => {
    const { engine } = await freshDatabase();
    const first = await holdWrite(engine, 'first');
    let secondStarted = false;
    let secondDone = false;
    const second = engine
      .begin(async (conn) => {
        secondStarted = true;
        await increment(conn, 'second');
      })
      .finally(() => {
        secondDone = true;
      });
    // The loop turns while the second waits, and the second neither runs its work nor fails:
    // it waits for the first to end. (It used to begin, then sleep in SQLite's synchronous busy
    // handler within one of these turns, freezing the loop, and fail with SQLITE_BUSY.)
    await turns(20);
    expect(secondStarted).toBe(false);
    expect(secondDone).toBe(false);
    first.release();
    await Promise.all([first.committed, second]);
    expect(secondStarted).toBe(true);
    expect(await counts(engine)).toEqual({ counter: 2, writes: 2 });
  });

  it('commits every transaction of 6 concurrent writing tasks, with no update lost', async () => {
    const { engine } = await freshDatabase();
    const tasks = 6;
    const perTask = 8;
    await Promise.all(
      Array.from({ length: tasks }, async (_, task) => {
        for (let i = 0; i < perTask; i++) {
          await engine.begin((conn) => increment(conn, `task ${task}`));
        }
      }),
    );
    expect(await counts(engine)).toEqual({ counter: tasks * perTask, writes: tasks * perTask });
  });

  it('takes turns between two engines on the same file, however its path is spelled', async () => {
    const { url, engine } = await freshDatabase();
    const other = open(url.replace(/\/(db\d+\.db)$/, '/./$1'));
    const first = await holdWrite(engine, 'engine 1');
    const second = other.begin((conn) => increment(conn, 'engine 2'));
    await turns(10);
    first.release();
    await Promise.all([first.committed, second]);
    expect(await counts(other)).toEqual({ counter: 2, writes: 2 });
  });

  it('lets writes in autocommit mode wait their turn too', async () => {
    const { engine } = await freshDatabase();
    const first = await holdWrite(engine, 'transaction');
    const autocommit = await engine.connect();
    await autocommit.setIsolationLevel('AUTOCOMMIT');
    const write = autocommit.execute(text("INSERT INTO writes (writer) VALUES ('autocommit')"));
    const streamed = await engine.connect();
    await streamed.setIsolationLevel('AUTOCOMMIT');
    const returning = streamed
      .stream(text("INSERT INTO writes (writer) VALUES ('streamed') RETURNING writer"))
      .then((result) => result.all());
    await turns(10);
    first.release();
    await Promise.all([first.committed, write]);
    expect((await returning).map((row) => row.writer)).toEqual(['streamed']);
    await Promise.all([autocommit.close(), streamed.close()]);
    expect(await counts(engine)).toEqual({ counter: 1, writes: 3 });
  });

  it('runs savepoints and ORM-style implicit transactions through the same lock', async () => {
    const { engine } = await freshDatabase();
    await Promise.all(
      Array.from({ length: 4 }, async (_, task) => {
        await using conn = await engine.connect();
        // The first execute begins the transaction ("commit as you go").
        await increment(conn, `implicit ${task}`);
        const savepoint = await conn.beginNested();
        await increment(conn, `nested ${task}`);
        await savepoint.rollback();
        await conn.commit();
      }),
    );
    expect(await counts(engine)).toEqual({ counter: 4, writes: 4 });
  });

  it('fails a waiter with a clear OperationalError when the holder keeps the lock too long', async () => {
    const { url, engine } = await freshDatabase();
    const impatient = open(`${url}?timeout=20`);
    const first = await holdWrite(engine, 'holder');
    const error = await errorFrom(impatient.begin((conn) => increment(conn, 'waiter')));
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toMatch(/SQLITE_BUSY/);
    expect((error as Error).message).toMatch(/another connection of this process/);
    first.release();
    await first.committed;
    expect(await counts(engine)).toEqual({ counter: 1, writes: 1 });
  });

  it('frees the lock when a transaction fails or its connection is closed', async () => {
    const { engine } = await freshDatabase();
    const failure = await errorFrom(
      engine.begin(async (conn) => {
        await increment(conn, 'rolled back');
        await conn.execute(text('INSERT INTO writes (writer) VALUES (NULL)'));
      }),
    );
    expect(failure).toBeInstanceOf(Error);
    const conn = await engine.connect();
    await increment(conn, 'closed without commit');
    await conn.close();
    await engine.begin((c) => increment(c, 'after'));
    expect(await counts(engine)).toEqual({ counter: 1, writes: 1 });
  });
});

describe('SQLite file: readers', () => {
  it('sets WAL on a file database', async () => {
    const { engine } = await freshDatabase();
    expect((await engine.execute(text('PRAGMA journal_mode'))).scalar()).toBe('wal');
  });

  it('reads committed data while a write transaction is open, without waiting for it', async () => {
    const { engine } = await freshDatabase();
    await engine.begin((conn) => increment(conn, 'committed'));
    const writer = await holdWrite(engine, 'uncommitted');
    const reader = await engine.connect();
    await reader.setIsolationLevel('AUTOCOMMIT');
    expect(await readAll(reader)).toEqual({ n: 1, writers: ['committed'] });
    await reader.close();
    // The writer is still open: a reader that waited for it would never get here.
    writer.release();
    await writer.committed;
    expect(await counts(engine)).toEqual({ counter: 2, writes: 2 });
  });
});

describe('SQLite file: read-only transactions', () => {
  it('read committed data while a writer holds the lock, without waiting for it', async () => {
    const { engine } = await freshDatabase();
    await engine.begin((conn) => increment(conn, 'committed'));
    const writer = await holdWrite(engine, 'uncommitted');
    // A read-only transaction that waited for the writer would never end before release().
    expect(await engine.begin({ readOnly: true }, readAll)).toEqual({
      n: 1,
      writers: ['committed'],
    });
    writer.release();
    await writer.committed;
    expect(await engine.begin({ readOnly: true }, readAll)).toEqual({
      n: 2,
      writers: ['committed', 'uncommitted'],
    });
  });

  it('refuses a write inside one at once, and the connection writes again afterwards', async () => {
    const { engine } = await freshDatabase();
    const writer = await holdWrite(engine, 'holder');
    const error = await errorFrom(
      engine.begin({ readOnly: true }, (conn) =>
        conn.execute(text("INSERT INTO writes (writer) VALUES ('sneaky')")),
      ),
    );
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toMatch(/readonly/);
    writer.release();
    await writer.committed;
    await using conn = await engine.connect();
    await conn.begin({ readOnly: true });
    await conn.rollback();
    await increment(conn, 'after');
    await conn.commit();
    expect(await counts(engine)).toEqual({ counter: 2, writes: 2 });
  });

  it('rejects options it does not know', async () => {
    const { engine } = await freshDatabase();
    const error = await errorFrom(engine.begin({ readonly: true } as never, async () => undefined));
    expect((error as Error).message).toMatch(/Unknown transaction option 'readonly'/);
    const notBoolean = await errorFrom(
      engine.begin({ readOnly: 'yes' } as never, async () => undefined),
    );
    expect((notBoolean as Error).message).toMatch(/readOnly must be true or false, got yes/);
    const noWork = await errorFrom(engine.begin({ readOnly: true } as never));
    expect((noWork as Error).message).toMatch(/takes the work to run as a function/);
    // A refused begin() left nothing behind: the lock is free.
    await engine.begin((conn) => increment(conn, 'after'));
    expect(await counts(engine)).toEqual({ counter: 1, writes: 1 });
  });
});

describe('SQLite file: a journal mode other than WAL', () => {
  it('keeps the mode the URL names, and still runs concurrent writers in turn', async () => {
    const { engine } = await freshDatabase('?journal_mode=DELETE');
    expect((await engine.execute(text('PRAGMA journal_mode'))).scalar()).toBe('delete');
    await Promise.all(
      Array.from({ length: 4 }, async (_, task) => {
        for (let i = 0; i < 5; i++) await engine.begin((conn) => increment(conn, `task ${task}`));
      }),
    );
    expect(await counts(engine)).toEqual({ counter: 20, writes: 20 });
  });

  it('makes read-only transactions take turns with writers', async () => {
    // Outside WAL, a reader in a transaction would make the writer's COMMIT wait synchronously.
    const { engine } = await freshDatabase('?journal_mode=DELETE');
    const writer = await holdWrite(engine, 'writer');
    let read: unknown;
    const reader = engine.begin({ readOnly: true }, async (conn) => {
      read = await readAll(conn);
    });
    await turns(10);
    expect(read).toBeUndefined();
    writer.release();
    await Promise.all([writer.committed, reader]);
    expect(read).toEqual({ n: 1, writers: ['writer'] });
  });
});

async function readAll(conn: Connection): Promise<{ n: number; writers: unknown[] }> {
  const n = Number((await conn.execute(text('SELECT n FROM counter'))).scalar());
  const writers = (await conn.execute(text('SELECT writer FROM writes ORDER BY id'))).scalars();
  return { n, writers: writers.all() };
}

describe('SQLite file: several processes', () => {
  // The children import the built package (dist): the test task builds it first.
  it('loses no write when child processes and this one write to the file at once', async () => {
    // A generous busy timeout: a slow machine must not turn a wait into a failure.
    const { url, engine } = await freshDatabase('?timeout=60000');
    const script = fileURLToPath(new URL('./fixtures/concurrent-writer.mjs', import.meta.url));
    const children = 3;
    const perWriter = 15;
    const exits = Array.from({ length: children }, (_, child) =>
      runChild(script, [url, `child ${child}`, String(perWriter)]),
    );
    const local = Array.from({ length: 2 }, async (_, task) => {
      for (let i = 0; i < perWriter; i++) {
        await engine.begin((conn) => increment(conn, `parent ${task}`));
      }
    });
    const [codes] = await Promise.all([Promise.all(exits), Promise.all(local)]);
    expect(codes).toEqual(Array.from({ length: children }, () => ({ code: 0, stderr: '' })));
    const total = (children + 2) * perWriter;
    expect(await counts(engine)).toEqual({ counter: total, writes: total });
  });
});

function runChild(
  script: string,
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
