import { InvalidRequestError, insert } from '@athanor/core';
import { describe, expect, test } from 'vitest';
import { rowsOf, titles } from '../../../testing/src/suites/relationships/helpers.js';
import {
  defineBlogModels,
  type Post,
  type User,
} from '../../../testing/src/suites/relationships/models.js';
import {
  ALICE,
  BOB,
  seedKeyedUsers,
  seedUsers,
} from '../../../testing/src/suites/relationships/seeds.js';
import { declarativeBase, inspect, NotLoadedError, select, selectinload } from '../../src/index.js';
import { useDatabase } from './database.js';

// Relationships and the session's state: the identity map answering a many-to-one without a
// query, what stays loaded after a commit, NotLoadedError, pending objects, expired keys.
describe('relationships: the session and the identity map', () => {
  const Base = declarativeBase();
  const blog = defineBlogModels(Base, 's_');
  const { User, Post } = blog;
  const db = useDatabase(Base.metadata);
  const statements = db.statements;

  test('after commit, loaded relationships stay readable; the next query that returns the object loads them again', async () => {
    const { aliceId } = await seedUsers(db, blog);
    await using session = db.Session();
    const alice = (await session.get(User, aliceId)) as User;
    await session.load(alice, 'posts');
    await session.commit();
    expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third']);
    // Another transaction adds a post: the next query that returns Alice shows it.
    await db.engine.execute(insert(Post.table).values({ title: 'Fourth', userId: aliceId }));
    expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third']);
    const found = (
      await session.scalars(
        select(User)
          .where(User.c.id.eq(aliceId))
          .options(selectinload(User.rel('posts'))),
      )
    ).one();
    expect(found).toBe(alice);
    expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third', 'Fourth']);
    await session.commit();
    // A query without a loader for them leaves them to load, as for a new object.
    await session.scalars(select(User).where(User.c.id.eq(aliceId)));
    expect(() => alice.posts).toThrow(NotLoadedError);
    expect(titles(await session.load(alice, 'posts'))).toHaveLength(4);
  });

  test('many-to-one reads without a query when the target is in the session, or the key is NULL', async () => {
    await seedUsers(db, blog);
    await using writer = db.Session();
    writer.add(new Post({ title: 'Loose' }));
    await writer.commit();

    await using session = db.Session();
    const alice = (await session.query(User).filterBy({ name: 'Alice' }).one()) as User;
    const posts = (
      await session.scalars(
        select(Post)
          .where(Post.c.title.in(['First', 'Loose']))
          .orderBy(Post.c.id),
      )
    ).all();
    const [first, loose] = posts as [Post, Post];
    db.clearLog();
    expect(first.user).toBe(alice);
    expect(loose.user).toBeNull();
    expect(statements()).toEqual([]);
  });

  test('reading an unloaded relationship throws NotLoadedError saying how to load it', async () => {
    await seedUsers(db, blog);
    await using session = db.Session();
    // The post's user is not in the session: the many-to-one needs a query too.
    const post = (await session.scalars(select(Post).where(Post.c.title.eq('First')))).one();
    expect(() => post.user).toThrow(NotLoadedError);
    const alice = (await session.query(User).filterBy({ name: 'Alice' }).one()) as User;
    expect(post.user).toBe(alice); // now in the identity map
    let error: Error | undefined;
    try {
      void alice.posts;
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(NotLoadedError);
    expect(error?.message).toContain('User.posts');
    expect(error?.message).toMatch(/session\.load\(/);
    expect(error?.message).toMatch(/selectinload/);
  });

  test('session.delete() of a pending object throws, pointing to expunge(); expunge() drops it', async () => {
    await using session = db.Session();
    const post = new Post({ title: 'Pending' });
    session.add(post);
    let error: Error | undefined;
    try {
      session.delete(post);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error?.message).toMatch(/expunge/);
    expect(inspect(post).status).toBe('pending');
    expect(session.new).toContain(post);
    expect(session.deleted).toEqual([]);

    session.expunge(post);
    expect(inspect(post).status).toBe('transient');
    expect(session.new).not.toContain(post);
    await session.commit();
    expect(await rowsOf(session, select(Post.c.id))).toEqual([]);
  });

  test('autoflush off: loading a relationship whose key is expired keeps unflushed changes', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ autoflush: false, expireOnCommit: false });
    const post = (await session.get(Post, 2001)) as Post;
    session.expire(post, ['userId']);
    post.title = 'changed';
    db.clearLog();
    const user = await session.load(post, 'user');
    expect(post.title).toBe('changed');
    expect(user?.name).toBe('Alice');
    expect(post.user).toBe(user);
    expect(post.userId).toBe(ALICE);
    expect(inspect(post).modified).toBe(true);
    expect(statements().every((sql) => sql.startsWith('SELECT'))).toBe(true);
    await session.commit();
    expect(await rowsOf(session, select(Post.c.title).where(Post.c.id.eq(2001)))).toEqual([
      ['changed'],
    ]);
  });

  test('a pending post given a userId reads its user from the identity map; an unknown one reads null but keeps its key', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const alice = (await session.get(User, ALICE)) as User;
    const post = new Post({ id: 2010, title: 'Pending', userId: alice.id });
    session.add(post);
    const stranger = new Post({ id: 2011, title: 'Stranger', userId: BOB });
    session.add(stranger);
    db.clearLog();
    expect(post.user).toBe(alice);
    expect(stranger.user).toBeNull();
    expect(statements()).toEqual([]);

    await session.flush();
    expect(post.user).toBe(alice);
    expect(post.userId).toBe(ALICE);
    expect(stranger.userId).toBe(BOB);
    await session.commit();
    expect(
      await rowsOf(
        session,
        select(Post.c.id, Post.c.userId)
          .where(Post.c.id.in([2010, 2011]))
          .orderBy(Post.c.id),
      ),
    ).toEqual([
      [2010, ALICE],
      [2011, BOB],
    ]);
  });
});
