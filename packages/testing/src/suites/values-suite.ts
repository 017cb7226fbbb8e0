import * as sa from '@athanor/core';
import { ArgumentError, Column, func, insert, select, Table, text } from '@athanor/core';
import { declarativeBase } from '@athanor/orm';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/** Column names that are also names every JavaScript object has, or that `await` looks for. */
const hostileNames = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'then',
] as const;

/**
 * Values a column cannot hold are refused alike on every database, before anything is written;
 * and no column name, however it is spelled, reaches the prototype of a row, a mapping or a
 * model instance.
 */
export function valuesSuite(h: Harness): void {
  describe('values', () => {
    const { tables: t } = useTables(h, (metadata) => ({
      numbers: new Table(h.table('va_numbers'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        i32: new Column(sa.Integer),
        i16: new Column(sa.SmallInteger),
        i64: new Column(sa.BigInteger()),
        dbl: new Column(sa.Float),
        dec: new Column(sa.Numeric(12, 2)),
      }),
      hostile: new Table(h.table('va_hostile'), metadata, {
        id: new Column(sa.Integer, { primaryKey: true, autoincrement: false }),
        // A computed key: `__proto__: ...` in an object literal would set its prototype instead.
        ['__proto__']: new Column(sa.JSON<unknown>()),
        constructor: new Column(sa.String(20)),
        prototype: new Column(sa.String(20)),
        hasOwnProperty: new Column(sa.String(20)),
        toString: new Column(sa.String(20)),
        valueOf: new Column(sa.Integer),
        // biome-ignore lint/suspicious/noThenProperty: a column named then is what is tested.
        then: new Column(sa.String(20)),
      }),
    }));

    afterEach(async () => {
      if (h.unreachable) return;
      for (const table of Object.values(t)) await h.engine.execute(table.delete());
    });

    const countOf = async (table: Table) =>
      Number(
        await h.engine.execute(select(func.count()).selectFrom(table)).then((r) => r.scalar()),
      );

    test(h, 'integer columns refuse fractions, NaN, Infinity and values out of range', async () => {
      const c = t.numbers.c;
      const refused: [sa.ColumnElement, unknown][] = [
        [c.i32, Number.NaN],
        [c.i32, Number.POSITIVE_INFINITY],
        [c.i32, Number.NEGATIVE_INFINITY],
        [c.i32, 1.5],
        [c.i32, 2147483648],
        [c.i32, -2147483649],
        [c.i32, 2n ** 31n],
        [c.i32, '99999999999'],
        [c.i16, 32768],
        [c.i16, -32769],
        [c.i16, 0.5],
        [c.i64, Number.NaN],
        [c.i64, 1.5],
        [c.i64, 2 ** 53],
        [c.i64, 2n ** 63n],
        [c.i64, -(2n ** 63n) - 1n],
        [c.i64, '9223372036854775808'],
      ];
      for (const [column, value] of refused) {
        const error = await errorFrom(
          h.engine.execute(insert(t.numbers).values({ id: 1, [column.key]: value } as never)),
        );
        const what = `${column.key} = ${String(value)}`;
        expect(error, what).toBeInstanceOf(ArgumentError);
        expect((error as ArgumentError).code, what).toBe('bad-bind-value');
        expect(error.message, what).toContain(`(${t.numbers.name}.${column.key})`);
        // Refused in a WHERE too, where the value would be compared after the same rounding.
        const where = await errorFrom(
          h.engine.execute(select(t.numbers).where(column.eq(value as never))),
        );
        expect((where as ArgumentError).code, `WHERE ${what}`).toBe('bad-bind-value');
      }
      // Many rows at once: the bad one is refused and none of the others is written.
      const many = await errorFrom(
        h.engine.execute(insert(t.numbers), [
          { id: 1, i32: 1 },
          { id: 2, i32: 2.5 },
        ]),
      );
      expect((many as ArgumentError).code).toBe('bad-bind-value');
      expect(await countOf(t.numbers)).toBe(0);

      // The limits themselves are kept.
      await h.engine.execute(
        insert(t.numbers).values([
          { id: 1, i32: 2147483647, i16: -32768, i64: 2 ** 53 - 1 },
          { id: 2, i32: -2147483648, i16: 32767, i64: -(2n ** 63n) },
        ]),
      );
      const rows = (
        await h.engine.execute(
          select(t.numbers.c.i32, t.numbers.c.i16, t.numbers.c.i64).orderBy(t.numbers.c.id),
        )
      ).all();
      expect(rows.map((row) => [...row])).toEqual([
        [2147483647, -32768, 9007199254740991n],
        [-2147483648, 32767, -(2n ** 63n)],
      ]);
    });

    test(h, 'Float takes NaN and ±Infinity only where the database stores them', async () => {
      const nonFinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      if (h.dialect.capabilities.nonFiniteFloats) {
        await h.engine.execute(
          insert(t.numbers).values(nonFinite.map((dbl, i) => ({ id: i + 1, dbl }))),
        );
        const back = await h.engine.execute(select(t.numbers.c.dbl).orderBy(t.numbers.c.id));
        expect(back.scalars().all()).toEqual(nonFinite);
      } else {
        for (const dbl of nonFinite) {
          const error = await errorFrom(h.engine.execute(insert(t.numbers).values({ id: 1, dbl })));
          expect((error as ArgumentError).code).toBe('bad-bind-value');
          expect(error.message).toContain(`(${t.numbers.name}.dbl)`);
        }
        expect(await countOf(t.numbers)).toBe(0);
      }
      // A numeric string past the largest double is refused everywhere, not stored as Infinity.
      const overflow = await errorFrom(
        h.engine.execute(insert(t.numbers).values({ id: 9, dbl: '1e400' as never })),
      );
      expect((overflow as ArgumentError).code).toBe('bad-bind-value');
      // Numeric never holds them.
      for (const dec of nonFinite) {
        const error = await errorFrom(h.engine.execute(insert(t.numbers).values({ id: 9, dec })));
        expect((error as ArgumentError).code).toBe('bad-bind-value');
        expect(error.message).toContain(`(${t.numbers.name}.dec)`);
      }
      expect(await countOf(t.numbers)).toBe(h.dialect.capabilities.nonFiniteFloats ? 3 : 0);
    });

    test(h, 'text() parameters refuse values with no SQL form, naming the parameter', async () => {
      class Money {
        constructor(readonly cents: number) {}
      }
      const refused: [string, unknown][] = [
        ['a function', () => 1],
        ['a symbol', Symbol('s')],
        ['a Map', new Map([['a', 1]])],
        ['a Set', new Set([1])],
        ['a WeakMap', new WeakMap()],
        ['an instance of a class', new Money(5)],
        ['a Map in an array', [1, new Map()]],
      ];
      if (!h.dialect.capabilities.nonFiniteFloats) refused.push(['NaN', Number.NaN]);
      const sql = `INSERT INTO ${h.q(t.numbers.name)} (id, dec) VALUES (1, :amount)`;
      for (const [what, value] of refused) {
        const error = await errorFrom(h.exec(sql, { amount: value }));
        expect(error, what).toBeInstanceOf(ArgumentError);
        expect((error as ArgumentError).code, what).toBe('bad-bind-value');
        expect(error.message, what).toMatch(/^Cannot bind .* to parameter 'amount': expected /);
      }
      expect(await countOf(t.numbers)).toBe(0);
      // What has a SQL form still binds: a string, a number, a bigint, a Date, a Buffer.
      const row = (
        await h.engine.execute(text('SELECT :s AS s, :n AS n, :b AS b'), { s: 'x', n: 2, b: 3n })
      ).one();
      expect([row.s, Number(row.n), Number(row.b)]).toEqual(['x', 2, 3]);
      // A parameter named like something every object has is missing when not given, not a
      // function inherited from Object.prototype.
      const missing = await errorFrom(h.exec('SELECT :constructor AS c', {}));
      expect((missing as ArgumentError).code).toBe('missing-parameter');
      const given = await h.exec('SELECT :constructor AS c, :toString AS t', {
        constructor: 'c',
        toString: 't',
      });
      expect([...given.one()]).toEqual(['c', 't']);
    });

    test(h, 'raw SQL columns named like object members stay plain own values', async () => {
      const names = hostileNames;
      const columns = names.map((name, i) => `'v${i}' AS ${h.q(name)}`).join(', ');
      const expected = Object.fromEntries(names.map((name, i) => [name, `v${i}`]));

      const row = (await h.exec(`SELECT ${columns}`)).one();
      for (const name of names) {
        expect(Object.getOwnPropertyDescriptor(row, name)?.value, name).toBe(expected[name]);
      }
      expect(Object.getPrototypeOf(Object.getPrototypeOf(row))).not.toBe(Object.prototype);
      expect(row instanceof Object).toBe(true);
      expect([...row]).toEqual(names.map((_, i) => `v${i}`));

      for (const mapping of [
        (await h.exec(`SELECT ${columns}`)).mappings().one(),
        // Streamed, with a bound value (on MariaDB, through the driver's binary protocol).
        await streamedMapping(`SELECT ${columns} WHERE 1 = :one`, { one: 1 }),
      ]) {
        expect(Object.getPrototypeOf(mapping)).toBe(Object.prototype);
        expect(Object.keys(mapping)).toEqual([...names]);
        for (const name of names) {
          expect(Object.getOwnPropertyDescriptor(mapping, name)?.value, name).toBe(expected[name]);
        }
        expect(JSON.parse(JSON.stringify(mapping))).toEqual(expected);
      }

      // A row or mapping with a `then` column is not a promise: a string `then` is not callable,
      // so awaiting one gives it back as it is.
      const awaited = await Promise.resolve(row);
      expect(awaited).toBe(row);
    });

    test(
      h,
      'table columns named like object members: no JSON value becomes a prototype',
      async () => {
        const values = {
          id: 1,
          ['__proto__']: { isAdmin: true },
          constructor: 'c',
          prototype: 'p',
          hasOwnProperty: 'h',
          toString: 't',
          valueOf: 7,
          // biome-ignore lint/suspicious/noThenProperty: a column named then is what is tested.
          then: 'later',
        };
        // A computed key: a literal's `__proto__: ...` would set the object's prototype instead.
        expect(Object.getOwnPropertyNames(values)).toContain('__proto__');
        await h.engine.execute(insert(t.hostile).values(values as never));

        const columns = t.hostile.columns;
        // With a bound value: MariaDB's driver reads it in its binary protocol (the raw SQL test
        // above reads the text one).
        const all = () => h.engine.execute(select(t.hostile).where(t.hostile.c.id.eq(1)));

        const mapping = (await all()).mappings().one() as Record<string, unknown>;
        expect(Object.getPrototypeOf(mapping)).toBe(Object.prototype);
        expect(mapping.isAdmin).toBeUndefined();
        expect(Object.keys(mapping)).toEqual(columns.map((c) => c.key));

        const read = (await all()).one() as unknown as Record<string, unknown>;
        expect((read as { isAdmin?: unknown }).isAdmin).toBeUndefined();
        for (const object of [mapping, read]) {
          expect(Object.getOwnPropertyDescriptor(object, '__proto__')?.value).toEqual({
            isAdmin: true,
          });
        }
        for (const name of ['constructor', 'prototype', 'hasOwnProperty', 'toString', 'then']) {
          expect(Object.getOwnPropertyDescriptor(read, name)?.value, name).toBe(
            values[name as keyof typeof values],
          );
        }
        // The columns are usable in WHERE and UPDATE like any other.
        await h.engine.execute(
          t.hostile
            .update()
            .where(t.hostile.c.constructor.eq('c'))
            // biome-ignore lint/suspicious/noThenProperty: a column named then is what is tested.
            .values({ then: 'now' } as never),
        );
        const then = await h.engine.execute(select(t.hostile.c.then));
        expect(then.scalar()).toBe('now');
      },
    );

    test(h, 'an ORM model refuses attributes named like object members or then', async () => {
      const Base = declarativeBase();
      // `prototype` is special only on functions: an instance may have it as an attribute.
      for (const name of hostileNames.filter((name) => name !== 'prototype')) {
        let error: unknown;
        try {
          Base.model(h.table(`va_model_${name.replace(/\W/g, '')}`), {
            id: new Column(sa.Integer, { primaryKey: true }),
            [name]: new Column(sa.String(20)),
          });
        } catch (caught) {
          error = caught;
        }
        expect(error, name).toBeInstanceOf(ArgumentError);
        expect((error as Error).message, name).toContain(`Column '${name}'`);
        expect((error as Error).message, name).toContain(`{ name: '${name}' }`);
      }
      // The database name can stay: the attribute takes another key.
      class Odd extends Base.model(h.table('va_model_odd'), {
        id: new Column(sa.Integer, { primaryKey: true }),
        thenValue: new Column(sa.String(20), { name: 'then' }),
      }) {}
      expect(new Odd({ id: 1, thenValue: 'x' }).thenValue).toBe('x');
      class Proto extends Base.model(h.table('va_model_proto'), {
        id: new Column(sa.Integer, { primaryKey: true }),
        prototype: new Column(sa.String(20)),
      }) {}
      const proto = new Proto({ id: 1, prototype: 'p' });
      expect([proto.prototype, Object.getPrototypeOf(proto)]).toEqual(['p', Proto.prototype]);
    });

    async function streamedMapping(
      sql: string,
      params: Record<string, unknown> = {},
    ): Promise<Record<string, unknown>> {
      const conn = await h.engine.connect();
      try {
        const result = await conn.stream(text(sql), params);
        const rows: Record<string, unknown>[] = [];
        for await (const mapping of result.mappings()) rows.push(mapping);
        return rows[0] as Record<string, unknown>;
      } finally {
        await conn.close();
      }
    }
  });
}
