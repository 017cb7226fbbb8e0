import {
  ArgumentError,
  Column,
  select as coreSelect,
  createEngine,
  type Dialect,
  type Engine,
  Integer,
  InvalidRequestError,
  String,
  text,
} from '@athanor/core';
import {
  declarativeBase,
  inspect,
  ShardedSession,
  type ShardedSessionOptions,
  select,
  selectinload,
  setShardId,
} from '@athanor/orm';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';

/** Databases made for the suite: their URLs, and how to remove them afterwards. */
export interface ShardDatabases {
  readonly urls: readonly string[];
  drop(): Promise<void>;
}

/** Options of {@link runShardingSuite}. */
export interface ShardingSuiteOptions {
  readonly dialect: Dialect;
  /** Makes `count` empty databases on the server (each test run its own names). */
  readonly createDatabases: (count: number) => Promise<ShardDatabases>;
  /** The environment variable that points the tests at another server (in the skip message). */
  readonly envVar: string;
}

/**
 * A `ShardedSession` over two real databases of one dialect (SQLAlchemy's horizontal_shard):
 * where new objects go, that each object keeps its shard, fan-out and pinned queries, and
 * relationships read on their parent's shard. Every check reads the rows each database holds.
 * Outside CI a server that cannot be reached skips the tests with a message.
 */
