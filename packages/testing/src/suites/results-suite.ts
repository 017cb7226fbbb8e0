import {
  InvalidRequestError,
  MultipleResultsFound,
  NoResultFound,
  ResourceClosedError,
  text,
} from '@athanor/core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';

/** Results: reading rows by name and position, the one-row methods, scalars, mappings. */
export function resultsSuite(h: Harness): void {
  describe('results', () => {
    const people = h.table('results_people');
    const selectAll = () => text(`SELECT id, name, age FROM ${people} ORDER BY id`);

    beforeAll(async () => {
      if (h.unreachable) return;
      await h.exec(
        `CREATE TABLE ${people} (id INTEGER PRIMARY KEY, name VARCHAR(50), age INTEGER)`,
      );
      await h.exec(`INSERT INTO ${people} (id, name, age) VALUES (:id, :name, :age)`, [
        { id: 1, name: 'Alice', age: 25 },
        { id: 2, name: 'Bob', age: 30 },
        { id: 3, name: 'Carol', age: null },
      ]);
    });
    afterAll(async () => {
      if (h.unreachable) return;
      await h.exec(`DROP TABLE ${people}`);
    });

    test(h, 'rows read by name, by position and by unpacking', async () => {
      const [first] = (await h.engine.execute(selectAll())).all();
      expect(first?.name).toBe('Alice');
      expect(first?.[1]).toBe('Alice');
      const [id, name, age] = first ?? [];
      expect([id, name, age]).toEqual([1, 'Alice', 25]);
      expect({ ...first }).toEqual({ id: 1, name: 'Alice', age: 25 });
      expect(JSON.parse(JSON.stringify(first))).toEqual({ id: 1, name: 'Alice', age: 25 });
    });

    test(h, 'keys() lists the columns in order, also for an empty result', async () => {
      const result = await h.exec(`SELECT id, name, age FROM ${people} WHERE id < 0`);
      expect(result.keys()).toEqual(['id', 'name', 'age']);
      expect(result.all()).toEqual([]);
    });

    test(h, 'two columns with one name: both by position, by name an ambiguity error', async () => {
      const result = await h.exec(
        `SELECT a.id, b.id FROM ${people} a, ${people} b WHERE a.id = 1 AND b.id = 2`,
      );
      const row = result.one();
      expect([row[0], row[1]]).toEqual([1, 2]);
      expect(() => row.id).toThrow(InvalidRequestError);
      expect(() => row.id).toThrow(/Ambiguous column name 'id'/);
    });

    test(h, 'all() returns the remaining rows; iteration reads them too', async () => {
      const result = await h.engine.execute(selectAll());
      expect(result.fetchOne()?.name).toBe('Alice');
      expect(result.all().map((row) => row.name)).toEqual(['Bob', 'Carol']);
      expect(result.all()).toEqual([]);
      const names: unknown[] = [];
      for (const row of await h.engine.execute(selectAll())) names.push(row.name);
      expect(names).toEqual(['Alice', 'Bob', 'Carol']);
      const asyncNames: unknown[] = [];
      for await (const row of await h.engine.execute(selectAll())) asyncNames.push(row.name);
      expect(asyncNames).toEqual(names);
    });

    test(h, 'fetchMany() reads a few rows at a time', async () => {
      const result = await h.engine.execute(selectAll());
      expect(result.fetchMany(2).map((row) => row.id)).toEqual([1, 2]);
      expect(result.fetchMany(2).map((row) => row.id)).toEqual([3]);
      expect(result.fetchMany(2)).toEqual([]);
    });

    test(h, 'first() returns the first row or null, and closes the result', async () => {
      const result = await h.engine.execute(selectAll());
      expect(result.first()?.name).toBe('Alice');
      expect(() => result.all()).toThrow(ResourceClosedError);
      expect((await h.exec(`SELECT id FROM ${people} WHERE id < 0`)).first()).toBeNull();
    });

    test(h, 'one() returns the only row, else NoResultFound or MultipleResultsFound', async () => {
      const one = await h.exec(`SELECT name FROM ${people} WHERE id = :id`, { id: 2 });
      expect(one.one().name).toBe('Bob');
      const none = await h.exec(`SELECT name FROM ${people} WHERE id < 0`);
      expect(() => none.one()).toThrow(NoResultFound);
      const many = await h.engine.execute(selectAll());
      expect(() => many.one()).toThrow(MultipleResultsFound);
    });

    test(h, 'oneOrNone() returns the only row or null, and refuses several', async () => {
      expect((await h.exec(`SELECT name FROM ${people} WHERE id < 0`)).oneOrNone()).toBeNull();
      const one = await h.exec(`SELECT name FROM ${people} WHERE id = 3`);
      expect(one.oneOrNone()?.name).toBe('Carol');
      const many = await h.engine.execute(selectAll());
      expect(() => many.oneOrNone()).toThrow(MultipleResultsFound);
    });

    test(h, 'scalar() returns the first column of the first row, or null', async () => {
      expect((await h.exec(`SELECT name, id FROM ${people} ORDER BY id`)).scalar()).toBe('Alice');
      expect((await h.exec(`SELECT name FROM ${people} WHERE id < 0`)).scalar()).toBeNull();
      expect((await h.exec(`SELECT age FROM ${people} WHERE id = 3`)).scalar()).toBeNull();
    });

    test(h, 'scalarOne() and scalarOneOrNone() insist on one row', async () => {
      expect((await h.exec(`SELECT COUNT(*) FROM ${people}`)).scalarOne()).toBe(3);
      const none = await h.exec(`SELECT name FROM ${people} WHERE id < 0`);
      expect(() => none.scalarOne()).toThrow(NoResultFound);
      expect(
        (await h.exec(`SELECT name FROM ${people} WHERE id < 0`)).scalarOneOrNone(),
      ).toBeNull();
    });

    test(
      h,
      'scalars() yields one column of each row: the first, or the one asked for',
      async () => {
        expect((await h.engine.execute(selectAll())).scalars().all()).toEqual([1, 2, 3]);
        expect((await h.engine.execute(selectAll())).scalars(1).all()).toEqual([
          'Alice',
          'Bob',
          'Carol',
        ]);
        expect((await h.engine.execute(selectAll())).scalars(2).first()).toBe(25);
      },
    );

    test(h, 'mappings() yields plain objects keyed by column name', async () => {
      const rows = (await h.engine.execute(selectAll())).mappings().all();
      expect(rows).toEqual([
        { id: 1, name: 'Alice', age: 25 },
        { id: 2, name: 'Bob', age: 30 },
        { id: 3, name: 'Carol', age: null },
      ]);
      const duplicate = await h.exec(
        `SELECT a.id, b.id FROM ${people} a, ${people} b WHERE a.id = 1 AND b.id = 2`,
      );
      expect(() => duplicate.mappings()).toThrow(/appears twice/);
    });

    test(h, 'columns() narrows and reorders the columns, by name or position', async () => {
      const result = (await h.engine.execute(selectAll())).columns('name', 0);
      expect(result.keys()).toEqual(['name', 'id']);
      expect(result.all().map((row) => [...row])).toEqual([
        ['Alice', 1],
        ['Bob', 2],
        ['Carol', 3],
      ]);
      const bad = await h.engine.execute(selectAll());
      expect(() => bad.columns('nope' as 'name')).toThrow(/No column "nope"/);
    });

    test(
      h,
      'a statement without rows has a rowcount, and reading rows from it says why not',
      async () => {
        const result = await h.exec(`UPDATE ${people} SET age = age WHERE id = 1`);
        expect(result.returnsRows).toBe(false);
        expect(result.rowcount).toBe(1);
        expect(() => result.all()).toThrow(/does not return rows/);
      },
    );

    test(h, 'a typed text() clause types its rows', async () => {
      const typed = text<{ id: number; name: string }, [number, string]>(
        `SELECT id, name FROM ${people} WHERE id = :id`,
      );
      const row = (await h.engine.execute(typed, { id: 1 })).one();
      const name: string = row.name;
      const id: number = row[0];
      expect([id, name]).toEqual([1, 'Alice']);
      const error = await errorFrom(h.engine.execute(typed));
      expect(error.message).toContain("bind parameter 'id'");
    });
  });
}
