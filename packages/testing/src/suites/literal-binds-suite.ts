import {
  type ArgumentError,
  BigInteger,
  Boolean,
  Column,
  type CompiledSql,
  CompileError,
  type CompileOptions,
  DateTime,
  Date as DateType,
  Float,
  Integer,
  insert,
  JSON,
  LargeBinary,
  literal,
  select,
  Table,
  Text,
  text,
} from '@athanor/core';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';

/**
 * Strings that would end a literal written carelessly, or change on the way: quotes,
 * backslashes (MySQL reads them as escapes), comments, placeholders, control characters,
 * characters outside the Basic Multilingual Plane.
 */
const hostileStrings: readonly string[] = [
  "O'Brien",
  "'",
  "''",
  '\\',
  "\\'",
  "\\\\'",
  'ends with a backslash\\',
  "'); DROP TABLE x; --",
  "\\'); DROP TABLE x; -- ",
  "E'\\\\' || chr(39)",
  '/* not a comment */ -- nor this',
  ':name \\:x $1 ? %s $$ $tag$ @v',
  '"double" and `back` quotes',
  'line\nbreak\r\ttab \b \u001a \u007f',
  'Ünïcødé ✓ 日本語 🎉',
  '',
];

/**
 * `stmt.compile({ dialect, literalBinds: true })` writes values into the SQL; the SQL, run as
 * it is, must give back exactly the values (and never let one out of its literal).
 */
