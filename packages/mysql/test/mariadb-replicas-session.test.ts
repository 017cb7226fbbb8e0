import { Column, createEngine, Integer, literalColumn, String, select } from '@athanor/core';
import { declarativeBase, select as ormSelect, Session } from '@athanor/orm';
import { startTcpProxy } from '@athanor/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mysqlDialect } from '../src/index.js';
import { waitForReplica, warningsLog } from './mariadb-replication-helpers.js';

// A private MariaDB primary (server_id 1) and a replica replicating from it (server_id 2),
// started by test/mariadb-replica-setup.ts.
const target = inject('mariadbReplication');

describe.skipIf(target.unavailable !== undefined)(
  'a session on an engine with a MariaDB replica',
  () => {
    const primaryUrl = target.unavailable === undefined ? target.primaryUrl : 'mysql://x:1/n';
    const replicaUrl = target.unavailable === undefined ? target.replicaUrl : 'mysql://x:1/n';
    const engine = createEngine(primaryUrl, { dialect: mysqlDialect, replicas: [replicaUrl] });
    const replica = createEngine(replicaUrl, { dialect: mysqlDialect });
    const Base = declarativeBase();
    class Author extends Base.model(`replica_authors_${process.pid}`, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30), { nullable: false }),
    }) {}
    const whichServer = select(literalColumn<number>('@@server_id'));
    const onReplica = async (session: Session) =>
      Number((await session.execute(whichServer)).scalar()) === 2;

    beforeAll(async () => {
      await Base.metadata.createAll(engine);
      await engine.begin(async (conn) => {
        await conn.execute(Author.table.insert().values({ id: 1, name: 'Ursula' }));
      });
      await waitForReplica(engine, replica);
    });
    afterAll(async () => {
      await Base.metadata.dropAll(engine);
      await Promise.all([engine.dispose(), replica.dispose()]);
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
      expect((await session.scalars(ormSelect(Author).where(Author.c.id.eq(1)))).one()).toBe(
        ursula,
      );

      await session.commit();
      // Replication is asynchronous: the new transaction reads on the replica, once it has the row.
      await waitForReplica(engine, replica);
      expect(await onReplica(session)).toBe(true);
      expect((await session.get(Author, 2))?.name).toBe('Octavia');
    });

    it('reads on the primary when the session or the statement asks', async () => {
      {
        await using session = new Session(engine, { usePrimary: true });
        expect(await onReplica(session)).toBe(false);
        expect((await session.get(Author, 1))?.name).toBe('Ursula');
      }
      await using session = new Session(engine);
      const asked = await session.execute(whichServer, undefined, { usePrimary: true });
      expect(Number(asked.scalar())).toBe(1);
    });

    it('reads on the primary, with a warning, when its replica has stopped', async () => {
      const proxy = await startTcpProxy('127.0.0.1', Number(new URL(replicaUrl).port));
      const log = warningsLog();
      const viaProxy = createEngine(primaryUrl, {
        dialect: mysqlDialect,
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
          expect.stringContaining(`Replica mysql://root@127.0.0.1:${proxy.port}/test skipped`),
        ]);
      } finally {
        await viaProxy.dispose();
      }
    });
  },
);
