import {
  DBAPIError,
  IntegrityError,
  InvalidRequestError,
  OperationalError,
  ProgrammingError,
  text,
} from '@athanor/core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/** Driver errors translated into Athanor's hierarchy, with the statement and the cause. */
export function errorsSuite(h: Harness): void {
  describe('errors', () => {
    const parents = h.table('err_parents');
    const children = h.table('err_children');
    const insertParent = () => text(`INSERT INTO ${parents} (id, email) VALUES (:id, :email)`);

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(
        `CREATE TABLE ${parents} (id INTEGER PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE)`,
      );
      await h.exec(
        `CREATE TABLE ${children} (id INTEGER PRIMARY KEY, ` +
          `parent_id INTEGER NOT NULL REFERENCES ${parents} (id))`,
      );
    });
    afterEach(async () => {
      if (h.unreachable) return;
      await h.exec(`DELETE FROM ${children}`);
      await h.exec(`DELETE FROM ${parents}`);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${children}`);
      await h.exec(`DROP TABLE ${parents}`);
    });

    test(
      h,
      'a unique violation is an IntegrityError with the driver error, SQL and parameters',
      async () => {
        await h.engine.execute(insertParent(), { id: 1, email: 'a@example.com' });
        const error = await errorFrom(
          h.engine.execute(insertParent(), { id: 2, email: 'a@example.com' }),
        );
        expect(error).toBeInstanceOf(IntegrityError);
        expect(IntegrityError.isInstance(error)).toBe(true);
        expect(DBAPIError.isInstance(error)).toBe(true);
        const dbError = error as IntegrityError;
        expect(dbError.cause).toBeInstanceOf(Error);
        expect(dbError.statement).toContain(parents);
        expect(dbError.params).toEqual([2, 'a@example.com']);
        expect(dbError.message).toContain('[SQL: ');
        expect(dbError.driverCode).toBeDefined();
      },
    );

    test(h, 'a NOT NULL violation is an IntegrityError', async () => {
      const error = await errorFrom(h.engine.execute(insertParent(), { id: 1, email: null }));
      expect(error).toBeInstanceOf(IntegrityError);
    });

    test(h, 'a foreign key violation is an IntegrityError', async () => {
      const error = await errorFrom(
        h.exec(`INSERT INTO ${children} (id, parent_id) VALUES (:id, :parent)`, {
          id: 1,
          parent: 99,
        }),
      );
      expect(error).toBeInstanceOf(IntegrityError);
    });

    test(h, 'a syntax error is a ProgrammingError whose message shows the SQL', async () => {
      const error = await errorFrom(h.exec('SELEKT 1'));
      expect(error).toBeInstanceOf(ProgrammingError);
      expect(error.message).toContain('[SQL: SELEKT 1]');
    });

    test(h, 'a missing table is a ProgrammingError', async () => {
      const error = await errorFrom(h.exec(`SELECT * FROM ${h.table('no_such_table')}`));
      expect(error).toBeInstanceOf(ProgrammingError);
    });

    test(h, 'non-ASCII text in a database message comes through intact', async () => {
      const name = h.table('tablé_ñ_日本');
      const error = await errorFrom(h.exec(`SELECT * FROM ${h.q(name)}`));
      expect(error).toBeInstanceOf(ProgrammingError);
      expect(error.message).toContain('tablé_ñ_日本');
    });

    test(h, 'after an error and a rollback the connection works again', async () => {
      await using conn = await h.engine.connect();
      await conn.execute(insertParent(), { id: 1, email: 'x@example.com' });
      await errorFrom(conn.execute(insertParent(), { id: 2, email: 'x@example.com' }));
      await conn.rollback();
      await conn.execute(insertParent(), { id: 3, email: 'y@example.com' });
      await conn.commit();
      const emails = await conn.execute(text(`SELECT email FROM ${parents}`));
      expect(emails.scalars().all()).toEqual(['y@example.com']);
    });

    test(
      h,
      'a connection killed mid-transaction is an OperationalError; after rollback() it reconnects',
      async () => {
        const provision = h.dialect.provision;
        if (!provision) throw new Error('unreachable: gated on provision');
        const engine = h.createEngine();
        await using conn = await engine.connect();
        await conn.execute(insertParent(), { id: 1, email: 'lost@example.com' });
        const victim = (await conn.execute(text(provision.connectionIdSql))).scalar();
        await killFromAnotherConnection(h, victim);
        const error = await errorFrom(conn.execute(text('SELECT 1')));
        expect(error).toBeInstanceOf(OperationalError);
        expect((error as OperationalError).connectionInvalidated).toBe(true);
        expect(conn.invalidated).toBe(true);
        // The transaction's work is gone; the connection insists this is acknowledged.
        const refused = await errorFrom(conn.execute(text('SELECT 1')));
        expect(refused).toBeInstanceOf(InvalidRequestError);
        await conn.rollback();
        const fresh = (await conn.execute(text(provision.connectionIdSql))).scalar();
        expect(fresh).not.toEqual(victim);
        const count = await conn.execute(text(`SELECT COUNT(*) FROM ${parents}`));
        expect(count.scalar()).toBe(0);
      },
      () => !h.dialect.provision && 'the dialect provides no way to kill a connection',
    );
  });
}

/** Ends the server session `victim` from a separate admin connection. */
export async function killFromAnotherConnection(h: Harness, victim: unknown): Promise<void> {
  const provision = h.dialect.provision;
  if (!provision) throw new Error('The dialect has no provision hooks.');
  const driver = h.dialect.createDriver(h.url, h.options.engineOptions?.connectArgs ?? {});
  const admin = await driver.connect();
  try {
    await provision.terminateConnection(admin, victim);
  } finally {
    await admin.close();
  }
}
