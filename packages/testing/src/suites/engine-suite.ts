import { type LogRecord, OperationalError, text } from '@athanor/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/** Engines: connecting, running one statement, echo logging, dispose, bad connection input. */
export function engineSuite(h: Harness): void {
  describe('engine', () => {
    const users = h.table('engine_users');

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(`CREATE TABLE ${users} (id INTEGER PRIMARY KEY, name VARCHAR(50))`);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${users}`);
    });

    test(h, 'connects and runs a statement', async () => {
      await using conn = await h.engine.connect();
      const result = await conn.execute(text('SELECT 1 AS one'));
      expect(result.scalar()).toBe(1);
    });

    test(
      h,
      'engine.execute runs one statement in a transaction of its own and commits it',
      async () => {
        await h.engine.execute(text(`INSERT INTO ${users} (id, name) VALUES (:id, :name)`), {
          id: 1,
          name: 'Alice',
        });
        await using conn = await h.engine.connect();
        const names = await conn.execute(text(`SELECT name FROM ${users}`));
        expect(names.scalars().all()).toEqual(['Alice']);
        await conn.execute(text(`DELETE FROM ${users}`));
        await conn.commit();
      },
    );

    test(h, 'echo logs each statement, its parameters and the transaction boundaries', async () => {
      const records: LogRecord[] = [];
      const engine = h.createEngine({ echo: true, logger: (record) => records.push(record) });
      const statement = text('SELECT :name AS v');
      await engine.execute(statement, { name: 'Zed' });
      const messages = records.map((record) => record.message);
      expect(messages).toEqual([
        'BEGIN',
        h.dialect.compiler.compileText(statement).sql,
        '("Zed")',
        'COMMIT',
      ]);
      expect(records.every((record) => record.logger === 'athanor.engine')).toBe(true);
    });

    test(h, 'hideParameters keeps values out of logs and error messages', async () => {
      const records: LogRecord[] = [];
      const engine = h.createEngine({
        echo: true,
        hideParameters: true,
        logger: (record) => records.push(record),
      });
      const failing = text(`SELECT :secret AS v FROM ${h.table('no_such_table')}`);
      const error = await errorFrom(engine.execute(failing, { secret: 'secret-value' }));
      expect(error.message).toContain('[SQL: ');
      expect(error.message).not.toContain('secret-value');
      expect((error as { params?: unknown }).params).toBeUndefined();
      const logged = records.map((record) => record.message).join('\n');
      expect(logged).not.toContain('secret-value');
      expect(logged).toContain('[SQL parameters hidden due to hideParameters]');
    });

    test(
      h,
      'dispose closes idle connections and the engine connects again afterwards',
      async () => {
        const engine = h.createEngine();
        await (await engine.connect()).close();
        expect(engine.pool?.idle).toBe(1);
        await engine.dispose();
        expect(engine.pool).toBeUndefined();
        const again = await engine.execute(text('SELECT 1'));
        expect(again.scalar()).toBe(1);
      },
    );

    test(h, 'await using returns the connection to the pool', async () => {
      const engine = h.createEngine();
      {
        await using conn = await engine.connect();
        await conn.execute(text('SELECT 1'));
        expect(engine.pool?.checkedOut).toBe(1);
      }
      expect(engine.pool?.checkedOut).toBe(0);
    });

    test(
      h,
      'a server that is not listening is an OperationalError naming the URL without its password',
      async () => {
        const down = h.url.set({ port: 1, password: 'sekrit-pw' });
        const engine = h.createEngine({}, down);
        const error = await errorFrom(engine.connect());
        expect(OperationalError.isInstance(error)).toBe(true);
        const message = error.message;
        expect(message).toContain(':***@');
        expect(message).not.toContain('sekrit-pw');
        expect(error.cause).toBeDefined();
      },
      () => (h.url.host === null ? 'an embedded database has no server to be down' : false),
    );

    test(
      h,
      'a wrong user or password is an OperationalError that does not show the password',
      async () => {
        const wrong = h.url.set({ username: 'athanor_no_such_user', password: 'wrong-pw-123' });
        const engine = h.createEngine({}, wrong);
        const error = await errorFrom(engine.connect());
        expect(OperationalError.isInstance(error)).toBe(true);
        expect(error.message).not.toContain('wrong-pw-123');
      },
      () => (h.url.host === null ? 'an embedded database has no login' : false),
    );
  });
}
