import {
  ArgumentError,
  Column,
  DateTime,
  delete_,
  func,
  Integer,
  IntegrityError,
  Interval,
  InvalidRequestError,
  insert,
  MultipleResultsFound,
  NoResultFound,
  PrimaryKeyConstraint,
  ResourceClosedError,
  String,
  Table,
  text,
  update,
} from '@athanor/core';
import {
  declarativeBase,
  ExpiredAttributeError,
  inspect,
  PendingRollbackError,
  Session,
  StaleDataError,
  select,
  UnmappedError,
} from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/** The ORM: models, the Session (unit of work, identity map), queries. */
export function ormSuite(h: Harness): void {
  describe('ORM: models and the session', () => {
    const Base = declarativeBase();
    const usersName = h.table('orm_users');

    class User extends Base.model(usersName, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false, unique: true }),
      age: new Column(Integer),
      createdAt: new Column(DateTime, {
        name: 'created_at',
        serverDefault: text('CURRENT_TIMESTAMP'),
      }),
    }) {
      override toString(): string {
        return `<User(name='${this.name}', age=${this.age})>`;
      }
    }

    class Post extends Base.model(h.table('orm_posts'), {
      id: new Column(Integer, { primaryKey: true }),
      userId: new Column(Integer, {
        name: 'user_id',
        foreignKey: `${usersName}.id`,
        nullable: false,
      }),
      title: new Column(String(100), { nullable: false }),
    }) {}

    class Grade extends Base.model(
      h.table('orm_grades'),
      {
        student: new Column(String(20)),
        course: new Column(String(20)),
        score: new Column(Integer),
      },
      { constraints: [new PrimaryKeyConstraint('student', 'course')] },
    ) {}

    const Timestamps = Base.mixin({ stamp: new Column(Integer, { default: 7 }) });
    class Note extends Timestamps.model(h.table('orm_notes'), {
      id: new Column(Integer, { primaryKey: true }),
      body: new Column(String(50)),
    }) {}

    // A model as a plain JavaScript module writes it: no decorators, no static block, and not
    // used by name before its instances are (see the test on messages that name it).
    class Dur extends Base.model(h.table('orm_durs'), {
      id: new Column(Integer, { primaryKey: true }),
      span: new Column(Integer),
    }) {}

    const db = useOrmDatabase(h, Base.metadata);
    const statements = db.statements;

    test(h, "the guide's walkthrough: add, commit, query, filterBy, update, delete", async () => {
      await using session = db.Session();
      const newUser = new User({ name: 'Alice', age: 25 });
      session.add(newUser);
      await session.commit();

      const users = await session.query(User).all();
      expect(users.map((u) => u.toString())).toEqual(["<User(name='Alice', age=25)>"]);

      let user = await session.query(User).filterBy({ name: 'Alice' }).first();
      expect(user).toBe(newUser);
      (user as User).age = 30;
      await session.commit();
      expect(
        (await session.query(User).filter(User.c.age.gt(25)).all()).map((u) => u.toString()),
      ).toEqual(["<User(name='Alice', age=30)>"]);

      user = await session.query(User).filterBy({ name: 'Alice' }).first();
      session.delete(user as User);
      await session.commit();
      expect(await session.query(User).count()).toBe(0);
    });

    test(
      h,
      "objects flushed together get their own rows' keys: an update of each changes its row",
      async () => {
        // One many-row INSERT: the keys must be the ones the rows got, also where the server
        // numbers rows at a step (auto_increment_increment on multi-primary MySQL and Galera).
        const session = db.Session();
        const notes = Array.from({ length: 5 }, (_, i) => new Note({ body: `note ${i}` }));
        session.addAll(notes);
        await session.flush();
        for (const note of notes) note.body = `${note.body} edited`;
        await session.commit();
        await using check = db.Session();
        const rows = (await check.execute(select(Note.c.id, Note.c.body).orderBy(Note.c.id))).all();
        expect(rows.map((row) => [row.id, row.body])).toEqual(
          notes.map((note, i) => [note.id, `note ${i} edited`]),
        );
      },
    );

    test(
      h,
      'concurrent sessions on one engine all commit',
      async () => {
        // Each session reads, then writes, in its own transaction, as web requests do.
        const first = db.Session();
        const before = await first.query(Note).count();
        await first.close();
        await Promise.all(
          Array.from({ length: 4 }, async (_, task) => {
            for (let i = 0; i < 3; i++) {
              await using session = db.Session();
              await session.query(Note).count();
              session.add(new Note({ body: `session ${task}.${i}` }));
              await session.commit();
            }
          }),
        );
        await using check = db.Session();
        expect(await check.query(Note).count()).toBe(before + 12);
      },
      () =>
        h.dialect.poolClassFor(h.url) === 'static' &&
        'this database keeps a single connection, lent to one session at a time',
    );

    test(
      h,
      'a commit after the connection was lost mid-transaction fails, and the session stays usable',
      async () => {
        await using session = db.Session();
        session.add(new User({ name: 'Lost', age: 1 }));
        await session.flush();
        await (await session.connection()).invalidate();
        // The database rolled the flushed row back: a commit that returned would lose it silently.
        const error = await errorFrom(session.commit());
        expect(error).toBeInstanceOf(InvalidRequestError);
        expect((error as InvalidRequestError).code).toBe('lost-transaction');
        await session.rollback();
        expect(await session.query(User).count()).toBe(0);
        session.add(new User({ name: 'Found', age: 2 }));
        await session.commit();
        expect((await session.query(User).all()).map((user) => user.name)).toEqual(['Found']);
      },
      () =>
        h.dialect.poolClassFor(h.url) === 'static' &&
        'this database keeps a single connection, and discarding it discards the database',
    );

    test(h, 'objects go transient, pending, persistent, deleted, detached', async () => {
      const session = db.Session();
      const user = new User({ name: 'States' });
      expect(inspect(user).status).toBe('transient');
      session.add(user);
      expect(inspect(user).status).toBe('pending');
      await session.flush();
      expect(inspect(user).status).toBe('persistent');
      expect(inspect(user).identity).toEqual([user.id]);
      session.delete(user);
      await session.flush();
      expect(inspect(user).status).toBe('deleted');
      await session.commit();
      expect(inspect(user).status).toBe('detached');
      const other = new User({ name: 'Kept' });
      session.add(other);
      await session.commit();
      await session.close();
      expect(inspect(other).status).toBe('detached');
    });

    test(
      h,
      'the identity map gives one object per row; get() uses it without a query',
      async () => {
        await using session = db.Session();
        session.addAll([new User({ name: 'A' }), new User({ name: 'B' })]);
        await session.commit();
        const first = await session.scalars(select(User).where(User.c.name.eq('A')));
        const again = await session.scalars(select(User).orderBy(User.c.name));
        const a = first.one();
        expect(again.all()[0]).toBe(a);
        db.clearLog();
        expect(await session.get(User, a.id)).toBe(a);
        expect(statements()).toEqual([]);
        expect(await session.get(User, -1)).toBeNull();
      },
    );

    test(h, 'a query does not overwrite unflushed changes', async () => {
      await using session = db.Session({ autoflush: false });
      session.add(new User({ name: 'Original', age: 1 }));
      await session.commit();
      const user = (await session.query(User).one()) as User;
      user.age = 99;
      const again = await session.query(User).one();
      expect(again).toBe(user);
      expect(again.age).toBe(99);
    });

    test(h, 'a flush writes only the changed columns', async () => {
      await using session = db.Session();
      const user = new User({ name: 'Dirty', age: 1 });
      session.add(user);
      await session.commit();
      await session.refresh(user);
      db.clearLog();
      user.age = 2;
      expect(inspect(user).modified).toBe(true);
      await session.flush();
      const updates = statements().filter((sql) => sql.startsWith('UPDATE'));
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatch(/SET age = /);
      expect(updates[0]).not.toMatch(/name/);
      db.clearLog();
      user.age = 2; // same value again: nothing to write
      await session.flush();
      expect(statements()).toEqual([]);
    });

    test(
      h,
      'new objects of one table are inserted in one many-row statement, keys read back',
      async () => {
        await using session = db.Session();
        const users = Array.from({ length: 30 }, (_, i) => new User({ name: `u${i}`, age: i }));
        session.addAll(users);
        db.clearLog();
        await session.flush();
        const inserts = statements().filter((sql) => sql.startsWith('INSERT'));
        if (h.dialect.capabilities.insertReturning) expect(inserts).toHaveLength(1);
        const ids = users.map((user) => user.id);
        expect(new Set(ids).size).toBe(30);
        const stored = (
          await session.execute(select(User.c.id, User.c.name).orderBy(User.c.id))
        ).all();
        expect(stored.map((row) => row[0])).toEqual([...ids].sort((a, b) => a - b));
        for (const user of users)
          expect(stored.find((row) => row[0] === user.id)?.[1]).toBe(user.name);
      },
    );

    test(h, 'server defaults are read back after the insert', async () => {
      await using session = db.Session({ expireOnCommit: false });
      const user = new User({ name: 'Stamped' });
      session.add(user);
      await session.flush();
      expect(user.createdAt).toBeInstanceOf(Date);
    });

    test(
      h,
      'inserts come before the rows that refer to them, whatever order they were added in',
      async () => {
        await using session = db.Session();
        session.add(new Post({ id: 10, userId: 5, title: 'child first' }));
        session.add(new User({ id: 5, name: 'parent second' }));
        await session.commit();
        const row = (await session.execute(select(Post, User.c.name).join(User))).one();
        expect(row[0].title).toBe('child first');
        expect(row[1]).toBe('parent second');
        // Deletes go the other way: the post before its user.
        session.delete((await session.get(User, 5)) as User);
        session.delete((await session.get(Post, 10)) as Post);
        await session.commit();
        expect(await session.query(Post).count()).toBe(0);
      },
    );

    test(
      h,
      'a failed flush rolls back, keeps objects as they were, and needs rollback()',
      async () => {
        const session = db.Session();
        session.add(new User({ name: 'taken' }));
        await session.commit();
        const fresh = new User({ name: 'fresh' });
        const clash = new User({ name: 'taken' });
        session.addAll([fresh, clash]);
        const error = await errorFrom(session.flush());
        expect(error).toBeInstanceOf(IntegrityError);
        expect(inspect(fresh).status).toBe('pending');
        expect(fresh.id).toBeUndefined();
        const refused = await errorFrom(session.query(User).all());
        expect(refused).toBeInstanceOf(PendingRollbackError);
        await session.rollback();
        expect(inspect(fresh).status).toBe('transient');
        expect((await session.query(User).all()).map((user) => user.name)).toEqual(['taken']);
        await session.close();
      },
    );

    test(h, 'after commit, attributes read as they were committed (by default)', async () => {
      await using session = db.Session();
      const user = new User({ name: 'Tutorial', age: 25 });
      session.add(user);
      await session.commit();
      user.age = 30;
      await session.commit();
      expect(user.age).toBe(30);
      expect(user.name).toBe('Tutorial');
      expect(inspect(user).expiredAttributes).toEqual([]);
      await session.close();
      // Still readable once the session is closed (the object is detached).
      expect(user.age).toBe(30);
    });

    test(
      h,
      'after commit, the next get() or query that returns the row loads it again, keeping unflushed changes',
      async () => {
        await using session = db.Session({ autoflush: false });
        const user = new User({ name: 'Stale', age: 1 });
        session.add(user);
        await session.commit();
        const setAge = (age: number) =>
          db.engine.execute(update(User.table).where(User.c.id.eq(user.id)).values({ age }));
        // Another transaction changes the row: until the object is loaded again, reads give
        // the committed values.
        await setAge(2);
        expect(user.age).toBe(1);
        expect(await session.get(User, user.id)).toBe(user);
        expect(user.age).toBe(2);
        // Loaded again: get() now answers from the identity map, without a query.
        db.clearLog();
        await session.get(User, user.id);
        expect(statements()).toEqual([]);
        await session.commit();
        // A change made after the commit and not flushed survives the query that loads the
        // row again, and is flushed as a change.
        await setAge(3);
        user.name = 'Renamed';
        const found = await session.scalars(select(User).where(User.c.id.eq(user.id)));
        expect(found.one()).toBe(user);
        expect(user.age).toBe(3);
        expect(user.name).toBe('Renamed');
        await session.commit();
        const stored = await db.engine.execute(
          select(User.c.name, User.c.age).where(User.c.id.eq(user.id)),
        );
        const [name, age] = stored.one();
        expect([name, age]).toEqual(['Renamed', 3]);
      },
    );

    test(
      h,
      "expireOnCommit: 'strict' expires objects at commit; reading an expired attribute says how to load it",
      async () => {
        const session = db.Session({ expireOnCommit: 'strict' });
        const user = new User({ name: 'Expiring', age: 3 });
        session.add(user);
        await session.commit();
        expect(() => user.age).toThrow(ExpiredAttributeError);
        expect(() => user.age).toThrow(/User\.age was expired.*await session\.refresh/);
        await session.refresh(user);
        expect(user.age).toBe(3);
        await session.close();
        const keep = db.Session({ expireOnCommit: false });
        const kept = new User({ name: 'Kept', age: 4 });
        keep.add(kept);
        await keep.commit();
        expect(kept.age).toBe(4);
        await keep.close();
        expect(kept.age).toBe(4);
      },
    );

    test(h, 'an expired object is loaded again by a query that returns it', async () => {
      await using session = db.Session();
      const user = new User({ name: 'Reload', age: 1 });
      session.add(user);
      await session.commit();
      await db.engine.execute(text(`UPDATE ${usersName} SET age = 2`));
      const found = await session.query(User).one();
      expect(found).toBe(user);
      expect(user.age).toBe(2);
    });

    test(
      h,
      'autoflush sends pending changes before a query; without it, the query does not see them',
      async () => {
        await using on = db.Session();
        on.add(new User({ name: 'Auto' }));
        expect(await on.query(User).filterBy({ name: 'Auto' }).count()).toBe(1);
        await on.rollback();
        await using off = db.Session({ autoflush: false });
        off.add(new User({ name: 'Manual' }));
        expect(await off.query(User).filterBy({ name: 'Manual' }).count()).toBe(0);
      },
    );

    test(
      h,
      'composite primary keys: get() takes both values, and the wrong number is an error',
      async () => {
        await using session = db.Session();
        session.add(new Grade({ student: 'ann', course: 'math', score: 90 }));
        await session.commit();
        const grade = await session.get(Grade, ['ann', 'math']);
        expect(grade?.score).toBe(90);
        expect(await session.get(Grade, ['ann', 'art'])).toBeNull();
        const error = await errorFrom(session.get(Grade, 'ann'));
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error.message).toContain('primary key of 2 column(s) (student, course)');
      },
    );

    test(h, 'expire, refresh, expunge and merge', async () => {
      await using session = db.Session();
      const user = new User({ name: 'Moves', age: 10 });
      session.add(user);
      await session.commit();
      await session.refresh(user);
      user.age = 11;
      await session.refresh(user);
      expect(user.age).toBe(10);
      session.expire(user, ['age']);
      expect(inspect(user).expiredAttributes).toEqual(['age']);
      expect(user.name).toBe('Moves');
      await session.refresh(user);
      session.expunge(user);
      expect(inspect(user).status).toBe('detached');
      user.age = 12;
      const merged = await session.merge(user);
      expect(merged).not.toBe(user);
      expect(merged.age).toBe(12);
      await session.commit();
      expect((await db.engine.execute(select(User.c.age))).scalar()).toBe(12);
    });

    test(h, 'select() of models and columns together; scalars() and scalar()', async () => {
      await using session = db.Session();
      const user = new User({ id: 1, name: 'Poster' });
      session.addAll([
        user,
        new Post({ id: 1, userId: 1, title: 'One' }),
        new Post({ id: 2, userId: 1, title: 'Two' }),
      ]);
      await session.commit();
      const rows = (
        await session.execute(select(User, Post.c.title).join(Post).orderBy(Post.c.title))
      ).all();
      expect(rows.map((row) => [row[0], row[1]])).toEqual([
        [user, 'One'],
        [user, 'Two'],
      ]);
      const posts = (await session.scalars(select(Post).orderBy(Post.c.id))).all();
      expect(posts.map((post) => post.title)).toEqual(['One', 'Two']);
      expect(await session.scalar(select(func.count()).selectFrom(Post.table))).toBe(2);
    });

    test(h, 'the legacy query API', async () => {
      await using session = db.Session();
      session.addAll([1, 2, 3, 4].map((i) => new User({ name: `q${i}`, age: i * 10 })));
      await session.commit();
      const query = session.query(User);
      expect((await query.orderBy(User.c.age.desc()).limit(2).all()).map((u) => u.age)).toEqual([
        40, 30,
      ]);
      expect((await query.orderBy(User.c.age).offset(3).all()).map((u) => u.age)).toEqual([40]);
      expect(await query.filter(User.c.age.gt(15), User.c.age.lt(35)).count()).toBe(2);
      expect((await query.filterBy({ age: 20 }).one()).name).toBe('q2');
      expect(await query.filterBy({ age: 99 }).oneOrNone()).toBeNull();
      expect(await errorFrom(query.filterBy({ age: 99 }).one())).toBeInstanceOf(NoResultFound);
      expect(await errorFrom(query.one())).toBeInstanceOf(MultipleResultsFound);
      expect(await query.filterBy({ name: 'q1' }).exists()).toBe(true);
      expect(await query.filterBy({ name: 'zz' }).exists()).toBe(false);
      const q1 = await query.filterBy({ name: 'q1' }).one();
      expect(await query.get(q1.id)).toBe(q1);
      expect(await query.filter(User.c.age.ge(30)).update({ age: 0 })).toBe(2);
      expect(await query.filterBy({ age: 0 }).count()).toBe(2);
      expect(await query.filterBy({ age: 0 }).delete()).toBe(2);
      expect(await query.count()).toBe(2);
      expect(() => query.filterBy({ nmae: 'x' } as never)).toThrow(/has no column 'nmae'/);
    });

    test(h, 'bulk INSERT of a model through the session', async () => {
      await using session = db.Session();
      await session.execute(insert(User), [{ name: 'bulk1' }, { name: 'bulk2' }]);
      expect(await session.query(User).count()).toBe(2);
    });

    test(h, 'stream() yields tracked objects a batch at a time', async () => {
      await db.engine.execute(
        insert(User),
        Array.from({ length: 250 }, (_, i) => ({ name: `s${i}`, age: i })),
      );
      await using session = db.Session();
      let seen = 0;
      let twentieth: User | undefined;
      const stream = await session.stream(select(User).orderBy(User.c.age), { batchSize: 50 });
      for await (const [user] of stream) {
        if (user.age === 20) twentieth = user;
        seen++;
      }
      expect(seen).toBe(250);
      (twentieth as User).name = 'renamed';
      await session.commit();
      expect((await db.engine.execute(select(User.c.name).where(User.c.age.eq(20)))).scalar()).toBe(
        'renamed',
      );
    });

    test(
      h,
      'streamScalars() yields the objects themselves, tracked, a batch at a time',
      async () => {
        await db.engine.execute(
          insert(User),
          Array.from({ length: 120 }, (_, i) => ({ name: `t${i}`, age: i })),
        );
        await using session = db.Session();
        const statement = select(User).orderBy(User.c.age);
        const ages: number[] = [];
        let tenth: User | undefined;
        for await (const user of await session.streamScalars(statement, { batchSize: 50 })) {
          expect(user).toBeInstanceOf(User);
          if (user.age === 10) tenth = user;
          ages.push(user.age as number);
        }
        expect(ages).toEqual(Array.from({ length: 120 }, (_, i) => i));
        // Tracked by the session: the identity map gives the same object back.
        expect(await session.get(User, (tenth as User).id)).toBe(tenth);
        const sizes: number[] = [];
        for await (const batch of (
          await session.streamScalars(statement, { batchSize: 50 })
        ).partitions()) {
          expect(batch.every((user) => user instanceof User)).toBe(true);
          sizes.push(batch.length);
        }
        expect(sizes).toEqual([50, 50, 20]);
        // Leaving the loop early ends the stream, and the session goes on.
        for await (const user of await session.streamScalars(statement, { batchSize: 10 })) {
          if (user.age === 3) break;
        }
        (tenth as User).name = 'streamed';
        await session.commit();
        expect(
          (await db.engine.execute(select(User.c.name).where(User.c.age.eq(10)))).scalar(),
        ).toBe('streamed');
      },
    );

    test(
      h,
      'a savepoint undoes only what was flushed after it',
      async () => {
        await using session = db.Session();
        session.add(new User({ name: 'outer' }));
        const savepoint = await session.beginNested();
        session.add(new User({ name: 'inner' }));
        await session.flush();
        await savepoint.rollback();
        await session.commit();
        expect((await session.query(User).all()).map((user) => user.name)).toEqual(['outer']);
      },
      () => !h.dialect.capabilities.savepoints && 'the database has no savepoints',
    );

    test(h, 'an UPDATE of a row deleted meanwhile raises StaleDataError', async () => {
      const session = db.Session({ expireOnCommit: false });
      const user = new User({ name: 'Gone', age: 1 });
      session.add(user);
      await session.commit();
      await db.engine.execute(delete_(User.table));
      user.age = 2;
      const error = await errorFrom(session.flush());
      expect(error).toBeInstanceOf(StaleDataError);
      expect(error.message).toMatch(/expected to match 1 row\(s\); 0 matched/);
      await session.rollback();
      await session.close();
    });

    test(h, "an expired attribute's message names the model's class", async () => {
      const session = db.Session({ expireOnCommit: 'strict' });
      const dur = new Dur({ span: 5 });
      session.add(dur);
      await session.commit();
      expect(() => dur.span).toThrow(/^Dur\.span was expired /);
      await session.close();
      expect(() => dur.span).toThrow(/^Dur\.span was expired .* no longer in a session/);
    });

    test(
      h,
      'a model with a column type the database cannot hold is refused on first use, naming it',
      async () => {
        const Spans = declarativeBase();
        class Span extends Spans.model(h.table('orm_spans'), {
          id: new Column(Integer, { primaryKey: true }),
          length: new Column(Interval),
        }) {}
        await using session = db.Session();
        session.add(new Span({ length: '1 day' }));
        const error = await errorFrom(session.flush());
        expect(error).toBeInstanceOf(ArgumentError);
        // Named by the user's class (not the class Base.model() made), as nothing but the
        // instance has met Span before the flush.
        expect(error.message).toMatch(/^Span\.length: /);
        expect(error.message).toContain(`Choose a type ${h.dialect.name} has`);
        expect(await errorFrom(session.scalars(select(Span)))).toBeInstanceOf(ArgumentError);
      },
      () => h.dialect.capabilities.intervalType && 'the database holds every type',
    );

    test(h, 'rows of an ORM select of columns are read by name, as Core rows are', async () => {
      await using session = db.Session();
      session.add(new User({ id: 1, name: 'Ann' }));
      session.add(new User({ id: 2, name: 'Bob' }));
      await session.flush();
      session.addAll([
        new Post({ userId: 1, title: 'a' }),
        new Post({ userId: 1, title: 'b' }),
        new Post({ userId: 2, title: 'c' }),
      ]);
      await session.commit();
      const rows = (
        await session.execute(
          select(User.c.name, func.count(Post.c.id).label('n'))
            .join(Post, Post.c.userId.eq(User.c.id))
            .groupBy(User.c.name)
            .orderBy(User.c.name),
        )
      ).all();
      expect(rows.map((row) => [row.name, row.n])).toEqual([
        ['Ann', 2],
        ['Bob', 1],
      ]);
      expect(rows.map((row) => [row[0], row[1]])).toEqual([
        ['Ann', 2],
        ['Bob', 1],
      ]);
      const [mixed] = (
        await session.execute(select(User, Post.c.title).join(Post).where(Post.c.title.eq('c')))
      ).all();
      expect(mixed?.[0].name).toBe('Bob');
      expect(mixed?.title).toBe('c');
    });

    test(h, 'a mixin gives its columns to each model that uses it', async () => {
      await using session = db.Session();
      const note = new Note({ body: 'hi' });
      session.add(note);
      await session.commit();
      await session.refresh(note);
      expect(note.stamp).toBe(7);
      expect(Note.table.columns.map((c) => c.key)).toEqual(['stamp', 'id', 'body']);
    });

    test(h, 'bad input gets clear errors', async () => {
      const session = db.Session();
      expect(() => session.add({ name: 'plain object' })).toThrow(UnmappedError);
      expect(() => Base.model(h.table('orm_nokey'), { x: new Column(Integer) })).toThrow(
        /has no primary key/,
      );
      expect(() =>
        Base.model(usersName, { id: new Column(Integer, { primaryKey: true }) }),
      ).toThrow(/already defined in this MetaData/);
      expect(() => new User({ nmae: 'x' } as never)).toThrow(/'nmae' is not a column of User/);

      const user = new User({ name: 'Twice' });
      session.add(user);
      const other = db.Session();
      expect(() => other.add(user)).toThrow(/already attached to session/);

      const wrong = new User({ name: 'Wrong type' });
      (wrong as unknown as { age: unknown }).age = 'forty';
      session.add(wrong);
      const error = await errorFrom(session.flush());
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(/Cannot bind "forty" to an Integer column/);
      await session.rollback();
      await session.close();
      await other.close();
      expect(() => session.add(new User({ name: 'late' }))).toThrow(ResourceClosedError);
      expect(await errorFrom(session.query(User).all())).toBeInstanceOf(ResourceClosedError);
    });

    test(h, 'a model over an existing Table', async () => {
      const table = new Table(h.table('orm_existing'), Base.metadata, {
        id: new Column(Integer, { primaryKey: true }),
        label: new Column(String(20)),
      });
      class Existing extends Base.mapTable(table) {}
      await table.create(db.engine);
      try {
        await using session = new Session(db.engine);
        session.add(new Existing({ label: 'mapped' }));
        await session.commit();
        expect((await session.query(Existing).one()).label).toBe('mapped');
      } finally {
        await table.drop(db.engine);
        Base.metadata.remove(table);
      }
    });
  });
}
