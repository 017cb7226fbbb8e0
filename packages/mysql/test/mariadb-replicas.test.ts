import net from 'node:net';
import {
  Column,
  createEngine,
  type Engine,
  type EngineOptions,
  func,
  Integer,
  insert,
  literalColumn,
  MetaData,
  String,
  select,
  Table,
  text,
  union,
} from '@athanor/core';
import { freePort } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';
import { waitForReplica, warningsLog } from './mariadb-replication-helpers.js';

// A private MariaDB primary (server_id 1) and a replica replicating from it (server_id 2),
// started by test/mariadb-replica-setup.ts. The tests tell the servers apart by @@server_id.
const target = inject('mariadbReplication');

describe.skipIf(target.unavailable !== undefined)('an engine with a MariaDB read replica', () => {
  // (Collected even when skipped: placeholder URLs then, never connected to.)
  const primaryUrl = target.unavailable === undefined ? target.primaryUrl : 'mysql://x:1/n';
  const replicaUrl = target.unavailable === undefined ? target.replicaUrl : 'mysql://x:1/n';
  const log = warningsLog();
  const engines: Engine[] = [];
  const engineWith = (replicas: string[], options: EngineOptions = {}) => {
    const engine = createEngine(primaryUrl, { dialect: mysqlDialect, replicas, ...options });
    engines.push(engine);
    return engine;
  };
  const engine = engineWith([replicaUrl], { logger: log.log });
  const replica = createEngine(replicaUrl, { dialect: mysqlDialect });
  const metadata = new MetaData();
  const users = new Table(`replica_users_${process.pid}`, metadata, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(30), { nullable: false }),
  });
  const serverId = literalColumn<number>('@@server_id');
  const whichServer = select(serverId);
  const onPort = (port: number) => replicaUrl.replace(/:\d+\//, `:${port}/`);

  beforeAll(async () => {
    await engine.begin((conn) => metadata.createAll(conn));
  });
  afterAll(async () => {
    await engine.begin((conn) => metadata.dropAll(conn));
    await Promise.all([...engines, replica].map((each) => each.dispose()));
  });

  it('runs a plain select on the replica, and writes and DDL on the primary', async () => {
    expect(Number((await engine.execute(whichServer)).scalar())).toBe(2);
    // The table was created through the engine, so on the primary, and replicated; the
    // insert too: the replica has the row only once it has applied the primary's binary log.
    await engine.execute(insert(users).values({ id: 1, name: 'Ada' }));
    await waitForReplica(engine, replica);
    const rows = await engine.execute(select(users.c.name, serverId));
    expect(rows.all().map((row) => [row[0], Number(row[1])])).toEqual([['Ada', 2]]);
  });

  it('sees a row written on the primary once the replica has applied it', async () => {
    await engine.execute(insert(users).values({ id: 2, name: 'Grace' }));
    await waitForReplica(engine, replica);
    const names = await engine.execute(select(users.c.name).where(users.c.id.eq(2)));
    expect(names.scalars().all()).toEqual(['Grace']);
  });

  it('keeps on the primary a select asked to, a locking select, and raw SQL not marked read-only', async () => {
    const id = async (result: Promise<{ scalar(): unknown }>) => Number((await result).scalar());
    expect(await id(engine.execute(whichServer, undefined, { usePrimary: true }))).toBe(1);
    const locked = select(users.c.id, serverId).where(users.c.id.eq(1)).forUpdate();
    expect((await engine.execute(locked)).all().map((row) => [row[0], Number(row[1])])).toEqual([
      [1, 1],
    ]);
    const raw = text('SELECT @@server_id');
    expect(await id(engine.execute(raw))).toBe(1);
    expect(await id(engine.execute(raw, undefined, { readOnly: true }))).toBe(2);
  });

  it('runs a union of plain selects on the replica', async () => {
    const both = union(select(serverId), select(serverId));
    expect((await engine.execute(both)).scalars().all().map(Number)).toEqual([2]);
  });

  it('gives connect() the primary and connectForRead() a replica', async () => {
    {
      await using conn = await engine.connect();
      expect(Number((await conn.execute(whichServer)).scalar())).toBe(1);
    }
    await using conn = await engine.connectForRead();
    expect(Number((await conn.execute(whichServer)).scalar())).toBe(2);
  });

  it('takes the replicas in turn, round-robin', async () => {
    const twoReplicas = engineWith([replicaUrl, replicaUrl]);
    // Each replica engine keeps its one pooled connection, so its connection id names it.
    const idAndServer = select(func.call<number>('CONNECTION_ID'), serverId);
    const read = async () => [...(await twoReplicas.execute(idAndServer)).one()].map(Number);
    const [a, aServer] = await read();
    const [b] = await read();
    const [c] = await read();
    const [d] = await read();
    expect(aServer).toBe(2);
    expect(a).not.toBe(b);
    expect([c, d]).toEqual([a, b]);
  });

  describe('a replica that cannot be reached', () => {
    // A listener in front of the replica that counts connection attempts and either refuses
    // them (closes each at once) or forwards them: a replica that is down, then back.
    const gate = async () => {
      let open = false;
      let attempts = 0;
      const sockets = new Set<net.Socket>();
      const server = net.createServer((client) => {
        attempts++;
        if (!open) {
          client.destroy();
          return;
        }
        const upstream = net.connect(Number(new URL(replicaUrl).port), '127.0.0.1');
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        for (const socket of [client, upstream]) socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: onPort((server.address() as net.AddressInfo).port),
        get attempts() {
          return attempts;
        },
        open: () => {
          open = true;
        },
        close: async () => {
          for (const socket of sockets) socket.destroy();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    };
    const read = async (on: Engine) => Number((await on.execute(whichServer)).scalar());
    // No test here waits for a cool-down to pass: 0 or an hour, never a time in between.
    const hour = 3_600_000;

    it('is set aside with one warning, and reads go to the primary without trying it', async () => {
      const closed = onPort(await freePort());
      const skipped = warningsLog();
      const alone = engineWith([closed], { logger: skipped.log, replicaCooldown: hour });
      expect([await read(alone), await read(alone), await read(alone)]).toEqual([1, 1, 1]);
      {
        await using conn = await alone.connectForRead();
        expect(Number((await conn.execute(whichServer)).scalar())).toBe(1);
      }
      expect(skipped.warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Replica ${closed.replace(/[/.]/g, '\\$&')} skipped, it cannot be reached: .*ECONNREFUSED.*tried again after 3600000 ms\\.$`,
          ),
        ),
      ]);
    });

    it('is not tried during its cool-down, even once it answers; the other replica takes the reads', async () => {
      const down = await gate();
      try {
        const skipped = warningsLog();
        const withOther = engineWith([down.url, replicaUrl], {
          logger: skipped.log,
          replicaCooldown: hour,
        });
        const reads = [];
        for (let i = 0; i < 4; i++) reads.push(await read(withOther));
        expect(reads).toEqual([2, 2, 2, 2]);
        expect(down.attempts).toBe(1);
        down.open();
        for (let i = 0; i < 4; i++) reads.push(await read(withOther));
        expect(down.attempts).toBe(1);
        expect(skipped.warnings).toHaveLength(1);
      } finally {
        await down.close();
      }
    });

    it('with a cool-down of 0 is tried on each read, and warned about again only once it is back', async () => {
      const down = await gate();
      try {
        const skipped = warningsLog();
        const alone = engineWith([down.url], { logger: skipped.log, replicaCooldown: 0 });
        expect([await read(alone), await read(alone)]).toEqual([1, 1]);
        expect(down.attempts).toBe(2);
        expect(skipped.warnings).toHaveLength(1);
        down.open();
        expect([await read(alone), await read(alone)]).toEqual([2, 2]);
        expect(skipped.warnings).toEqual([
          expect.stringContaining(`Replica ${down.url} skipped, it cannot be reached`),
          `Replica ${down.url} answers again; reads go to it again.`,
        ]);
      } finally {
        await down.close();
      }
    });
  });

  it('logged no warning on the engine whose replica answered throughout', () => {
    expect(log.warnings).toEqual([]);
  });
});
