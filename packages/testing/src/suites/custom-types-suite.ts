import {
  ArgumentError,
  BigInteger,
  Column,
  Float,
  Integer,
  type IntegerType,
  insert,
  inspect,
  Json,
  literal,
  Numeric,
  type NumericType,
  type StringType,
  select,
  Table,
  Text,
  type TextType,
  TypeDecorator,
  type TypeDialect,
  type TypeEngine,
  UserDefinedType,
  update,
  Varchar,
} from '@athanor/core';
import { declarativeBase } from '@athanor/orm';
import { afterEach, describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test, useTables } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/** A string stored, and compared, in lower case. */
class LowerCaseString extends TypeDecorator<string, StringType> {
  override readonly cacheOk = true;
  constructor(readonly length: number) {
    super(Varchar(length));
  }
  override processBindParam(value: string): string {
    return value.toLowerCase();
  }
}

/** Any JSON value, written as text into a TEXT column. */
class JsonText<T> extends TypeDecorator<T, TextType> {
  override readonly cacheOk = true;
  constructor() {
    super(Text);
  }
  override processBindParam(value: T): string {
    return JSON.stringify(value);
  }
  override processResultValue(value: string): T {
    return JSON.parse(value) as T;
  }
}

/** One of a list of strings, stored as its position in the list. */
class CodedEnum<V extends string> extends TypeDecorator<V, IntegerType> {
  override readonly cacheOk = true;
  constructor(readonly values: readonly V[]) {
    super(Integer);
  }
  override processBindParam(value: V): number {
    const index = this.values.indexOf(value);
    if (index < 0) throw new ArgumentError(`${JSON.stringify(value)} is not one of the values`);
    return index;
  }
  override processResultValue(value: number): V {
    return this.values[value] as V;
  }
}

/** PostgreSQL and PGlite have a JSON type; the others keep JSON in a TEXT column. */
const hasJsonb = (dialect: TypeDialect) =>
  dialect.name === 'postgresql' || dialect.name === 'pglite';

/** JSON where the database has JSONB, JSON text elsewhere: another impl per dialect. */
class PortableJson<T> extends TypeDecorator<T> {
  constructor() {
    super(Text);
  }
  override loadDialectImpl(dialect: TypeDialect): TypeEngine {
    return hasJsonb(dialect) ? Json() : this.impl;
  }
  override processBindParam(value: T, dialect: TypeDialect): unknown {
    // Json's own bind writes JSON; a TEXT column needs it written here.
    return hasJsonb(dialect) ? value : JSON.stringify(value);
  }
  override processResultValue(value: unknown): T {
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }
}

interface XY {
  readonly x: number;
  readonly y: number;
}

/** A point: PostgreSQL's own POINT type, text elsewhere. */
class Point extends UserDefinedType<XY> {
  getColSpec(dialect: TypeDialect): string {
    return hasJsonb(dialect) ? 'POINT' : 'VARCHAR(60)';
  }
  override bindProcessor(dialect: TypeDialect) {
    return (p: XY) => (hasJsonb(dialect) ? `(${p.x},${p.y})` : `${p.x},${p.y}`);
  }
  override resultProcessor() {
    return (value: unknown): XY => {
      // pg reads a POINT as { x, y }; other drivers give the text.
      if (typeof value === 'object' && value !== null) return value as XY;
      const [x, y] = String(value).replace(/[()]/g, '').split(',').map(Number);
      return { x: x as number, y: y as number };
    };
  }
}

/** A decimal amount: a Numeric(10, 2), decorated (nothing converted, the type is the point). */
class Money extends TypeDecorator<string, NumericType<false>> {
  override readonly cacheOk = true;
  constructor() {
    super(Numeric(10, 2));
  }
}

/** An integer key, decorated: still autoincrement, as its impl's would be. */
class IntId extends TypeDecorator<number, IntegerType> {
  override readonly cacheOk = true;
  constructor() {
    super(Integer);
  }
}

