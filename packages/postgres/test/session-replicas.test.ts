import { Column, createEngine, type Engine, func, Integer, String, select } from '@athanor/core';
import { type BindTarget, declarativeBase, select as ormSelect, Session } from '@athanor/orm';
import { startTcpProxy } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postgresDialect } from '../src/index.js';
import { waitForReplay, warningsLog } from './replication-helpers.js';

// A private primary and a hot standby streaming from it, started by test/replica-setup.ts.
const target = inject('replication');
const sharedUrl = process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

describe.skipIf(target.unavailable !== undefined)('a session on an engine with a replica', () => {
  const primaryUrl = target.unavailable === undefined ? target.primaryUrl : 'postgresql://x:1/n';
  const replicaUrl = target.unavailable === undefined ? target.replicaUrl : 'postgresql://x:1/n';
  const engine = createEngine(primaryUrl, { dialect: postgresDialect, replicas: [replicaUrl] });
  const standby = createEngine(replicaUrl, { dialect: postgresDialect });
  const Base = declarativeBase();
  class Author extends Base.model(`replica_authors_${process.pid}`, {
    id: new Column(Integer, { primaryKey: true }),
    name: new Column(String(30), { nullable: false }),
  }) {}
  const inRecovery = select(func.call<boolean>('pg_is_in_recovery'));
  const onReplica = async (session: Session) => (await session.execute(inRecovery)).scalar();

  beforeAll(async () => {
    await Base.metadata.createAll(engine);
    await engine.begin(async (conn) => {
      await conn.execute(Author.table.insert().values({ id: 1, name: 'Ursula' }));
    });
    await waitForReplay(engine, standby);
  });
  afterAll(async () => {
    await Base.metadata.dropAll(engine);
    await Promise.all([engine.dispose(), standby.dispose()]);
  });

  it('reads on the replica until it writes, then on the primary, where its writes are', async () => {
    await using session = new Session(engine);
    const ursula = (await session.get(Author, 1)) as Author;
    expect(ursula.name).toBe('Ursula');
    expect(await onReplica(session)).toBe(true);

    session.add(new Author({ id: 2, name: 'Octavia' }));
    // Autoflush writes the new author on the primary; the query then runs there and sees it,
    // uncommitted, which no replica can.
    const names = await session.scalars(ormSelect(Author).orderBy(Author.c.id));
    expect(names.all().map((author) => author.name)).toEqual(['Ursula', 'Octavia']);
    expect(await onReplica(session)).toBe(false);
    // One identity map: the object loaded from the replica is the one the primary's row updates.
    expect(await session.get(Author, 1)).toBe(ursula);
    expect((await session.scalars(ormSelect(Author).where(Author.c.id.eq(1)))).one()).toBe(ursula);

    await session.commit();
    // A new transaction that has not written reads on a replica again.
    expect(await onReplica(session)).toBe(true);
    await waitForReplay(engine, standby);
    expect((await session.get(Author, 2))?.name).toBe('Octavia');
  });

  it('reads on the primary when the session or the statement asks', async () => {
    {
      await using session = new Session(engine, { usePrimary: true });
      expect(await onReplica(session)).toBe(false);
      expect((await session.get(Author, 1))?.name).toBe('Ursula');
    }
    await using session = new Session(engine);
    expect((await session.execute(inRecovery, undefined, { usePrimary: true })).scalar()).toBe(
      false,
    );
  });

  it('reads on the primary, with a warning, when its replica has stopped', async () => {
    const proxy = await startTcpProxy('127.0.0.1', Number(new URL(replicaUrl).port));
    const log = warningsLog();
    const viaProxy = createEngine(primaryUrl, {
      dialect: postgresDialect,
      replicas: [replicaUrl.replace(/:\d+\//, `:${proxy.port}/`)],
      logger: log.log,
    });
    try {
      {
        await using session = new Session(viaProxy);
        expect(await onReplica(session)).toBe(true);
      }
      await proxy.close();
      await using session = new Session(viaProxy);
      expect((await session.get(Author, 1))?.name).toBe('Ursula');
      expect(await onReplica(session)).toBe(false);
      expect(log.warnings).toEqual([
        expect.stringContaining(
          `Replica postgresql://postgres@127.0.0.1:${proxy.port}/test skipped`,
        ),
      ]);
    } finally {
      await viaProxy.dispose();
    }
  });

  describe('with binds', () => {
    // A second database: the machine's own PostgreSQL, with a table of its own.
    const other = createEngine(sharedUrl, { dialect: postgresDialect });
    const Audit = declarativeBase();
    class Entry extends Audit.model(`replica_audit_${process.pid}`, {
      id: new Column(Integer, { primaryKey: true }),
      note: new Column(String(50), { nullable: false }),
    }) {}
    const whereIs = select(func.call<number>('inet_server_port'));

    beforeAll(() => Audit.metadata.createAll(other));
    afterAll(async () => {
      await Audit.metadata.dropAll(other);
      await other.dispose();
    });

    it('writes and reads each model on the engine bound to it', async () => {
      await using session = new Session(engine, { binds: new Map([[Entry, other]]) });
      session.add(new Author({ id: 10, name: 'Le Guin' }));
      session.add(new Entry({ id: 1, note: 'added Le Guin' }));
      await session.commit();

      const onOther = await other.execute(select(Entry.table.c.note));
      expect(onOther.scalars().all()).toEqual(['added Le Guin']);
      const onPrimary = await engine.execute(
        select(Author.table.c.name).where(Author.table.c.id.eq(10)),
        undefined,
        { usePrimary: true },
      );
      expect(onPrimary.scalars().all()).toEqual(['Le Guin']);
      expect((await session.get(Entry, 1))?.note).toBe('added Le Guin');
      // A Core statement on a bound table goes to that table's engine too.
      const port = await session.execute(
        select(Entry.table.c.id, func.call<number>('inet_server_port')),
      );
      expect([...(port.one() ?? [])]).toEqual([1, Number(new URL(sharedUrl).port || 5432)]);
      expect((await session.execute(whereIs)).scalar()).toBe(Number(new URL(replicaUrl).port));
    });

    it('routes by an overridden getBind', async () => {
      class AuditSession extends Session {
        override getBind(target: BindTarget): Engine {
          return target.mapper?.table === Entry.table ? other : super.getBind(target);
        }
      }
      await using session = new AuditSession(engine);
      expect((await session.get(Entry, 1))?.note).toBe('added Le Guin');
      expect(session.getBind({ mapper: undefined })).toBe(engine);
    });
  });
});
