import {
  Column,
  createEngine,
  type Engine,
  type EngineOptions,
  func,
  Integer,
  insert,
  MetaData,
  String,
  select,
  Table,
  text,
  union,
} from '@athanor/core';
import { startTcpProxy } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';
import { waitForReplay, warningsLog } from './replication-helpers.js';

// A private primary and a hot standby streaming from it, started by test/replica-setup.ts.
const target = inject('replication');

describe.skipIf(target.unavailable !== undefined)('an engine with a read replica', () => {
  // (Collected even when skipped: placeholder URLs then, never connected to.)
  const primaryUrl = target.unavailable === undefined ? target.primaryUrl : 'postgresql://x:1/n';
  const replicaUrl = target.unavailable === undefined ? target.replicaUrl : 'postgresql://x:1/n';
  const log = warningsLog();
  const engines: Engine[] = [];
  const engineWith = (replicas: string[], options: EngineOptions = {}) => {
    const engine = createEngine(primaryUrl, { dialect: postgresDialect, replicas, ...options });
    engines.push(engine);
    return engine;
  };
  const engine = engineWith([replicaUrl], { logger: log.log });
  const standby = createEngine(replicaUrl, { dialect: postgresDialect });
  const metadata = new MetaData();
  const users = new Table(`replica_users_${process.pid}`, metadata, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(30), { nullable: false }),
  });
  const inRecovery = select(func.call<boolean>('pg_is_in_recovery'));

  beforeAll(async () => {
    await engine.begin((conn) => metadata.createAll(conn));
  });
  afterAll(async () => {
    await engine.begin((conn) => metadata.dropAll(conn));
    await Promise.all([...engines, standby].map((each) => each.dispose()));
  });

  it('runs a plain select on the replica, and writes and DDL on the primary', async () => {
    expect((await engine.execute(inRecovery)).scalar()).toBe(true);
    // The table was created through the engine, so on the primary; this insert too (a
    // replica refuses writes, so reaching the standby would fail here).
    await engine.execute(insert(users).values({ id: 1, name: 'Ada' }));
    await waitForReplay(engine, standby);
    const rows = await engine.execute(
      select(users.c.name, func.call<boolean>('pg_is_in_recovery')),
    );
    expect(rows.all().map((row) => [...row])).toEqual([['Ada', true]]);
  });

  it('sees a row written on the primary once the standby has replayed it', async () => {
    await engine.execute(insert(users).values({ id: 2, name: 'Grace' }));
    await waitForReplay(engine, standby);
    const names = await engine.execute(select(users.c.name).where(users.c.id.eq(2)));
    expect(names.scalars().all()).toEqual(['Grace']);
  });

  it('keeps on the primary a select asked to, a locking select, and raw SQL not marked read-only', async () => {
    expect((await engine.execute(inRecovery, undefined, { usePrimary: true })).scalar()).toBe(
      false,
    );
    const locked = select(users.c.id, func.call<boolean>('pg_is_in_recovery'))
      .where(users.c.id.eq(1))
      .forUpdate();
    expect((await engine.execute(locked)).all().map((row) => [...row])).toEqual([[1, false]]);
    const raw = text('SELECT pg_is_in_recovery()');
    expect((await engine.execute(raw)).scalar()).toBe(false);
    expect((await engine.execute(raw, undefined, { readOnly: true })).scalar()).toBe(true);
  });

  it('runs a union of plain selects on the replica', async () => {
    const both = union(
      select(func.call<boolean>('pg_is_in_recovery')),
      select(func.call<boolean>('pg_is_in_recovery')),
    );
    expect((await engine.execute(both)).scalars().all()).toEqual([true]);
  });

  it('gives connect() the primary and connectForRead() a replica', async () => {
    {
      await using conn = await engine.connect();
      expect((await conn.execute(inRecovery)).scalar()).toBe(false);
    }
    await using conn = await engine.connectForRead();
    expect((await conn.execute(inRecovery)).scalar()).toBe(true);
  });

  it('takes the replicas in turn, round-robin', async () => {
    const twoReplicas = engineWith([replicaUrl, replicaUrl]);
    // Each replica engine keeps its one pooled connection, so its server process id names it.
    const pidAndRecovery = select(
      func.call<number>('pg_backend_pid'),
      func.call<boolean>('pg_is_in_recovery'),
    );
    const read = async () => [...(await twoReplicas.execute(pidAndRecovery)).one()];
    const [a, aInRecovery] = await read();
    const [b] = await read();
    const [c] = await read();
    const [d] = await read();
    expect(aInRecovery).toBe(true);
    expect(a).not.toBe(b);
    expect([c, d]).toEqual([a, b]);
  });

  it('skips a replica that stopped, with a warning, and reads from the next or the primary', async () => {
    const proxy = await startTcpProxy('127.0.0.1', Number(new URL(replicaUrl).port));
    const viaProxy = replicaUrl.replace(/:\d+\//, `:${proxy.port}/`);
    const skipped = warningsLog();
    const alone = engineWith([viaProxy], { logger: skipped.log });
    const withOther = engineWith([viaProxy, replicaUrl], { logger: skipped.log });
    // Without the replicas' default pre-ping too (pg notices an idle connection's end).
    const unpinged = engineWith([viaProxy], { logger: skipped.log, pool: { prePing: false } });
    expect((await alone.execute(inRecovery)).scalar()).toBe(true);
    expect((await withOther.execute(inRecovery)).scalar()).toBe(true);
    expect((await unpinged.execute(inRecovery)).scalar()).toBe(true);
    // The replica goes away: its pooled connections are cut and new ones refused.
    await proxy.close();

    expect((await alone.execute(inRecovery)).scalar()).toBe(false);
    expect(skipped.warnings).toHaveLength(1);
    expect(skipped.warnings[0]).toContain(
      `Replica postgresql://postgres@127.0.0.1:${proxy.port}/test skipped`,
    );
    // Round-robin puts the stopped replica first on one of two reads; both land on a replica.
    expect((await withOther.execute(inRecovery)).scalar()).toBe(true);
    expect((await withOther.execute(inRecovery)).scalar()).toBe(true);
    expect(skipped.warnings).toHaveLength(2);
    expect((await unpinged.execute(inRecovery)).scalar()).toBe(false);
    expect(skipped.warnings).toHaveLength(3);
    expect(skipped.warnings[2]).toMatch(/skipped, it cannot be reached: \(pg ECONNREFUSED\)/);
    // The replica is set aside for its cool-down: not tried again, no second warning.
    await using conn = await alone.connectForRead();
    expect((await conn.execute(inRecovery)).scalar()).toBe(false);
    expect(skipped.warnings).toHaveLength(3);
    expect(log.warnings).toEqual([]);
  });

  it('refuses a replica of another backend, naming both', () => {
    expect(() => createEngine(primaryUrl, { replicas: ['mysql://root@127.0.0.1/test'] })).toThrow(
      /Replica mysql:\/\/root@127\.0\.0\.1\/test is a mysql database, but the primary .* is postgresql/,
    );
  });
});
