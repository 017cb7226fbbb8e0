import {
  Column,
  DateTime,
  Enum,
  func,
  Integer,
  insert,
  String,
  select as selectCore,
} from '@athanor/core';
import { describe, expectTypeOf, it } from 'vitest';
import { declarativeBase, type Query, type Session, select } from '../src/index.js';

// These checks run in the compiler (pnpm typecheck): a model's attributes, its constructor and
// the rows of queries over it are typed, and a wrong attribute name does not compile. The
// functions holding them are never called.
const Base = declarativeBase();

class User extends Base.model('type_users', {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(String(50), { nullable: false }),
  age: new Column(Integer),
  role: new Column(Enum(['admin', 'member']), { nullable: false, default: 'member' }),
}) {
  get label(): string {
    return `${this.name} (${this.age ?? '?'})`;
  }
}

const Timestamps = Base.mixin({ createdAt: new Column(DateTime, { serverDefault: 'now' }) });
class Post extends Timestamps.model('type_posts', {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column(Integer, { foreignKey: 'type_users.id', nullable: false }),
  title: new Column(String(100), { nullable: false }),
}) {}

describe('model types', () => {
  it('types attributes from the columns, and the constructor takes any of them', () => {
    const user = new User({ name: 'Alice', age: 30 });
    expectTypeOf(user.id).toEqualTypeOf<number>();
    expectTypeOf(user.name).toEqualTypeOf<string>();
    expectTypeOf(user.age).toEqualTypeOf<number | null>();
    expectTypeOf(user.role).toEqualTypeOf<'admin' | 'member'>();
    expectTypeOf(user.label).toEqualTypeOf<string>();
    expectTypeOf(new Post({ title: 'x', userId: 1 }).createdAt).toEqualTypeOf<Date | null>();
    const _wrong = () => {
      // @ts-expect-error: no such column
      new User({ nmae: 'Alice' });
      // @ts-expect-error: the wrong type for the column
      new User({ age: 'forty' });
      // @ts-expect-error: not one of the enum's values
      user.role = 'owner';
      // @ts-expect-error: a string for a numeric column
      user.age = 'forty';
      // @ts-expect-error: NULL for a column declared nullable: false
      user.name = null;
      // @ts-expect-error: no such attribute
      user.nmae;
    };
  });

  it('exposes typed column expressions and the table', () => {
    expectTypeOf(User.c.age.key).toEqualTypeOf<'age'>();
    expectTypeOf(User.table.name).toEqualTypeOf<'type_users'>();
    const _wrong = () => {
      // @ts-expect-error: no such column
      User.c.nmae;
      // @ts-expect-error: comparing a number column with a string
      User.c.age.gt('x');
    };
  });

  it('infers ORM rows: instances for models, values for columns', () => {
    const _run = async (session: Session) => {
      const users = await session.scalars(select(User).where(User.c.age.gt(25)));
      expectTypeOf(users.all()).toEqualTypeOf<User[]>();
      const pairs = await session.execute(
        select(User, Post.c.title).join(Post, Post.c.userId.eq(User.c.id)),
      );
      expectTypeOf(pairs.all()[0]![0]).toEqualTypeOf<User>();
      expectTypeOf(pairs.all()[0]![1]).toEqualTypeOf<string>();
      expectTypeOf(await session.scalar(select(func.count()).selectFrom(User))).toEqualTypeOf<
        number | null
      >();
      expectTypeOf(await session.get(User, 1)).toEqualTypeOf<User | null>();
    };
  });

  it('types ORM rows by column name as Core does, and models by position', () => {
    const _run = async (session: Session) => {
      const statement = select(User.c.name, func.count(Post.c.id).label('n'))
        .join(Post, Post.c.userId.eq(User.c.id))
        .groupBy(User.c.name);
      const row = (await session.execute(statement)).one();
      expectTypeOf(row.name).toEqualTypeOf<string>();
      expectTypeOf(row.n).toEqualTypeOf<number>();
      expectTypeOf(row[0]).toEqualTypeOf<string>();
      expectTypeOf(row[1]).toEqualTypeOf<number>();
      // The same columns through Core's select give the same row.
      const core = (
        await session.execute(selectCore(User.c.name, func.count(Post.c.id).label('n')))
      ).one();
      expectTypeOf(core.name).toEqualTypeOf<typeof row.name>();
      expectTypeOf(core.n).toEqualTypeOf<typeof row.n>();
      const mixed = (await session.execute(select(User, Post.c.title).join(Post))).one();
      expectTypeOf(mixed[0]).toEqualTypeOf<User>();
      expectTypeOf(mixed.title).toEqualTypeOf<string>();
      const _wrong = () => {
        // @ts-expect-error: no such column in the row
        row.nmae;
      };
    };
  });

  it('types streamed rows by position, and streamScalars by the first item', () => {
    const _run = async (session: Session) => {
      for await (const row of await session.stream(select(User, Post.c.title).join(Post))) {
        expectTypeOf(row).toEqualTypeOf<[User, string]>();
      }
      for await (const user of await session.streamScalars(select(User))) {
        expectTypeOf(user).toEqualTypeOf<User>();
      }
      for await (const batch of (await session.streamScalars(select(User))).partitions()) {
        expectTypeOf(batch).toEqualTypeOf<User[]>();
      }
    };
  });

  it('types the legacy Query by its model, and filterBy by its attributes', () => {
    const _run = async (session: Session) => {
      const query = session.query(User);
      expectTypeOf(query).toEqualTypeOf<Query<User>>();
      expectTypeOf(await query.filterBy({ name: 'Alice' }).first()).toEqualTypeOf<User | null>();
      expectTypeOf(await query.all()).toEqualTypeOf<User[]>();
      expectTypeOf(await query.count()).toEqualTypeOf<number>();
      // @ts-expect-error: no such attribute
      query.filterBy({ nmae: 'Alice' });
      // @ts-expect-error: the wrong type for the attribute
      query.filterBy({ age: 'forty' });
    };
  });

  it('lets a model stand for its table in Core statements', () => {
    const _run = async (session: Session) => {
      await session.execute(insert(User).values({ name: 'Bob' }));
      // @ts-expect-error: no such column
      insert(User).values({ nmae: 'Bob' });
      const rows = await session.execute(selectCore(User.c.name, User.c.age));
      expectTypeOf(rows.all()[0]!.name).toEqualTypeOf<string>();
    };
  });

  it('takes parameters typed by an interface, as Core does', () => {
    // An interface has no index signature, so it is not a Record<string, unknown>.
    interface NewUser {
      name: string;
      age: number;
    }
    const _run = async (session: Session, rows: NewUser[], one: NewUser) => {
      await session.execute(insert(User), rows);
      await session.execute(insert(User), one);
      await session.scalars(selectCore(User.c.id), one);
    };
  });
});
