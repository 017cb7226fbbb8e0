import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  BigInteger,
  Boolean as BooleanType,
  Column,
  type ColumnElement,
  type Connection,
  case_,
  DateTime,
  delete_,
  type Engine,
  Enum,
  func,
  Integer,
  insert,
  JSON as JSONType,
  MetaData,
  String,
  select,
  Table,
  text,
  update,
} from '../src/index.js';

// These checks run in the compiler (pnpm typecheck): a wrong column name or a value of the wrong
// type must not compile. The functions holding them are never called.
const metadata = new MetaData();
const users = new Table('type_users', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(50), { nullable: false }),
  age: new Column(Integer),
  active: new Column(BooleanType, { default: true }),
  createdAt: new Column(DateTime, { name: 'created_at', serverDefault: 'now' }),
  big: new Column(BigInteger),
  mode: new Column(Enum(['draft', 'published']), { nullable: false, default: 'draft' }),
  data: new Column(JSONType<{ tags: string[] }>()),
});
const posts = new Table('type_posts', metadata, {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column(Integer, { foreignKey: 'type_users.id', nullable: false }),
  title: new Column(String(100), { nullable: false }),
});

describe('expression language types', () => {
  it('types table columns from their SQL types and options', () => {
    expectTypeOf(users.c.id.key).toEqualTypeOf<'id'>();
    const _columns = () => {
      // @ts-expect-error: no such column
      users.c.nmae;
    };
    type Row = (typeof users)[typeof import('../src/sql/from-clauses.js').rowShape];
    expectTypeOf<NonNullable<Row>>().toEqualTypeOf<{
      id: number;
      name: string;
      age: number | null;
      active: boolean | null;
      createdAt: Date | null;
      big: bigint | null;
      mode: 'draft' | 'published';
      data: { tags: string[] } | null;
    }>();
  });

  it('infers result rows from what is selected', () => {
    const _rows = async (conn: Connection) => {
      const result = await conn.execute(select(users.c.id, users.c.name, func.count().label('n')));
      const row = result.one();
      expectTypeOf(row.id).toEqualTypeOf<number>();
      expectTypeOf(row.name).toEqualTypeOf<string>();
      expectTypeOf(row.n).toEqualTypeOf<number>();
      expectTypeOf(row[1]).toEqualTypeOf<string>();
      expectTypeOf(result.scalars().all()).toEqualTypeOf<number[]>();
      // @ts-expect-error: not selected
      row.age;
      const whole = (await conn.execute(select(users))).one();
      expectTypeOf(whole.age).toEqualTypeOf<number | null>();
      const joined = (await conn.execute(select(users.c.name, posts.c.title).join(posts))).one();
      expectTypeOf(joined.title).toEqualTypeOf<string>();
      const counted = (await conn.execute(select(func.max(users.c.age)))).scalar();
      expectTypeOf(counted).toEqualTypeOf<number | null>();
    };
  });

  it('types subquery and CTE columns from the select', () => {
    const sub = select(posts.c.userId, func.count().label('posts'))
      .groupBy(posts.c.userId)
      .subquery('s');
    expectTypeOf(sub.c.posts.key).toEqualTypeOf<'posts'>();
    const _sub = () => {
      // @ts-expect-error: not a column of the subquery
      sub.c.title;
    };
    const cte = select(users.c.id, users.c.name).cte('c');
    const _rows = async (conn: Connection) => {
      const row = (await conn.execute(select(cte.c.name))).one();
      expectTypeOf(row.name).toEqualTypeOf<string>();
    };
  });

  it('refuses comparisons with values of the wrong type', () => {
    const _checks = () => {
      users.c.age.gt(25);
      users.c.name.eq('Alice');
      users.c.createdAt.lt(new Date());
      users.c.createdAt.lt('2024-01-01');
      users.c.big.eq(5n);
      users.c.mode.eq('draft');
      posts.c.userId.eq(users.c.id);
      // @ts-expect-error: a string is not an integer
      users.c.age.gt('25');
      // @ts-expect-error: a number is not a string
      users.c.name.eq(5);
      // @ts-expect-error: not one of the enum's values
      users.c.mode.eq('archived');
      // @ts-expect-error: LIKE is for strings
      users.c.age.like('1%');
      // @ts-expect-error: arithmetic is for numbers
      users.c.active.add(1);
      // @ts-expect-error: in() takes values of the column's type
      users.c.id.in(['a']);
    };
  });

  it('execute() takes rows typed by an interface, one or many', () => {
    // An interface has no index signature, so it is not a Record<string, unknown>.
    interface NewUser {
      name: string;
      age: number;
    }
    const _checks = async (engine: Engine, conn: Connection, rows: NewUser[], one: NewUser) => {
      await engine.execute(insert(users), rows);
      await conn.execute(insert(users), rows);
      await conn.execute(insert(users), one);
      await engine.execute(insert(users), one);
      const frozen: readonly NewUser[] = rows;
      await conn.execute(insert(users), frozen);
      await conn.stream(text('SELECT * FROM type_users WHERE name = :name'), one);
      insert(users).values(rows);
      insert(users).values(one);
      // @ts-expect-error: parameters are objects, not a string
      await conn.execute(insert(users), 'Alice');
      // @ts-expect-error: nor a number
      await engine.execute(insert(users), 5);
      interface WrongUser {
        name: number;
      }
      const wrong: WrongUser[] = [];
      // @ts-expect-error: values() still checks the row's value types
      insert(users).values(wrong);
    };
  });

  it('types INSERT values: required columns, optional ones, and no unknown keys', () => {
    const _checks = () => {
      insert(users).values({ name: 'Alice' });
      insert(users).values({ name: 'Alice', age: null, data: { tags: ['x'] } });
      insert(users).values([{ name: 'A' }, { name: 'B', mode: 'published' }]);
      insert(users).values({ name: users.c.name });
      // @ts-expect-error: name is required (NOT NULL, no default)
      insert(users).values({ age: 3 });
      // @ts-expect-error: no such column
      insert(users).values({ name: 'A', nmae: 'x' });
      // @ts-expect-error: age takes a number
      insert(users).values({ name: 'A', age: 'three' });
      // @ts-expect-error: the JSON column has a shape
      insert(users).values({ name: 'A', data: { tags: 'x' } });
      update(users).values({ age: users.c.age.add(1) });
      // @ts-expect-error: no such column
      update(users).values({ agee: 1 });
      delete_(users).where(users.c.id.eq(1));
    };
  });

  it('types RETURNING rows', () => {
    const _rows = async (conn: Connection) => {
      const row = (
        await conn.execute(
          insert(users).values({ name: 'A' }).returning(users.c.id, users.c.createdAt),
        )
      ).one();
      expectTypeOf(row.id).toEqualTypeOf<number>();
      expectTypeOf(row.createdAt).toEqualTypeOf<Date | null>();
      const plain = await conn.execute(insert(users).values({ name: 'A' }));
      expectTypeOf(plain.insertedPrimaryKey).toEqualTypeOf<readonly unknown[]>();
    };
  });
});

describe('case_', () => {
  it('is nullable without else, and takes the else type with it', () => {
    const t = new Table('case_things', new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      age: new Column(Integer),
    });
    expectTypeOf(case_([[t.c.age.lt(18), 'minor']])).toEqualTypeOf<ColumnElement<string | null>>();
    expectTypeOf(case_([[t.c.age.lt(18), 'minor']], { else: 'adult' })).toEqualTypeOf<
      ColumnElement<string>
    >();
  });
});

describe('func.call', () => {
  it('calls any function by its SQL name, typed as asked', () => {
    const t = new Table('call_things', new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      doc: new Column(JSONType()),
    });
    const extracted = func.call<string>('json_extract', t.c.doc, '$.a');
    expectTypeOf(extracted).toEqualTypeOf<import('../src/index.js').FunctionElement<string>>();
    expect(select(extracted.label('a')).toString()).toBe(
      'SELECT json_extract(call_things.doc, ?) AS a FROM call_things',
    );
  });
});
