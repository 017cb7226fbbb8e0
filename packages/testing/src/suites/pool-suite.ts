import { TimeoutError, text } from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { killFromAnotherConnection } from './errors-suite.js';

/** The pool: limits, timeouts, reuse, and replacing connections that died. */
export function poolSuite(h: Harness): void {
  describe('pool', () => {
    const noProvision = () =>
      !h.dialect.provision && 'the dialect provides no connection ids to tell connections apart';
    // Behind a transaction pooler the id names the server session of one transaction: the same
    // connection may show another next time, and killing an idle connection's last one kills
    // nothing of the connection's.
    const idsAcrossTransactions = () =>
      noProvision() ||
      (h.options.behindTransactionPooler === true &&
        'behind a transaction pooler a server session id does not name one connection across transactions');
    const singleConnection = () =>
      h.dialect.poolClassFor(h.url) === 'static' &&
      'this database keeps a single connection, so there is no overflow';
    // How long a waiter in these tests may wait for a connection: its wait ends when the test
    // returns or replaces one, and on a slow, busy machine (or server) that takes seconds, so
    // this only bounds a hang.
    const patient = 60_000;
    const connectionId = async (conn: Awaited<ReturnType<typeof h.engine.connect>>) =>
      (await conn.execute(text(h.dialect.provision?.connectionIdSql ?? 'SELECT 1'))).scalar();

    test(h, 'an exhausted pool times out with a TimeoutError that says what to do', async () => {
      const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0, timeout: 150 } });
      const held = await engine.connect();
      const error = await errorFrom(engine.connect());
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error.message).toContain('Pool limit reached');
      expect(error.message).toContain('timeout 150ms');
      await held.close();
      await using again = await engine.connect();
      expect((await again.execute(text('SELECT 1'))).scalar()).toBe(1);
    });

    test(h, 'a waiting connect() gets the connection the moment another is closed', async () => {
      const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0, timeout: patient } });
      const held = await engine.connect();
      const waiting = engine.connect();
      await held.close();
      await using next = await waiting;
      expect((await next.execute(text('SELECT 1'))).scalar()).toBe(1);
    });

    test(
      h,
      'overflow connections open under load and close when returned',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, maxOverflow: 1, timeout: 150 } });
        const a = await engine.connect();
        const b = await engine.connect();
        expect(engine.pool?.checkedOut).toBe(2);
        expect(await errorFrom(engine.connect())).toBeInstanceOf(TimeoutError);
        await a.close();
        await b.close();
        expect(engine.pool?.idle).toBe(1);
      },
      singleConnection,
    );

    test(
      h,
      'a returned connection is reused',
      async () => {
        const engine = h.createEngine({ pool: { size: 1 } });
        const first = await engine.connect();
        const id = await connectionId(first);
        await first.close();
        await using second = await engine.connect();
        expect(await connectionId(second)).toEqual(id);
      },
      idsAcrossTransactions,
    );

    test(
      h,
      'recycle replaces connections older than its age',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, recycle: 0 } });
        const first = await engine.connect();
        const id = await connectionId(first);
        await first.close();
        await using second = await engine.connect();
        expect(await connectionId(second)).not.toEqual(id);
      },
      () => idsAcrossTransactions() || singleConnection(),
    );

    test(
      h,
      'with prePing, an idle connection killed on the server is replaced, never handed out',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, prePing: true } });
        const first = await engine.connect();
        const id = await connectionId(first);
        await first.close();
        await killFromAnotherConnection(h, id);
        await using second = await engine.connect();
        expect(await connectionId(second)).not.toEqual(id);
      },
      idsAcrossTransactions,
    );

    test(
      h,
      'a waiter gets a new connection when a checked-out one dies',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0, timeout: patient } });
        const first = await engine.connect();
        const id = await connectionId(first);
        const waiting = engine.connect();
        await killFromAnotherConnection(h, id);
        await errorFrom(first.execute(text('SELECT 1')));
        await first.close();
        await using next = await waiting;
        expect(await connectionId(next)).not.toEqual(id);
      },
      noProvision,
    );

    test(
      h,
      'statements racing after a lost connection share one new connection',
      async () => {
        const engine = h.createEngine({ pool: { size: 1, maxOverflow: 0, timeout: patient } });
        const conn = await engine.connect();
        const id = await connectionId(conn);
        await conn.commit();
        await killFromAnotherConnection(h, id);
        await errorFrom(conn.execute(text('SELECT 1')));
        const [a, b] = await Promise.all([
          conn.execute(text('SELECT 1')),
          conn.execute(text('SELECT 2')),
        ]);
        expect([a.scalar(), b.scalar()]).toEqual([1, 2]);
        await conn.close();
        expect(engine.pool?.checkedOut).toBe(0);
      },
      idsAcrossTransactions,
    );

    test(
      h,
      'without prePing, a killed connection fails once, then the pool replaces it',
      async () => {
        const engine = h.createEngine({ pool: { size: 2 } });
        const first = await engine.connect();
        const id = await connectionId(first);
        await first.commit();
        await killFromAnotherConnection(h, id);
        const error = await errorFrom(first.execute(text('SELECT 1')));
        expect((error as { connectionInvalidated?: boolean }).connectionInvalidated).toBe(true);
        await first.close();
        await using second = await engine.connect();
        expect(await connectionId(second)).not.toEqual(id);
      },
      idsAcrossTransactions,
    );
  });
}
