import * as sa from '@athanor/core';
import { ArgumentError, Column, DataError, insert, select, Table } from '@athanor/core';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/**
 * U+0000 (NUL) in text and in LIKE patterns. PostgreSQL's text cannot hold it (a DataError);
 * MySQL and MariaDB store and match it; SQLite stores it, but its LIKE reads a value and a
 * pattern only up to their first NUL, so a pattern holding one is refused before it runs.
 */
export function nulCharacterSuite(h: Harness): void {
  describe('U+0000 in text', () => {
    const { tables: t } = useTables(h, (metadata) => ({
      notes: new Table(h.table('nul_notes'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        body: new Column(sa.Text),
      }),
    }));

    const bodies = ['a\u0000b', 'ab', 'a', 'x\u0000a\u0000b'];
    /** Writes `bodies` as rows 1..4, or gives the error the database refused them with. */
    async function written(): Promise<unknown> {
      await h.engine.execute(t.notes.delete());
      return errorFrom(
        h.engine.execute(
          insert(t.notes).values(bodies.map((body, index) => ({ id: index + 1, body }))),
        ),
      ).catch(() => null);
    }
    const ids = async (condition: sa.ColumnElement<boolean>) =>
      (await h.engine.execute(select(t.notes.c.id).where(condition).orderBy(t.notes.c.id)))
        .scalars()
        .all();

    test(h, 'a LIKE pattern holding U+0000 matches exactly, or is refused', async () => {
      const refused = await written();
      const body = t.notes.c.body;
      if (h.options.dialect.name === 'postgresql' || h.options.dialect.name === 'pglite') {
        // PostgreSQL's text holds no NUL: the rows and a pattern holding one are refused.
        expect(DataError.isInstance(refused), String(refused)).toBe(true);
        const error = await errorFrom(ids(body.contains('\u0000')));
        expect(DataError.isInstance(error), String(error)).toBe(true);
        return;
      }
      expect(refused).toBeNull();
      if (h.options.dialect.name === 'sqlite') {
        for (const condition of [
          body.contains('\u0000b'),
          body.endsWith('a\u0000'),
          body.like('%\u0000%'),
          body.notLike('a\u0000%'),
          body.ilike('A\u0000%'),
        ]) {
          const error = await errorFrom(ids(condition));
          expect(ArgumentError.isInstance(error), String(error)).toBe(true);
          expect((error as ArgumentError).code).toBe('bad-bind-value');
          expect(error.message).toContain('U+0000');
          expect(error.message).toContain("SQLite's LIKE");
        }
        // What a value holds after its first NUL is not seen by LIKE (documented).
        expect(await ids(body.contains('b'))).toEqual([2]);
        expect(await ids(body.startsWith('a'))).toEqual([1, 2, 3]);
        // instr() reads the whole value.
        expect(await ids(sa.cast(sa.func.call('instr', body, 'b'), sa.Integer).gt(0))).toEqual([
          1, 2, 4,
        ]);
        return;
      }
      expect(await ids(body.contains('\u0000b'))).toEqual([1, 4]);
      expect(await ids(body.endsWith('a\u0000b'))).toEqual([1, 4]);
      expect(await ids(body.like('%\u0000%'))).toEqual([1, 4]);
      expect(await ids(body.notLike('a\u0000%'))).toEqual([2, 3, 4]);
      expect(await ids(body.contains('b'))).toEqual([1, 2, 4]);
    });
  });
}
