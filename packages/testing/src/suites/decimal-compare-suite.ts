import * as sa from '@athanor/core';
import { Column, insert, select, Table } from '@athanor/core';
import { describe, expect } from 'vitest';
import { type Harness, conformanceTest as test, useTables } from '../harness.js';

/** Amounts of a Numeric(18, 6): neighbours that differ only past the 15th significant digit. */
const amounts = [
  '999999999991.000000',
  '999999999991.000001',
  '1.000001',
  '1.000000',
  '-0.000001',
  '-999999999991.000001',
];

/**
 * Numeric values compare exactly with bound values, on every database: none goes through a
 * double, so values that differ past the 15th significant digit stay apart, and a value with
 * more decimals than the column's scale is not rounded into a match.
 */
export function decimalCompareSuite(h: Harness): void {
  describe('Numeric comparisons', () => {
    const { tables: t } = useTables(h, (metadata) => ({
      ledger: new Table(h.table('dc_ledger'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        amount: new Column(sa.Numeric(18, 6)),
      }),
    }));

    /** The ledger holds `amounts` as rows 1..6 and a NULL as row 7. */
    async function ids(condition: (amount: Column<sa.NumericType>) => sa.ColumnElement<boolean>) {
      const { ledger } = t;
      await h.engine.execute(ledger.delete());
      await h.engine.execute(
        insert(ledger).values([
          ...amounts.map((amount, index) => ({ id: index + 1, amount })),
          { id: 7, amount: null },
        ]),
      );
      const amount = ledger.c.amount as Column<sa.NumericType>;
      const found = await h.engine.execute(
        select(ledger.c.id).where(condition(amount)).orderBy(ledger.c.id),
      );
      return found.scalars().all();
    }

    test(h, '= and != tell apart values that differ past the 15th digit', async () => {
      expect(await ids((a) => a.eq('999999999991.000001'))).toEqual([2]);
      expect(await ids((a) => a.eq('999999999991'))).toEqual([1]);
      expect(await ids((a) => a.eq('-999999999991.000001'))).toEqual([6]);
      expect(await ids((a) => a.eq('1.0000010'))).toEqual([3]);
      expect(await ids((a) => a.eq('1'))).toEqual([4]);
      expect(await ids((a) => a.eq('-1e-6'))).toEqual([5]);
      expect(await ids((a) => a.ne('999999999991.000000'))).toEqual([2, 3, 4, 5, 6]);
    });

    test(h, 'IN and NOT IN tell apart values that differ past the 15th digit', async () => {
      expect(await ids((a) => a.in(['999999999991.000001', '1']))).toEqual([2, 4]);
      expect(await ids((a) => a.in(['999999999991.0000010', '-999999999991.000000']))).toEqual([2]);
      expect(await ids((a) => a.notIn(['999999999991.000001', '1.000001']))).toEqual([1, 4, 5, 6]);
    });

    test(h, 'a value with more decimals than the scale is not rounded into a match', async () => {
      // Rounded to 6 decimals these would be 1.000001, 999999999991.000001 and 0.
      expect(await ids((a) => a.eq('1.0000005'))).toEqual([]);
      expect(await ids((a) => a.eq('999999999991.00000051'))).toEqual([]);
      expect(await ids((a) => a.eq('0.0000000000000000000000000000000000001'))).toEqual([]);
      expect(await ids((a) => a.in(['1.0000005', '1.00000099', '1.0000000001']))).toEqual([]);
      expect(await ids((a) => a.ne('1.0000005'))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await ids((a) => a.notIn(['1.0000005', '1.000001']))).toEqual([1, 2, 4, 5, 6]);
    });

    test(h, '<, >, <=, >= and BETWEEN order values that differ past the 15th digit', async () => {
      expect(await ids((a) => a.gt('999999999991'))).toEqual([2]);
      expect(await ids((a) => a.ge('999999999991.000001'))).toEqual([2]);
      expect(await ids((a) => a.lt('-999999999991'))).toEqual([6]);
      expect(await ids((a) => a.le('1.0000005'))).toEqual([4, 5, 6]);
      expect(await ids((a) => a.gt('1.0000005'))).toEqual([1, 2, 3]);
      expect(await ids((a) => a.between('999999999990.9999995', '999999999991.0000005'))).toEqual([
        1,
      ]);
      expect(await ids((a) => a.between('-0.0000015', '-0.0000005'))).toEqual([5]);
    });
  });
}
