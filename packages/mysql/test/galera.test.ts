import {
  type AthanorError,
  Column,
  createEngine,
  type DBAPIError,
  type Dialect,
  delete_,
  type Engine,
  Integer,
  insert,
  MetaData,
  OperationalError,
  String,
  select,
  Table,
  text,
} from '@athanor/core';
import { declarativeBase, sessionmaker } from '@athanor/orm';
import { barrier } from '@athanor/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';
import { WithoutReturningDialect } from './without-returning-dialect.js';

// A three-node MariaDB Galera cluster (started by test/galera-setup.ts, or pointed at with
// ATHANOR_GALERA_URLS). Every node takes writes; each numbers new rows at a step of 3 from its
// own offset (wsrep_auto_increment_control); two nodes that change one row at once see the
// second commit fail certification (1213), which engine.transaction() and session.run() retry.
const target = inject('galera');

const suffix = `${process.pid.toString(36)}_${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
const metadata = new MetaData();
const items = new Table(`galera_items_${suffix}`, metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(40), { nullable: false }),
});
const counters = new Table(`galera_counters_${suffix}`, metadata, {
  id: new Column(Integer, { primaryKey: true, autoincrement: false }),
  n: new Column(Integer, { nullable: false }),
});
const landed = new Table(`galera_landed_${suffix}`, metadata, {
  id: new Column(Integer, { primaryKey: true }),
  who: new Column(String(20), { nullable: false }),
});
const Base = declarativeBase({ metadata });
class Item extends Base.mapTable(items) {}
class Counter extends Base.mapTable(counters) {}

/**
 * Waits until the node behind `engine` has applied every transaction the cluster committed
 * before now (`wsrep_sync_wait = 1` makes the next read wait for it), so a read there sees
 * writes made on another node. Galera replicates synchronously but applies asynchronously.
 */
async function caughtUp(engine: Engine): Promise<void> {
  // In autocommit: a transaction's snapshot may be taken before a SET inside it, and a read in
  // that snapshot would not wait (the test below explains the same for its causal read).
  const conn = await engine.connect();
  try {
    await conn.setIsolationLevel('AUTOCOMMIT');
    await conn.execute(text('SET SESSION wsrep_sync_wait = 1'));
    await conn.execute(select(counters.c.id).limit(1));
    await conn.execute(text('SET SESSION wsrep_sync_wait = 0'));
  } finally {
    await conn.close();
  }
}

if ('unavailable' in target) {
  describe('a three-node MariaDB Galera cluster', () => {
    it.skip(`skipped: ${target.unavailable}`, () => undefined);
  });
} else {
  const dialects: [string, Dialect][] = [
    ['with RETURNING', mysqlDialect],
    ['without RETURNING', new WithoutReturningDialect()],
  ];
  const nodes = target.urls.map((url, i) => ({
    name: `node ${i + 1}`,
    engines: dialects.map(([label, dialect]) => ({
      label,
      engine: createEngine(url, { dialect, pool: { size: 3 } }),
    })),
  }));
  const engineOf = (node: number) =>
    (nodes[node] as (typeof nodes)[number]).engines[0]?.engine as Engine;

  beforeAll(async () => {
    await metadata.createAll(engineOf(0));
    // DDL replicates in total order; wait for each node to have applied it.
    for (let node = 0; node < 3; node++) await caughtUp(engineOf(node));
  });
  afterEach(async () => {
    // Node 1 first applies what the test wrote elsewhere: a local DELETE that meets a write set
    // still being applied would be aborted (1213), as any local transaction would.
    await caughtUp(engineOf(0));
    // Retried as any write on Galera must be: a write set still in flight can abort it (1213).
    await engineOf(0).transaction(
      async (conn) => {
        for (const table of [items, counters, landed]) await conn.execute(delete_(table));
      },
      { retries: 5 },
    );
    for (let node = 0; node < 3; node++) await caughtUp(engineOf(node));
  });
  afterAll(async () => {
    await metadata.dropAll(engineOf(0));
    for (const node of nodes) for (const { engine } of node.engines) await engine.dispose();
  });

  describe('a three-node MariaDB Galera cluster', () => {
    it('is three synced nodes, each numbering rows at a step of 3 from its own offset', async () => {
      const offsets: number[] = [];
      for (let node = 0; node < 3; node++) {
        const row = (
          await engineOf(node).execute(
            text(
              'SELECT @@auto_increment_increment AS step, @@auto_increment_offset AS start, ' +
                '@@wsrep_auto_increment_control AS control, @@innodb_autoinc_lock_mode AS mode',
            ),
          )
        ).one();
        expect([Number(row.step), Number(row.control), Number(row.mode)]).toEqual([3, 1, 2]);
        offsets.push(Number(row.start));
        const size = (
          await engineOf(node).execute(text("SHOW STATUS LIKE 'wsrep_cluster_size'"))
        ).one();
        expect(Number(size.Value)).toBe(3);
      }
      // Otherwise the id tests below would not test what they are here for.
      expect(offsets.sort()).toEqual([1, 2, 3]);
    });
  });

  for (const node of nodes) {
    for (const { label, engine } of node.engines) {
      describe(`ids on ${node.name}, ${label}`, () => {
        const stored = async () =>
          (await engine.execute(select(items.c.id, items.c.name).orderBy(items.c.id)))
            .all()
            .map((row) => [Number(row.id), row.name]);
        const offset = async () =>
          Number((await engine.execute(text('SELECT @@auto_increment_offset'))).scalar());

        it('ORM objects get the ids the node gave their rows', async () => {
          const session = sessionmaker({ bind: engine })();
          const made = ['a', 'b', 'c', 'd'].map((name) => new Item({ name }));
          session.addAll(made);
          await session.commit();
          await session.close();
          const rows = await stored();
          expect(made.map((item) => [item.id, item.name])).toEqual(rows);
          const residue = (await offset()) % 3;
          for (const [id] of rows) expect(Number(id) % 3).toBe(residue);
        });

        it('Core reports the ids of a single-row and a many-row INSERT', async () => {
          const one = await engine.execute(insert(items).values({ name: 'single' }));
          const many = await engine.execute(insert(items), [
            { name: 'x' },
            { name: 'y' },
            { name: 'z' },
          ]);
          const rows = await stored();
          expect(one.insertedPrimaryKey).toEqual([rows[0]?.[0]]);
          // Without RETURNING the step cannot be trusted under Galera (it changes when nodes
          // join or leave), so keys are reported only where the server says them.
          const keys = many.insertedPrimaryKeys.map(([id]) => (id === null ? null : Number(id)));
          expect(keys).toEqual(
            label === 'with RETURNING' ? rows.slice(1).map(([id]) => id) : keys.map(() => null),
          );
          expect(rows.map(([, name]) => name)).toEqual(['single', 'x', 'y', 'z']);
          const residue = (await offset()) % 3;
          for (const [id] of rows) expect(Number(id) % 3).toBe(residue);
        });
      });
    }
  }

  describe('certification conflicts: two nodes change one row at once', () => {
    const bump = text(`UPDATE ${counters.name} SET n = n + 1 WHERE id = 1`);
    const count = async () =>
      Number((await engineOf(0).execute(select(counters.c.n).where(counters.c.id.eq(1)))).scalar());
    const whoLanded = async () =>
      (await engineOf(0).execute(select(landed.c.who).orderBy(landed.c.who))).scalars().all();
    const errno = (error: unknown) => ((error as DBAPIError).cause as { errno?: number }).errno;

    beforeEach(async () => {
      await engineOf(0).transaction(
        (conn) => conn.execute(insert(counters).values({ id: 1, n: 0 })),
        {
          retries: 5,
        },
      );
      for (let node = 0; node < 3; node++) await caughtUp(engineOf(node));
    });

    it('the second commit fails certification with a retryable error, and only the first lands', async () => {
      const first = await engineOf(0).connect();
      const second = await engineOf(1).connect();
      try {
        await first.begin();
        await second.begin();
        // No lock is shared across nodes: both updates succeed locally.
        await first.execute(bump);
        await second.execute(bump);
        await first.commit();
        // Node 2 learns of node 1's write set, which conflicts with its open one: either it
        // aborts the local transaction at once, or certification fails it at commit.
        const error = await second.commit().then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(OperationalError.isInstance(error)).toBe(true);
        expect(errno(error)).toBe(1213);
        expect((error as AthanorError).isRetryable).toBe(true);
      } finally {
        await first.close();
        await second.close();
      }
      expect(await count()).toBe(1);
    });

    it('engine.transaction() retries the loser: both updates land, exactly once each', async () => {
      const bothUpdated = barrier(2);
      const seen: AthanorError[] = [];
      let attempts = 0;
      const work = (node: number, who: string) => {
        let firstAttempt = true;
        return engineOf(node).transaction(
          async (conn) => {
            attempts++;
            await conn.execute(bump);
            await conn.execute(insert(landed).values({ who }));
            if (firstAttempt) {
              firstAttempt = false;
              await bothUpdated();
            }
          },
          {
            retries: 5,
            backoff: (_retry, error) => {
              seen.push(error);
              return 0;
            },
          },
        );
      };
      await Promise.all([work(1, 'node 2'), work(2, 'node 3')]);
      await caughtUp(engineOf(0));
      expect(await count()).toBe(2);
      expect(await whoLanded()).toEqual(['node 2', 'node 3']);
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(attempts).toBe(2 + seen.length);
      for (const error of seen) {
        expect(errno(error)).toBe(1213);
        expect(error.isRetryable).toBe(true);
      }
    });

    it('session.run() retries the loser: a read-modify-write on two nodes loses no update', async () => {
      const bothRead = barrier(2);
      const runs: number[] = [];
      const work = async (node: number) => {
        const session = sessionmaker({ bind: engineOf(node) })();
        let attempt = 0;
        await session.run(
          async (s) => {
            attempt++;
            // A plain read, no lock: on another node a lock would not help anyway.
            const counter = (await s.get(Counter, 1)) as Counter;
            counter.n += 1;
            await s.flush();
            if (attempt === 1) await bothRead();
          },
          { retries: 5, backoff: () => 0 },
        );
        runs.push(attempt);
        await session.close();
      };
      await Promise.all([work(0), work(2)]);
      await caughtUp(engineOf(1));
      const check = sessionmaker({ bind: engineOf(1) })();
      expect(((await check.get(Counter, 1)) as Counter).n).toBe(2);
      await check.close();
      // One session committed at its first attempt, the other after at least one retry.
      expect(runs.sort()[0]).toBe(1);
      expect(runs.sort()[1]).toBeGreaterThanOrEqual(2);
    });
  });

  describe('Core and the ORM on any node', () => {
    it('rows written on node 2 are read on node 3 once it has caught up (wsrep_sync_wait)', async () => {
      const writer = sessionmaker({ bind: engineOf(1) })();
      const made = new Item({ name: 'from node 2' });
      writer.add(made);
      await writer.commit();
      await writer.close();
      await engineOf(1).execute(insert(items), [{ name: 'core 1' }, { name: 'core 2' }]);

      // Read on node 3 with wsrep_sync_wait set before any transaction: a transaction's snapshot
      // may be taken before a SET inside it, so the SET and the causal read run in autocommit.
      const conn = await engineOf(2).connect();
      try {
        await conn.setIsolationLevel('AUTOCOMMIT');
        await conn.execute(text('SET SESSION wsrep_sync_wait = 1'));
        const names = (await conn.execute(select(items.c.name).orderBy(items.c.id)))
          .scalars()
          .all();
        expect(names).toEqual(['from node 2', 'core 1', 'core 2']);
        await conn.execute(text('SET SESSION wsrep_sync_wait = 0'));
      } finally {
        await conn.close();
      }
      // Node 3 has applied those commits now: the ORM reads the object there too.
      const reader = sessionmaker({ bind: engineOf(2) })();
      const loaded = await reader.get(Item, made.id);
      expect(loaded?.name).toBe('from node 2');
      await reader.close();
    });
  });
}