/** TypeDecorator, UserDefinedType and withVariant against the database. */
export function customTypesSuite(h: Harness): void {
  describe('custom types', () => {
    const statuses = ['draft', 'live', 'gone'] as const;
    const { tables: t } = useTables(h, (metadata) => ({
      people: new Table(h.table('ct_people'), metadata, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        email: new Column(new LowerCaseString(60)),
        doc: new Column(new JsonText<{ tags: string[]; n?: number }>()),
        status: new Column(new CodedEnum(statuses)),
      }),
      portable: new Table(h.table('ct_portable'), metadata, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        doc: new Column(new PortableJson<{ a: number[] }>()),
        at: new Column(new Point()),
        // On this dialect a BIGINT; elsewhere an INTEGER.
        big: new Column(
          Integer().withVariant(BigInteger({ mode: 'number' }), h.options.dialect.name),
        ),
        // A variant for some other database only: an INTEGER here.
        small: new Column(Integer().withVariant(BigInteger({ mode: 'number' }), 'elsewhere')),
      }),
      money: new Table(h.table('ct_money'), metadata, {
        id: new Column(Integer, { primaryKey: true, autoincrement: false }),
        amount: new Column(new Money()),
        // A Numeric on this dialect only.
        measure: new Column(Float().withVariant(Numeric(10, 2), h.options.dialect.name)),
      }),
      keyed: new Table(h.table('ct_keyed'), metadata, {
        id: new Column(new IntId(), { primaryKey: true }),
        name: new Column(Text),
      }),
    }));

    afterEach(async () => {
      if (h.unreachable) return;
      for (const table of Object.values(t)) await h.engine.execute(table.delete());
    });

    test(h, 'a JSON-in-text, a lower-casing and an int-coded decorator round-trip', async () => {
      await h.engine.execute(
        insert(t.people).values([
          { id: 1, email: 'Alice@Example.COM', doc: { tags: ['a', 'b'], n: 1 }, status: 'live' },
          { id: 2, email: 'BOB@example.com', doc: { tags: [] }, status: 'gone' },
          { id: 3, email: null, doc: null, status: null },
        ]),
      );
      const rows = (await h.engine.execute(select(t.people).orderBy(t.people.c.id)))
        .mappings()
        .all();
      expect(rows).toEqual([
        { id: 1, email: 'alice@example.com', doc: { tags: ['a', 'b'], n: 1 }, status: 'live' },
        { id: 2, email: 'bob@example.com', doc: { tags: [] }, status: 'gone' },
        { id: 3, email: null, doc: null, status: null },
      ]);
      // What the database holds is the impl's value: the text, the lower case, the code.
      const stored = await h.exec(
        `SELECT ${h.q('email')}, ${h.q('doc')}, ${h.q('status')} FROM ${h.q(t.people.name)} WHERE ${h.q('id')} = 1`,
      );
      const raw = stored.all()[0] as unknown as readonly unknown[];
      expect(raw[0]).toBe('alice@example.com');
      expect(JSON.parse(String(raw[1]))).toEqual({ tags: ['a', 'b'], n: 1 });
      expect(Number(raw[2])).toBe(1);
    });

    test(h, 'comparisons and IN bind their values through the decorator', async () => {
      await h.engine.execute(
        insert(t.people).values([
          { id: 1, email: 'alice@example.com', status: 'draft' },
          { id: 2, email: 'bob@example.com', status: 'live' },
          { id: 3, email: 'carol@example.com', status: 'gone' },
        ]),
      );
      const ids = async (where: Parameters<ReturnType<typeof select>['where']>[0]) =>
        (await h.engine.execute(select(t.people.c.id).where(where).orderBy(t.people.c.id)))
          .scalars()
          .all();
      expect(await ids(t.people.c.email.eq('ALICE@EXAMPLE.COM'))).toEqual([1]);
      expect(await ids(t.people.c.email.in(['Bob@Example.com', 'CAROL@example.com']))).toEqual([
        2, 3,
      ]);
      expect(await ids(t.people.c.status.eq('live'))).toEqual([2]);
      expect(await ids(t.people.c.status.in(['draft', 'gone']))).toEqual([1, 3]);
      expect(await ids(t.people.c.status.ne('live'))).toEqual([1, 3]);
      // An UPDATE's SET and WHERE both go through it.
      await h.engine.execute(
        update(t.people).where(t.people.c.email.eq('BOB@example.com')).values({ status: 'gone' }),
      );
      expect(await ids(t.people.c.status.eq('gone'))).toEqual([2, 3]);
    });

    test(h, 'a decorator with another impl per dialect (loadDialectImpl)', async () => {
      await h.engine.execute(
        insert(t.portable).values([
          { id: 1, doc: { a: [1, 2] } },
          { id: 2, doc: null },
        ]),
      );
      const docs = await h.engine.execute(select(t.portable.c.doc).orderBy(t.portable.c.id));
      expect(docs.scalars().all()).toEqual([{ a: [1, 2] }, null]);
      // The database holds the column as the impl chosen for it.
      const columns = await inspect(h.engine).getColumns(t.portable.name);
      const typeOf = (name: string) => columns.find((c) => c.name === name)?.type.typeName;
      expect(typeOf('doc')).toBe(hasJsonb(h.dialect) ? 'json' : 'text');
    });

    test(
      h,
      'withVariant: the variant for this dialect is its DDL and its conversions',
      async () => {
        const big = 2 ** 40;
        await h.engine.execute(insert(t.portable).values({ id: 1, big, small: 7 }));
        const row = (await h.engine.execute(select(t.portable.c.big, t.portable.c.small))).one();
        expect([row.big, row.small]).toEqual([big, 7]);
        const columns = await inspect(h.engine).getColumns(t.portable.name);
        const typeOf = (name: string) => columns.find((c) => c.name === name)?.type.typeName;
        expect(typeOf('big')).toBe('big_integer');
        expect(typeOf('small')).toBe('integer');
        // The variant named for another database does not apply: this is an INTEGER column.
        const error = await errorFrom(
          h.engine.execute(insert(t.portable).values({ id: 2, small: big })),
        );
        expect(error).toBeInstanceOf(ArgumentError);
      },
    );

    test(h, "a UserDefinedType's DDL is accepted and its values round-trip", async () => {
      await h.engine.execute(
        insert(t.portable).values([
          { id: 1, at: { x: 1.5, y: -2 } },
          { id: 2, at: null },
        ]),
      );
      const points = await h.engine.execute(select(t.portable.c.at).orderBy(t.portable.c.id));
      expect(points.scalars().all()).toEqual([{ x: 1.5, y: -2 }, null]);
    });

    test(h, 'a decorated or variant Numeric compares exactly, as a Numeric does', async () => {
      await h.engine.execute(
        insert(t.money).values([
          { id: 1, amount: '9.00', measure: 9 },
          { id: 2, amount: '10.00', measure: 10 },
        ]),
      );
      const ids = async (where: Parameters<ReturnType<typeof select>['where']>[0]) =>
        (await h.engine.execute(select(t.money.c.id).where(where).orderBy(t.money.c.id)))
          .scalars()
          .all();
      // As text, '10.00' < '9.50': the comparison must be the decimal one.
      expect(await ids(t.money.c.amount.lt('9.50'))).toEqual([1]);
      expect(await ids(t.money.c.amount.gt('9.50'))).toEqual([2]);
      expect(await ids(t.money.c.amount.eq('9'))).toEqual([1]);
      expect(await ids(t.money.c.measure.lt(9.5))).toEqual([1]);
      expect(await ids(t.money.c.measure.eq(10))).toEqual([2]);
    });

    test(h, 'a decorated integer primary key is generated by the database', async () => {
      expect(t.keyed.c.id.autoincrement).toBe(true);
      const first = await h.engine.execute(insert(t.keyed).values({ name: 'a' }));
      const second = await h.engine.execute(insert(t.keyed).values({ name: 'b' }));
      const [a, b] = [first.insertedPrimaryKey?.[0], second.insertedPrimaryKey?.[0]];
      expect(typeof a).toBe('number');
      // Increasing, not consecutive: auto_increment_increment and Galera step the ids.
      expect(b).toBeGreaterThan(a as number);
      const rows = await h.engine.execute(
        select(t.keyed.c.id, t.keyed.c.name).orderBy(t.keyed.c.id),
      );
      expect(rows.all().map((row) => [row.id, row.name])).toEqual([
        [a, 'a'],
        [b, 'b'],
      ]);
    });

    test(h, 'decorators of different parameters do not share compiled SQL', async () => {
      // The same statement shape with two parameterizations of one decorator class: each binds
      // by its own values (a shared compilation would bind the first's code for both).
      const code = async (values: readonly string[]) =>
        (
          await h.engine.execute(
            select(literal('b', new CodedEnum(values)).cast(Integer).label('v')),
          )
        ).scalar();
      expect(Number(await code(['a', 'b']))).toBe(1);
      expect(Number(await code(['b', 'a']))).toBe(0);
      expect(Number(await code(['x', 'y', 'b']))).toBe(2);
      expect(Number(await code(['a', 'b']))).toBe(1);
    });
  });

  describe('custom types in ORM models', () => {
    const Base = declarativeBase();
    class Person extends Base.model(h.table('ct_orm_people'), {
      id: new Column(Integer, { primaryKey: true }),
      email: new Column(new LowerCaseString(60), { nullable: false }),
      doc: new Column(new JsonText<{ tags: string[] }>()),
      status: new Column(new CodedEnum(['draft', 'live', 'gone'] as const)),
    }) {}
    const db = useOrmDatabase(h, Base.metadata);

    test(h, 'insert, query and update decorated columns through the session', async () => {
      const session = db.Session();
      const alice = new Person({ email: 'Alice@X.org', doc: { tags: ['a'] }, status: 'draft' });
      session.add(alice);
      session.add(new Person({ email: 'bob@x.org', status: 'live' }));
      await session.commit();
      // Bound through the decorator: the row holds the lower case, and filterBy finds it.
      await using check = db.Session();
      const found = await check.query(Person).filterBy({ email: 'ALICE@x.org' }).one();
      expect([found.email, found.doc, found.status]).toEqual([
        'alice@x.org',
        { tags: ['a'] },
        'draft',
      ]);
      expect(
        (
          await check
            .query(Person)
            .filter(Person.c.status.in(['live', 'gone']))
            .all()
        ).map((p) => p.email),
      ).toEqual(['bob@x.org']);

      found.status = 'gone';
      found.doc = { tags: ['a', 'z'] };
      await check.commit();
      await using again = db.Session();
      const updated = await again.query(Person).filter(Person.c.status.eq('gone')).one();
      expect([updated.email, updated.doc]).toEqual(['alice@x.org', { tags: ['a', 'z'] }]);
      await session.close();
    });
  });
}
