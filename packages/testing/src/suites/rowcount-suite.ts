import { text } from '@athanor/core';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { type Harness, conformanceTest as test } from '../harness.js';

/** rowcount: rows matched (not changed) by UPDATE and DELETE, on every dialect. */
export function rowcountSuite(h: Harness): void {
  describe('rowcount', () => {
    const items = h.table('rowcount_items');

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(
        `CREATE TABLE ${items} (id INTEGER PRIMARY KEY, label VARCHAR(20), qty INTEGER)`,
      );
    });
    beforeEach(async () => {
      if (h.unreachable) return;
      await h.exec(`DELETE FROM ${items}`);
      await h.exec(`INSERT INTO ${items} (id, label, qty) VALUES (:id, :label, :qty)`, [
        { id: 1, label: 'a', qty: 1 },
        { id: 2, label: 'b', qty: 1 },
        { id: 3, label: 'c', qty: 2 },
      ]);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${items}`);
    });

    test(
      h,
      'UPDATE counts the rows it matched, even those whose values did not change',
      async () => {
        const result = await h.exec(`UPDATE ${items} SET qty = 1 WHERE qty = 1 OR id = 3`);
        expect(result.rowcount).toBe(3);
      },
    );

    test(h, 'UPDATE that matches nothing counts 0', async () => {
      expect((await h.exec(`UPDATE ${items} SET qty = 5 WHERE id > 100`)).rowcount).toBe(0);
    });

    test(h, 'DELETE counts the rows it removed', async () => {
      expect((await h.exec(`DELETE FROM ${items} WHERE qty = :qty`, { qty: 1 })).rowcount).toBe(2);
    });

    test(h, 'an INSERT of many parameter sets counts every row', async () => {
      const result = await h.exec(
        `INSERT INTO ${items} (id, label, qty) VALUES (:id, :label, :qty)`,
        [
          { id: 10, label: 'x', qty: 0 },
          { id: 11, label: 'y', qty: 0 },
          { id: 12, label: 'z', qty: 0 },
          { id: 13, label: 'w', qty: 0 },
        ],
      );
      expect(result.rowcount).toBe(4);
      expect((await h.exec(`SELECT COUNT(*) FROM ${items}`)).scalar()).toBe(7);
    });

    test(h, 'a SELECT has rowcount -1', async () => {
      expect((await h.exec(`SELECT id FROM ${items}`)).rowcount).toBe(-1);
    });

    test(
      h,
      'DELETE ... RETURNING returns the deleted rows and counts them',
      async () => {
        const result = await h.engine.execute(
          text(`DELETE FROM ${items} WHERE qty = :qty RETURNING id, label`),
          { qty: 1 },
        );
        expect(result.rowcount).toBe(2);
        expect(
          result
            .all()
            .map((row) => [...row])
            .sort(),
        ).toEqual([
          [1, 'a'],
          [2, 'b'],
        ]);
      },
      () => !h.dialect.capabilities.deleteReturning && 'the database has no DELETE ... RETURNING',
    );

    test(
      h,
      'INSERT ... RETURNING returns the inserted row',
      async () => {
        const result = await h.exec(
          `INSERT INTO ${items} (id, label, qty) VALUES (:id, :label, :qty) RETURNING id, label`,
          { id: 20, label: 'new', qty: 0 },
        );
        expect(result.rowcount).toBe(1);
        expect({ ...result.one() }).toEqual({ id: 20, label: 'new' });
      },
      () => !h.dialect.capabilities.insertReturning && 'the database has no INSERT ... RETURNING',
    );
  });
}
