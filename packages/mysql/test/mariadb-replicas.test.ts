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
import { runReplicaCooldownSuite } from '@athanor/testing';
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

  it('logged no warning on the engine whose replica answered throughout', () => {
    expect(log.warnings).toEqual([]);
  });
});

// The cool-down of a replica that cannot be reached: the suite PostgreSQL runs too.
runReplicaCooldownSuite({
  dialect: mysqlDialect,
  primaryUrl: target.unavailable === undefined ? target.primaryUrl : 'mysql://x:1/n',
  replicaUrl: target.unavailable === undefined ? target.replicaUrl : 'mysql://x:1/n',
  onReplica: select(literalColumn<number>('@@server_id = 2')),
  unavailable: target.unavailable,
});