export function literalBindsSuite(h: Harness): void {
  describe('compile({ literalBinds })', () => {
    const { tables } = useTables(h, (md) => ({
      values: new Table(h.table('lit_values'), md, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        body: new Column(Text),
        big: new Column(BigInteger),
        small: new Column(Integer),
        real: new Column(Float),
        flag: new Column(Boolean),
        at: new Column(DateTime),
        day: new Column(DateType),
        data: new Column(LargeBinary),
        doc: new Column(JSON<unknown>()),
      }),
    }));

    afterEach(async () => {
      if (h.unreachable) return;
      await h.engine.execute(tables.values.delete());
    });

    /** The statement's SQL with its values inline, run as raw SQL. */
    const runLiteral = async (stmt: { compile(options: CompileOptions): CompiledSql }) => {
      const { sql, params } = stmt.compile({ dialect: h.dialect, literalBinds: true });
      expect(params).toEqual([]);
      return h.engine.execute(text(sql));
    };

    test(h, 'a string with quotes, backslashes or a comment comes back exactly', async () => {
      const { values } = tables;
      for (const [id, body] of hostileStrings.entries()) {
        await runLiteral(insert(values).values({ id, body }));
      }
      const stored = await h.engine.execute(
        select(values.c.id, values.c.body).orderBy(values.c.id),
      );
      expect(stored.all().map((row) => row.body)).toEqual(hostileStrings);
      // Compared in WHERE too: each string finds its own row, and only it.
      for (const [id, body] of hostileStrings.entries()) {
        const found = await runLiteral(select(values.c.id).where(values.c.body.eq(body)));
        expect(found.scalars().all()).toEqual([id]);
      }
      // And selected as it is.
      for (const body of hostileStrings) {
        const echoed = await runLiteral(select(literal(body, Text).label('v')));
        expect(echoed.scalar()).toBe(body);
      }
    });

    test(
      h,
      'numbers, bigints, booleans, null, dates, bytes and JSON come back exactly',
      async () => {
        const { values } = tables;
        const bytes = Uint8Array.from([0, 39, 92, 34, 255, 10, 0x5c, 0x27]);
        const doc = { quote: "it's", backslash: '\\', list: [1, null, true], nested: { ü: '🎉' } };
        const at = new globalThis.Date('2024-02-29T23:59:58.123Z');
        await runLiteral(
          insert(values).values([
            {
              id: 1,
              big: 9223372036854775807n,
              small: -42,
              real: -1.5e-7,
              flag: true,
              at,
              day: '2024-02-29',
              data: bytes,
              doc,
            },
            {
              id: 2,
              big: -9223372036854775807n,
              small: 0,
              real: 1e21,
              flag: false,
              at: null,
              day: null,
              data: null,
              doc: null,
            },
          ]),
        );
        const rows = (await h.engine.execute(select(values).orderBy(values.c.id))).all();
        const [first, second] = rows;
        if (!first || !second) throw new Error(`Expected 2 rows, got ${rows.length}`);
        expect(first.big).toBe(9223372036854775807n);
        expect(first.small).toBe(-42);
        expect(first.real).toBe(-1.5e-7);
        expect(first.flag).toBe(true);
        expect(first.at?.toISOString()).toBe(at.toISOString());
        expect(first.day).toBe('2024-02-29');
        expect([...(first.data ?? [])]).toEqual([...bytes]);
        expect(first.doc).toEqual(doc);
        expect(second.big).toBe(-9223372036854775807n);
        expect(second.small).toBe(0);
        expect(second.real).toBe(1e21);
        expect(second.flag).toBe(false);
        expect([second.at, second.day, second.data, second.doc]).toEqual([null, null, null, null]);
      },
    );

    test(h, 'a negative number after a minus sign stays a number, not a comment', async () => {
      const { values } = tables;
      await h.engine.execute(insert(values).values({ id: 1, small: 10 }));
      // -(-5): written carelessly, `--5` would start a comment and cut the statement short.
      const negated = literal(-5, Integer).neg();
      const stmt = select(values.c.small.sub(negated).label('v')).where(values.c.id.eq(1));
      expect((await runLiteral(stmt)).scalar()).toBe(5);
      const big = select(literal(-7n, BigInteger).neg().label('v'));
      expect(Number((await runLiteral(big)).scalar())).toBe(7);
    });

    test(h, 'a value that cannot be written safely is refused, naming the value', async () => {
      const { values } = tables;
      const nul = await errorFrom(
        Promise.resolve().then(() =>
          insert(values)
            .values({ id: 1, body: 'a\u0000b' })
            .compile({ dialect: h.dialect, literalBinds: true }),
        ),
      );
      expect(nul).toBeInstanceOf(CompileError);
      expect(nul.message).toContain('NUL character');
      expect(nul.message).toContain('Bind it as a parameter');
      const nan = await errorFrom(
        Promise.resolve().then(() =>
          insert(values)
            .values({ id: 1, real: Number.NaN })
            .compile({ dialect: h.dialect, literalBinds: true }),
        ),
      );
      // NaN is no literal; where the database cannot store it in a float it is not a parameter
      // either, and is refused as one would be.
      if (h.dialect.capabilities.nonFiniteFloats) {
        expect(nan).toBeInstanceOf(CompileError);
        expect(nan.message).toContain('not a finite number');
      } else {
        expect((nan as ArgumentError).code).toBe('bad-bind-value');
        expect(nan.message).toContain('Cannot bind NaN to a Float column');
      }
    });

    test(
      h,
      'without literalBinds the values come as parameters, as the driver takes them',
      async () => {
        const { values } = tables;
        const stmt = insert(values).values({ id: 7, body: "O'Brien", flag: true });
        const compiled = stmt.compile({ dialect: h.dialect });
        expect(compiled.sql).not.toContain('Brien');
        expect(String(compiled)).toBe(compiled.sql);
        expect(compiled.params).toContain("O'Brien");
        expect(compiled.params).toHaveLength(3);
        // The dialect object as its package exports it compiles before any connection.
        const query = select(values.c.id).where(values.c.body.eq('x'));
        expect(query.compile(h.options.dialect).sql).toBe(
          query.compile({ dialect: h.dialect }).sql,
        );
        await h.engine.execute(stmt);
        const found = await h.engine.execute(
          select(values.c.id).where(values.c.body.eq("O'Brien")),
        );
        expect(found.scalars().all()).toEqual([7]);
      },
    );
  });
}
