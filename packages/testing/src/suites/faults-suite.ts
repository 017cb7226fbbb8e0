import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Column,
  type Connection,
  type Engine,
  func,
  Integer,
  insert,
  OperationalError,
  String,
  select,
  Table,
  TimeoutError,
  text,
  update,
} from '@athanor/core';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';
import { killFromAnotherConnection } from './errors-suite.js';
import { flushThenWaitChildSource } from './flush-then-wait-child.js';

/**
 * Faults: a server session killed while idle in the pool and in the middle of a transaction, an
 * exhausted pool and a burst of calls. Each test checks the four things that matter after a
 * fault: a clear error of the documented class, nothing half-written, the same engine working
 * again, and no connection left open (in the pool and on the server).
 *
 * Only the suite's own server sessions are killed: each test learns its victim's id from the
 * victim itself (`provision.connectionIdSql`).
 */
export function faultsSuite(h: Harness): void {
  describe('faults', () => {
    const { tables } = useTables(h, (metadata) => ({
      items: new Table(h.table('fault_items'), metadata, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        label: new Column(String(40)),
      }),
    }));
    afterEach(async () => {
      if (!h.unreachable) await h.engine.execute(tables.items.delete());
    });

    // Behind a transaction pooler a server session id names one transaction's session, not a
    // connection's, so neither killing nor counting by id means anything there.
    const pooled = () =>
      h.options.behindTransactionPooler === true &&
      'behind a transaction pooler a server session id does not name one connection';
    const killable = () =>
      (!h.dialect.provision && 'the dialect provides no way to kill a connection on the server') ||
      pooled();
    const countable = () =>
      (!h.dialect.provision?.countOpenConnections &&
        'the dialect provides no way to count server sessions (provision.countOpenConnections)') ||
      pooled();
    const singleConnection = () =>
      h.dialect.poolClassFor(h.url) === 'static' &&
      'this database keeps a single connection, so there is no pool to exhaust or burst';

    // The child process must reach the same database by its URL: a server on this machine.
    const serverOnLoopback = () => {
      const { host, port } = h.url;
      if (!host || !port) return 'the database is not a server a child process can reach by URL';
      if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
        return 'the database is not on this machine';
      }
      return false;
    };
    const connectionIdSql = () => h.dialect.provision?.connectionIdSql ?? 'SELECT 1';
    const idOf = async (conn: Connection) => (await conn.execute(text(connectionIdSql()))).scalar();
    /** How many of the server sessions `ids` are still open, asked from a separate connection. */
    const countOnServer = async (ids: readonly unknown[]): Promise<number> => {
      const provision = h.dialect.provision;
      if (!provision?.countOpenConnections) throw new Error('unreachable: gated on countable');
      const admin = await h.dialect
        .createDriver(h.url, h.options.engineOptions?.connectArgs ?? {})
        .connect();
      try {
        return await provision.countOpenConnections(admin, ids);
      } finally {
        await admin.close();
      }
    };
    /**
     * How many of the sessions `ids` the server has open, read again until it is `expected` or
     * 30 s have passed: a server ends a session a moment after the client closes it (MariaDB
     * handles the QUIT on its own thread), so one read straight after a close can still count it.
     */
    const openOnServer = async (ids: readonly unknown[], expected: number): Promise<number> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const open = await countOnServer(ids);
        if (open === expected || Date.now() > deadline) return open;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    /**
     * The error of a call on a killed session keeps the server's reason as its cause, where the
     * dialect says what that is (PostgreSQL's 57P01), not only the driver's "connection lost".
     */
    const expectKillReason = (error: unknown) => {
      const reason = h.dialect.provision?.killedSessionCause;
      if (reason) expect((error as Error).cause).toMatchObject(reason);
    };
    const rowCount = async (engine: Engine) =>
      (await engine.execute(select(func.count()).selectFrom(tables.items))).scalar();

    test(
      h,
      'a session killed while idle in the pool is replaced at checkout (prePing); nothing leaks',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, prePing: true } });
        const victim = (await engine.execute(text(connectionIdSql()))).scalar();
        expect(engine.pool?.idle).toBe(1);
        await killFromAnotherConnection(h, victim);
        expect(await openOnServer([victim], 0)).toBe(0);
        // The caller never sees the dead session: the ping fails, the pool opens another.
        const fresh = (await engine.execute(text(connectionIdSql()))).scalar();
        expect(fresh).not.toEqual(victim);
        expect(engine.pool?.checkedOut).toBe(0);
        expect(engine.pool?.idle).toBe(1);
        expect(await openOnServer([victim, fresh], 1)).toBe(1);
        await engine.dispose();
        expect(await openOnServer([fresh], 0)).toBe(0);
      },
      countable,
    );

    test(
      h,
      'a session killed while idle, without prePing: at most one call fails, as an OperationalError, then the engine works',
      async () => {
        const engine = h.createEngine({ pool: { size: 1 } });
        const victim = (await engine.execute(text(connectionIdSql()))).scalar();
        await killFromAnotherConnection(h, victim);
        // The driver may notice the closed socket before checkout (then the pool replaces it
        // silently), or only when the next statement fails: that one call is an
        // OperationalError with connectionInvalidated, and it is not retried.
        let failures = 0;
        let fresh: unknown;
        for (let attempt = 0; attempt < 3 && fresh === undefined; attempt++) {
          try {
            fresh = (await engine.execute(text(connectionIdSql()))).scalar();
          } catch (error) {
            failures++;
            expect(error).toBeInstanceOf(OperationalError);
            expect((error as OperationalError).connectionInvalidated).toBe(true);
            expectKillReason(error);
          }
        }
        expect(failures).toBeLessThanOrEqual(1);
        expect(fresh).not.toEqual(victim);
        expect(engine.pool?.checkedOut).toBe(0);
        expect(await openOnServer([victim, fresh], 1)).toBe(1);
      },
      countable,
    );

    test(
      h,
      'a session killed mid-transaction: OperationalError, no row of it written, the engine works again',
      async () => {
        const provision = h.dialect.provision;
        if (!provision) throw new Error('unreachable: gated on killable');
        const engine = h.createEngine({ pool: { size: 2 } });
        let victim: unknown;
        const error = await errorFrom(
          engine.begin(async (conn) => {
            await conn.execute(
              insert(tables.items).values([
                { id: 1, label: 'first' },
                { id: 2, label: 'second' },
              ]),
            );
            victim = await idOf(conn);
            await killFromAnotherConnection(h, victim);
            await conn.execute(insert(tables.items).values({ id: 3, label: 'third' }));
          }),
        );
        expect(error).toBeInstanceOf(OperationalError);
        expect((error as OperationalError).connectionInvalidated).toBe(true);
        expectKillReason(error);
        expect(engine.pool?.checkedOut).toBe(0);
        // Nothing of the transaction reached the table: the server rolled it back.
        expect(await rowCount(engine)).toBe(0);
        // The same engine takes the next transaction on a new session.
        await engine.begin(async (conn) => {
          expect(await idOf(conn)).not.toEqual(victim);
          await conn.execute(insert(tables.items).values({ id: 4, label: 'after' }));
        });
        expect(await rowCount(h.engine)).toBe(1);
        expect(engine.pool?.checkedOut).toBe(0);
        if (provision.countOpenConnections) expect(await openOnServer([victim], 0)).toBe(0);
      },
      killable,
    );

    test(
      h,
      'a session killed while idle on a held Connection: the next call is an OperationalError with the reason',
      async () => {
        const engine = h.createEngine({ pool: { size: 1 } });
        const conn = await engine.connect();
        const victim = await idOf(conn);
        await conn.commit();
        await killFromAnotherConnection(h, victim);
        const error = await errorFrom(conn.execute(text(connectionIdSql())));
        expect(error).toBeInstanceOf(OperationalError);
        expect((error as OperationalError).connectionInvalidated).toBe(true);
        expectKillReason(error);
        await conn.rollback();
        expect(await idOf(conn)).not.toEqual(victim);
        await conn.close();
        expect(engine.pool?.checkedOut).toBe(0);
      },
      killable,
    );

    test(
      h,
      'a session killed mid-transaction on a held Connection: its statements are refused until rollback()',
      async () => {
        const engine = h.createEngine({ pool: { size: 1 } });
        const conn = await engine.connect();
        await conn.execute(insert(tables.items).values({ id: 1, label: 'lost' }));
        const victim = await idOf(conn);
        await killFromAnotherConnection(h, victim);
        const error = await errorFrom(
          conn.execute(insert(tables.items).values({ id: 2, label: 'x' })),
        );
        expect(error).toBeInstanceOf(OperationalError);
        expectKillReason(error);
        expect(conn.invalidated).toBe(true);
        await conn.rollback();
        expect(await idOf(conn)).not.toEqual(victim);
        await conn.close();
        expect(engine.pool?.checkedOut).toBe(0);
        expect(await rowCount(engine)).toBe(0);
      },
      killable,
    );

    test(
      h,
      'a burst of 200 concurrent calls on a small pool all succeed, on at most size + maxOverflow sessions',
      async () => {
        const size = 3;
        const maxOverflow = 2;
        const engine = h.createEngine({ pool: { size, maxOverflow, timeout: 120_000 } });
        const ids = await Promise.all(
          Array.from({ length: 200 }, async () =>
            (await engine.execute(text(connectionIdSql()))).scalar(),
          ),
        );
        expect(ids).toHaveLength(200);
        const distinct = [...new Set(ids)];
        expect(distinct.length).toBeLessThanOrEqual(size + maxOverflow);
        expect(engine.pool?.checkedOut).toBe(0);
        expect(engine.pool?.idle).toBeLessThanOrEqual(size);
        // On the server: the overflow sessions were closed when returned; the idle ones remain.
        expect(await openOnServer(distinct, engine.pool?.idle ?? 0)).toBe(engine.pool?.idle);
        await engine.dispose();
        expect(await openOnServer(distinct, 0)).toBe(0);
      },
      () => countable() || singleConnection(),
      180_000,
    );

    test(
      h,
      'an exhausted pool refuses the extra call with a TimeoutError; after release all calls work',
      async () => {
        const engine = h.createEngine({ pool: { size: 2, maxOverflow: 0, timeout: 200 } });
        const held = [await engine.connect(), await engine.connect()];
        const ids = await Promise.all(held.map(idOf));
        const error = await errorFrom(engine.execute(text('SELECT 1')));
        expect(error).toBeInstanceOf(TimeoutError);
        expect(error.message).toContain('Pool limit reached');
        expect(engine.pool?.checkedOut).toBe(2);
        for (const conn of held) await conn.close();
        expect(engine.pool?.checkedOut).toBe(0);
        const after = await Promise.all(
          Array.from({ length: 20 }, async () =>
            (await engine.execute(text(connectionIdSql()))).scalar(),
          ),
        );
        // The same two sessions served the calls after release: none was opened or lost.
        expect(new Set(after)).toEqual(new Set(ids));
        expect(await openOnServer(ids, 2)).toBe(2);
      },
      () => countable() || singleConnection(),
    );

    test(
      h,
      'a process SIGKILLed between flush and commit leaves nothing written and no lock held',
      async () => {
        await h.engine.execute(
          insert(tables.items).values([1, 2, 3].map((id) => ({ id, label: 'kept' }))),
        );
        const dir = await mkdtemp(join(tmpdir(), 'athanor-fault-'));
        const script = join(dir, 'flush-then-wait.mjs');
        await writeFile(script, flushThenWaitChildSource);
        const require = createRequire(import.meta.url);
        const built = (name: string) => pathToFileURL(require.resolve(name)).href;
        // The child finds the dialect package from the working directory, as an application
        // that names its database by URL does.
        const child = spawn(
          process.execPath,
          [script, built('@athanor/core'), built('@athanor/orm'), tables.items.name],
          {
            cwd: process.cwd(),
            env: { ...process.env, ATHANOR_FAULT_URL: h.options.url },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_code, signal) => resolve(signal)),
        );
        try {
          await new Promise<void>((resolve, reject) => {
            let out = '';
            let err = '';
            child.stdout.on('data', (chunk) => {
              out += chunk;
              if (out.includes('flushed')) resolve();
            });
            child.stderr.on('data', (chunk) => {
              err += chunk;
            });
            child.on('exit', (code) =>
              reject(new Error(`The child exited (${code}) before it flushed:\n${err}`)),
            );
          });
          // The child's transaction holds the rows: an update waits and ends at its timeout.
          const engine = h.createEngine({ pool: { size: 1 } });
          const blocked = await errorFrom(
            engine.execute(update(tables.items).values({ label: 'parent' }), {}, { timeout: 500 }),
          );
          expect(blocked).toBeInstanceOf(OperationalError);
          child.kill('SIGKILL');
          expect(await exited).toBe('SIGKILL');
        } finally {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await rm(dir, { recursive: true, force: true });
        }
        // The server rolled the dead client's transaction back and freed its locks: the same
        // rows update at once (a lock still held would end this at statementTimeout instead).
        const engine = h.createEngine({ statementTimeout: 30_000 });
        await engine.begin(async (conn) => {
          const updated = await conn.execute(update(tables.items).values({ label: 'parent' }));
          expect(updated.rowcount).toBe(3);
        });
        const rows = await engine.execute(
          select(tables.items.c.id, tables.items.c.label).orderBy(tables.items.c.id),
        );
        expect(rows.all().map((row) => [row.id, row.label])).toEqual([
          [1, 'parent'],
          [2, 'parent'],
          [3, 'parent'],
        ]);
      },
      serverOnLoopback,
      120_000,
    );
  });
}