export function runShardingSuite(options: ShardingSuiteOptions): void {
  const { dialect } = options;
  describe(`a sharded session on ${dialect.name}`, () => {
    const Base = declarativeBase();
    const suffix = process.pid;
    class Customer extends Base.model(`shard_customers_${suffix}`, {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      region: new Column(String(10), { nullable: false }),
      name: new Column(String(40), { nullable: false }),
    }) {
      declare orders: Order[];
      static {
        this.relationship('orders', () => Order, {
          backPopulates: 'customer',
          orderBy: () => Order.c.id,
        });
      }
    }
    class Order extends Base.model(`shard_orders_${suffix}`, {
      id: new Column(Integer, { primaryKey: true, autoincrement: false }),
      customerId: new Column(Integer, {
        foreignKey: `shard_customers_${suffix}.id`,
        nullable: false,
      }),
      item: new Column(String(40), { nullable: false }),
    }) {
      declare customer: Customer | null;
      static {
        this.relationship('customer', () => Customer, { backPopulates: 'orders' });
      }
    }

    let databases: ShardDatabases | undefined;
    let unreachable: string | undefined;
    let east: Engine;
    let west: Engine;
    const regionOf = (instance: object | undefined): string => {
      if (instance instanceof Customer) return instance.region;
      throw new Error('only customers are chosen by region here');
    };
    const sessionOptions = (): ShardedSessionOptions => ({
      shards: { east, west },
      // A customer goes by its region; an order goes with its customer (its shard, once known).
      shardChooser: (_mapper, instance) => {
        if (instance instanceof Order) {
          const customer = instance.customer;
          return customer ? (inspect(customer).identityToken ?? regionOf(customer)) : 'east';
        }
        return regionOf(instance);
      },
    });
    /** The rows a database holds, read straight from it, by id. */
    const rows = async (
      engine: Engine,
      model: typeof Customer | typeof Order,
    ): Promise<Record<string, unknown>[]> =>
      (await engine.execute(coreSelect(...model.table.columns).orderBy(model.table.c.id)))
        .mappings()
        .all();

    beforeAll(async () => {
      try {
        databases = await options.createDatabases(2);
      } catch (error) {
        if (process.env.CI === 'true') throw error;
        unreachable = `cannot make databases (${(error as Error).message}); set ${options.envVar}`;
        console.warn(`SKIPPING ${dialect.name} sharding tests: ${unreachable}.`);
        return;
      }
      east = createEngine(databases.urls[0] as string, { dialect });
      west = createEngine(databases.urls[1] as string, { dialect });
      await Base.metadata.createAll(east);
      await Base.metadata.createAll(west);
    });
    afterAll(async () => {
      await Promise.all([east?.dispose(), west?.dispose()]);
      await databases?.drop();
    });
    const clean = async (context: TestContext) => {
      if (unreachable) context.skip(unreachable);
      for (const engine of [east, west]) {
        await engine.begin(async (conn) => {
          await conn.execute(Order.table.delete());
          await conn.execute(Customer.table.delete());
        });
      }
    };

    it('writes each new object to the shard chosen at its flush, and it keeps that shard', async (context) => {
      await clean(context);
      await using session = new ShardedSession(sessionOptions());
      const ada = new Customer({ id: 1, region: 'east', name: 'Ada' });
      const bo = new Customer({ id: 1, region: 'west', name: 'Bo' });
      session.addAll([ada, bo]);
      await session.commit();
      expect((await rows(east, Customer)).map((row) => row.name)).toEqual(['Ada']);
      expect((await rows(west, Customer)).map((row) => row.name)).toEqual(['Bo']);
      expect(inspect(ada).identityToken).toBe('east');
      expect(inspect(bo).identityToken).toBe('west');

      // Changing the attribute the chooser read does not move a row: updates go to its shard.
      ada.region = 'west';
      ada.name = 'Ada L.';
      await session.commit();
      expect((await rows(east, Customer)).map((row) => [row.name, row.region])).toEqual([
        ['Ada L.', 'west'],
      ]);
      expect((await rows(west, Customer)).map((row) => row.name)).toEqual(['Bo']);
    });

    it('keeps one primary key on two shards as two objects, and get() tries the shards in order', async (context) => {
      await clean(context);
      await east.execute(Customer.table.insert().values({ id: 7, region: 'east', name: 'East 7' }));
      await west.execute(Customer.table.insert().values({ id: 7, region: 'west', name: 'West 7' }));
      await west.execute(Customer.table.insert().values({ id: 8, region: 'west', name: 'West 8' }));
      await using session = new ShardedSession({
        ...sessionOptions(),
        identityChooser: () => ['west', 'east'],
      });
      const first = await session.get(Customer, 7);
      expect(first?.name).toBe('West 7');
      const fromEast = await session.get(Customer, 7, { shardId: 'east' });
      expect(fromEast?.name).toBe('East 7');
      expect(fromEast).not.toBe(first);
      // Found in the identity map again, each under its shard.
      expect(await session.get(Customer, 7)).toBe(first);
      expect(await session.get(Customer, 7, { shardId: 'east' })).toBe(fromEast);
      expect((await session.get(Customer, 8))?.name).toBe('West 8');
      expect(await session.get(Customer, 8, { shardId: 'east' })).toBeNull();

      // A query over both shards returns both objects, the same ones get() gave.
      const all = (await session.scalars(select(Customer).orderBy(Customer.c.id))).all();
      expect(all).toContain(first);
      expect(all).toContain(fromEast);
      expect(all).toHaveLength(3);
    });

    it('fans a query out to the shards executeChooser names and concatenates their rows in shard order', async (context) => {
      await clean(context);
      for (const [engine, region, ids] of [
        [east, 'east', [3, 1]],
        [west, 'west', [4, 2]],
      ] as const) {
        for (const id of ids) {
          await engine.execute(
            Customer.table.insert().values({ id, region, name: `${region} ${id}` }),
          );
        }
      }
      const asked: string[][] = [];
      await using session = new ShardedSession({
        ...sessionOptions(),
        executeChooser: ({ mapper }) => {
          asked.push([mapper?.name ?? 'core']);
          return ['west', 'east'];
        },
      });
      // ORDER BY and LIMIT apply on each shard; the shards' rows follow each other.
      const names = (await session.scalars(select(Customer).orderBy(Customer.c.id).limit(1)))
        .all()
        .map((customer) => customer.name);
      expect(names).toEqual(['west 2', 'east 1']);
      expect(asked).toEqual([['Customer']]);

      // Pinned to one shard, by an option on the select or per execution: the chooser is not asked.
      const pinned = await session.scalars(
        select(Customer).orderBy(Customer.c.id).options(setShardId('east')),
      );
      expect(pinned.all().map((customer) => customer.name)).toEqual(['east 1', 'east 3']);
      const core = await session.execute(
        coreSelect(Customer.table.c.name).orderBy(Customer.table.c.id),
        undefined,
        { shardId: 'west' },
      );
      expect(core.all().map((row) => row.name)).toEqual(['west 2', 'west 4']);
      expect(asked).toHaveLength(1);

      // A bulk UPDATE runs on every shard chosen; its row count is their total.
      const updated = await session.execute(
        Customer.table.update().values({ name: 'renamed' }).where(Customer.table.c.id.gt(2)),
      );
      expect(updated.rowcount).toBe(2);
      await session.commit();
      expect((await rows(east, Customer)).map((row) => row.name)).toEqual(['east 1', 'renamed']);
      expect((await rows(west, Customer)).map((row) => row.name)).toEqual(['west 2', 'renamed']);
    });

    it('deletes a loaded object on its own shard, and reads its relationships there', async (context) => {
      await clean(context);
      await using session = new ShardedSession(sessionOptions());
      const eastAda = new Customer({ id: 1, region: 'east', name: 'Ada' });
      const westAda = new Customer({ id: 1, region: 'west', name: 'Ada' });
      eastAda.orders = [new Order({ id: 10, item: 'kettle' }), new Order({ id: 11, item: 'cup' })];
      westAda.orders = [new Order({ id: 10, item: 'teapot' })];
      session.addAll([eastAda, westAda]);
      await session.commit();
      expect((await rows(east, Order)).map((row) => row.item)).toEqual(['kettle', 'cup']);
      expect((await rows(west, Order)).map((row) => row.item)).toEqual(['teapot']);

      await using reader = new ShardedSession(sessionOptions());
      const customers = (
        await reader.scalars(select(Customer).options(selectinload(Customer.rel('orders'))))
      ).all();
      const byShard = new Map(customers.map((c) => [inspect(c).identityToken, c]));
      expect(byShard.get('east')?.orders.map((order) => order.item)).toEqual(['kettle', 'cup']);
      expect(byShard.get('west')?.orders.map((order) => order.item)).toEqual(['teapot']);
      expect(inspect(byShard.get('west')?.orders[0] as Order).identityToken).toBe('west');

      await reader.commit(); // SQLite: one transaction per file at a time
      // session.load() reads each object's relationship on its own shard too.
      await using loader = new ShardedSession(sessionOptions());
      const plain = (await loader.scalars(select(Customer))).all();
      await loader.load(plain, 'orders');
      expect(plain.map((c) => c.orders.length).sort()).toEqual([1, 2]);
      await loader.close();

      const teapot = byShard.get('west')?.orders[0] as Order;
      await reader.delete(teapot);
      await reader.commit();
      expect(await rows(west, Order)).toEqual([]);
      expect((await rows(east, Order)).map((row) => row.id)).toEqual([10, 11]);
    });

    it('fans out only SELECT, UPDATE and DELETE by default; an INSERT or a text() needs a shard', async (context) => {
      await clean(context);
      await using session = new ShardedSession(sessionOptions());
      const table = Customer.table;
      const insert = table.insert().values({ id: 5, region: 'east', name: 'Five' });
      const raw = text(`INSERT INTO ${table.name} (id, region, name) VALUES (:id, :region, :name)`);
      for (const refused of [
        session.execute(insert),
        session.execute(raw, { id: 6, region: 'west', name: 'Six' }),
      ]) {
        const error = await refused.catch((caught: unknown) => caught);
        expect(InvalidRequestError.isInstance(error)).toBe(true);
        expect((error as InvalidRequestError).code).toBe('no-shard');
        expect((error as Error).message).toContain("{ shardId: 'east' }");
      }
      expect(await rows(east, Customer)).toEqual([]);
      expect(await rows(west, Customer)).toEqual([]);

      // Pinned to a shard, each runs there once.
      await session.execute(insert, undefined, { shardId: 'east' });
      await session.execute(raw, { id: 6, region: 'west', name: 'Six' }, { shardId: 'west' });
      // SELECT, UPDATE and DELETE run on every shard.
      const updated = await session.execute(table.update().values({ name: 'renamed' }));
      expect(updated.rowcount).toBe(2);
      const names = await session.execute(coreSelect(table.c.name));
      expect(names.all().map((row) => row.name)).toEqual(['renamed', 'renamed']);
      await session.commit();
      expect((await rows(east, Customer)).map((row) => [row.id, row.name])).toEqual([
        [5, 'renamed'],
      ]);
      expect((await rows(west, Customer)).map((row) => [row.id, row.name])).toEqual([
        [6, 'renamed'],
      ]);
      const deleted = await session.execute(table.delete());
      expect(deleted.rowcount).toBe(2);
      await session.commit();
      expect([...(await rows(east, Customer)), ...(await rows(west, Customer))]).toEqual([]);
    });

    it('get() of an object deleted in the session (not flushed) gives null, or the same key on another shard', async (context) => {
      await clean(context);
      await east.execute(Customer.table.insert().values({ id: 3, region: 'east', name: 'East 3' }));
      await east.execute(Customer.table.insert().values({ id: 4, region: 'east', name: 'East 4' }));
      await west.execute(Customer.table.insert().values({ id: 4, region: 'west', name: 'West 4' }));
      await using session = new ShardedSession({ ...sessionOptions(), autoflush: false });
      const three = await session.get(Customer, 3);
      expect(three?.name).toBe('East 3');
      session.delete(three as Customer);
      expect(await session.get(Customer, 3)).toBeNull();
      expect(await session.get(Customer, 3, { shardId: 'east' })).toBeNull();

      const eastFour = await session.get(Customer, 4, { shardId: 'east' });
      session.delete(eastFour as Customer);
      expect((await session.get(Customer, 4))?.name).toBe('West 4');
      await session.commit();
      expect((await rows(east, Customer)).map((row) => row.id)).toEqual([]);
      expect((await rows(west, Customer)).map((row) => row.id)).toEqual([4]);
    });

    it('rejects a shard id it does not have, and one engine for two shards', async (context) => {
      if (unreachable) context.skip(unreachable);
      await using session = new ShardedSession({
        ...sessionOptions(),
        shardChooser: () => 'north',
      });
      session.add(new Customer({ id: 99, region: 'north', name: 'Nobody' }));
      const error = await session.flush().catch((caught: unknown) => caught);
      expect(ArgumentError.isInstance(error)).toBe(true);
      expect((error as ArgumentError).code).toBe('unknown-shard');
      expect((error as Error).message).toContain('its shards are east, west');
      expect(
        () => new ShardedSession({ ...sessionOptions(), shards: { east, west: east } }),
      ).toThrow('shards.east and shards.west are the same Engine');
    });
  });
}
