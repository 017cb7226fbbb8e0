import { ArgumentError, type Engine, type LogRecord, OperationalError, text } from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { startTcpProxy, type TcpProxy } from '../tcp-proxy.js';

/**
 * Statement timeouts: a connection whose peer stopped answering (black-holed through a local TCP
 * proxy: no reset, no reply) fails within the bound instead of hanging, and is never reused.
 * The bounds are short (1 s) so the tests end soon; nothing here limits how long they take.
 */
export function timeoutsSuite(h: Harness): void {
  describe('timeouts', () => {
    const bound = 1000;
    /** vitest's limit for a test that waits out the bound: generous, for busy machines. */
    const roomToWait = 60_000;
    const overTcp = () => {
      const { host, port } = h.url;
      if (!host || !port) return 'the URL names no TCP host and port to put a proxy in front of';
      if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
        return 'the database is not on this machine (the test proxy forwards to loopback only)';
      }
      return false;
    };

    /** An engine that reaches the database through a proxy; both are closed after `work`. */
    const throughProxy = async (
      options: Parameters<Harness['createEngine']>[0],
      work: (engine: Engine, proxy: TcpProxy, events: string[]) => Promise<void>,
    ) => {
      const proxy = await startTcpProxy(h.url.host as string, h.url.port as number);
      const events: string[] = [];
      const engine = h.createEngine(
        { ...options, echoPool: true, logger: (record: LogRecord) => events.push(record.message) },
        h.url.set({ host: '127.0.0.1', port: proxy.port }),
      );
      try {
        await work(engine, proxy, events);
      } finally {
        await engine.dispose();
        await proxy.close();
      }
    };

    test(
      h,
      'a statement on a black-holed connection fails at statementTimeout, and the engine recovers',
      () =>
        throughProxy({ statementTimeout: bound, pool: { size: 1 } }, async (engine, proxy) => {
          expect((await engine.execute(text('SELECT 1'))).scalar()).toBe(1);
          proxy.blackHole();
          const conn = await engine.connect();
          const error = await errorFrom(conn.execute(text('SELECT 2')));
          expect(error).toBeInstanceOf(OperationalError);
          expect((error as OperationalError).code).toBe('statement-timeout');
          expect(error.message).toContain(`within ${bound} ms (statementTimeout)`);
          expect((error as OperationalError).connectionInvalidated).toBe(true);
          // The half-open connection was discarded, not kept for the next checkout.
          expect(conn.invalidated).toBe(true);
          await conn.close();
          expect(engine.pool?.checkedOut).toBe(0);
          expect(engine.pool?.idle).toBe(0);
          proxy.restore();
          expect((await engine.execute(text('SELECT 3'))).scalar()).toBe(3);
          expect(proxy.accepted).toBe(2);
        }),
      overTcp,
      roomToWait,
    );

    test(
      h,
      "an execution's own timeout bounds it on an engine without one",
      () =>
        throughProxy({ pool: { size: 1 } }, async (engine, proxy) => {
          await using conn = await engine.connect();
          expect((await conn.execute(text('SELECT 1'))).scalar()).toBe(1);
          await conn.commit();
          proxy.blackHole();
          const error = await errorFrom(
            conn.execute(text('SELECT :n'), { n: 2 }, { timeout: bound }),
          );
          expect(error).toBeInstanceOf(OperationalError);
          expect(error.message).toContain(`within ${bound} ms (the execution option timeout)`);
          expect(conn.invalidated).toBe(true);
          proxy.restore();
          // The same Connection checks out a fresh connection for its next statement.
          expect((await conn.execute(text('SELECT 3'))).scalar()).toBe(3);
          expect(proxy.accepted).toBe(2);
        }),
      overTcp,
      roomToWait,
    );

    test(
      h,
      'with prePing, a black-holed idle connection is replaced within statementTimeout',
      () =>
        throughProxy(
          { statementTimeout: bound, pool: { size: 1, prePing: true } },
          async (engine, proxy, events) => {
            expect((await engine.execute(text('SELECT 1'))).scalar()).toBe(1);
            // The idle connection goes half-open; new connections are forwarded.
            proxy.blackHole();
            proxy.restore();
            events.length = 0;
            await using conn = await engine.connect();
            expect(events).toContain('Connection invalidate');
            expect(proxy.accepted).toBe(2);
            expect((await conn.execute(text('SELECT 2'))).scalar()).toBe(2);
          },
        ),
      overTcp,
      roomToWait,
    );

    test(
      h,
      'connecting through a black hole fails at connectTimeout, and the engine recovers',
      () =>
        throughProxy({ connectTimeout: bound, pool: { size: 1 } }, async (engine, proxy) => {
          proxy.blackHole();
          const error = await errorFrom(engine.connect());
          expect(error).toBeInstanceOf(OperationalError);
          expect((error as OperationalError).code).toBe('connect-timeout');
          expect(error.message).toContain(`within ${bound} ms (connectTimeout)`);
          expect(engine.pool?.checkedOut).toBe(0);
          proxy.restore();
          expect((await engine.execute(text('SELECT 1'))).scalar()).toBe(1);
        }),
      overTcp,
      roomToWait,
    );

    test(
      h,
      'a timeout that is not a positive whole number of ms is refused, naming it',
      async () => {
        for (const statementTimeout of [0, -5, 1.5, Number.NaN, '1000' as never]) {
          expect(() => h.createEngine({ statementTimeout })).toThrow(ArgumentError);
        }
        expect(() => h.createEngine({ connectTimeout: -1 })).toThrow(/connectTimeout/);
        expect(() => h.createEngine({ statementTimeout: 0 })).toThrow(/statementTimeout/);
        await using conn = await h.engine.connect();
        const error = await errorFrom(conn.execute(text('SELECT 1'), {}, { timeout: -1 }));
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error.message).toContain('timeout');
      },
    );

    test(h, 'a statement that answers in time is not affected by the bound', async () => {
      const engine = h.createEngine({ statementTimeout: 60_000 });
      expect((await engine.execute(text('SELECT 1'), {}, { timeout: 60_000 })).scalar()).toBe(1);
    });
  });
}
