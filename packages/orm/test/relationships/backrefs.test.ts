import { describe, expect, test } from 'vitest';
import { rowsOf, titles } from '../../../testing/src/suites/relationships/helpers.js';
import {
  defineBlogModels,
  defineFamilyModels,
  type Post,
  type Profile,
  type User,
} from '../../../testing/src/suites/relationships/models.js';
import {
  ALICE,
  BOB,
  CAROL,
  seedKeyedUsers,
  seedUsers,
} from '../../../testing/src/suites/relationships/seeds.js';
import {
  declarativeBase,
  inspect,
  NotLoadedError,
  type Session,
  select,
  selectinload,
} from '../../src/index.js';
import { useDatabase } from './database.js';

// Back-references kept in step in memory: both sides of a relationship agree after each
// change, before any flush; the flush then writes the keys they imply. Nothing here depends on
// the database (the conformance suite runs the database's side: packages/testing).
describe('relationships: back-references', () => {
  const Base = declarativeBase();
  const blog = defineBlogModels(Base, 'b_');
  const { User, Post, Profile } = blog;
  const { Parent, Kid } = defineFamilyModels(Base, 'b_');
  const db = useDatabase(Base.metadata);
  const statements = db.statements;
  const profileRows = (session: Session) =>
    rowsOf(session, select(Profile.c.id, Profile.c.userId).orderBy(Profile.c.id));

  test("a new object's relationships read as empty, without a query", async () => {
    const user = new User({ name: 'Fresh' });
    const post = new Post({ title: 'Fresh' });
    expect(user.posts).toHaveLength(0);
    expect(user.profile).toBeNull();
    expect(post.user).toBeNull();
    expect(post.comments).toHaveLength(0);
    expect(statements()).toEqual([]);
  });

  test('back-population: post.user = alice joins alice.posts; alice.posts.push(post) sets post.user', async () => {
    const { aliceId } = await seedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const alice = (
      await session.scalars(
        select(User)
          .where(User.c.id.eq(aliceId))
          .options(selectinload(User.rel('posts'))),
      )
    ).one();
    expect(alice.posts).toHaveLength(3);

    const assigned = new Post({ title: 'Assigned' });
    assigned.user = alice;
    expect(alice.posts.at(-1)).toBe(assigned);
    session.add(assigned);

    const pushed = new Post({ title: 'Pushed' });
    alice.posts.push(pushed);
    expect(pushed.user).toBe(alice);
    // Appended to a collection of an object in the session: cascaded in (save-update).
    expect(inspect(pushed).status).toBe('pending');

    await session.flush();
    expect(assigned.userId).toBe(alice.id);
    expect(pushed.userId).toBe(alice.id);
    const rows = (
      await session.execute(
        select(Post.c.title, Post.c.userId)
          .where(Post.c.title.in(['Assigned', 'Pushed']))
          .orderBy(Post.c.title),
      )
    ).all();
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['Assigned', alice.id],
      ['Pushed', alice.id],
    ]);
  });

  test('post.user = bob while bob.posts is not loaded: a later load includes the post', async () => {
    const { bobId } = await seedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const bob = (await session.get(User, bobId)) as User;
    expect(() => bob.posts).toThrow(NotLoadedError);
    const post = new Post({ title: 'Late' });
    post.user = bob;
    session.add(post);
    const posts = await session.load(bob, 'posts');
    expect(titles(posts)).toEqual(['Cooking', 'Late']);
    expect(bob.posts[1]).toBe(post);
    await session.commit();
    expect(
      (await session.execute(select(Post.c.userId).where(Post.c.title.eq('Late')))).scalar(),
    ).toBe(bobId);
  });

  test('moving posts between users updates both collections and the keys', async () => {
    const { aliceId, bobId } = await seedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const [alice, bob] = (
      await session.scalars(
        select(User)
          .where(User.c.id.in([aliceId, bobId]))
          .options(selectinload(User.rel('posts')))
          .orderBy(User.c.id),
      )
    ).all() as [User, User];
    const [first, second] = alice.posts as [Post, Post, Post];

    first.user = bob; // through the many-to-one
    expect(titles(alice.posts)).toEqual(['Second', 'Third']);
    expect(bob.posts).toContain(first);

    bob.posts.push(second); // through the collection
    expect(second.user).toBe(bob);
    expect(titles(alice.posts)).toEqual(['Third']);
    await session.commit();

    const rows = (
      await session.execute(select(Post.c.title, Post.c.userId).orderBy(Post.c.id))
    ).all();
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['First', bobId],
      ['Second', bobId],
      ['Third', aliceId],
      ['Cooking', bobId],
    ]);
    await session.commit(); // gives the connection back (SQLite in memory has one)
    await using reader = db.Session();
    const reloaded = (
      await reader.scalars(
        select(User)
          .options(selectinload(User.rel('posts')))
          .orderBy(User.c.id),
      )
    ).all();
    expect(reloaded.map((user) => titles(user.posts))).toEqual([
      ['Third'],
      ['First', 'Second', 'Cooking'],
      [],
    ]);
  });

  test('backref makes the mirror relationship on the target, kept in step both ways', async () => {
    const parent = new Parent({ name: 'Pat' });
    const kid = new Kid({ name: 'Kim' });
    parent.kids.push(kid);
    expect(kid.parent).toBe(parent);
    const other = new Parent({ name: 'Oli' });
    kid.parent = other;
    expect(parent.kids).toEqual([]);
    expect(other.kids).toEqual([kid]);

    await using session = db.Session();
    session.add(other);
    await session.commit();
    await using reader = db.Session();
    const loaded = (
      await reader.scalars(select(Kid).options(selectinload(Kid.rel('parent'))))
    ).one();
    expect(loaded.parent?.name).toBe('Oli');
  });

  test('one-to-one changing hands: the previous holder lets go in memory, and the keys follow', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const [u1, u2] = (
      await session.scalars(
        select(User)
          .where(User.c.id.in([ALICE, BOB]))
          .options(selectinload(User.rel('profile')))
          .orderBy(User.c.id),
      )
    ).all() as [User, User];
    const p1 = u1.profile as Profile;
    const p2 = u2.profile as Profile;
    expect([p1.id, p2.id]).toEqual([3001, 3002]);

    u1.profile = p2;
    expect(u1.profile).toBe(p2);
    expect(p2.user).toBe(u1);
    expect(u2.profile).toBeNull(); // p2 was u2's: u2 lost it
    expect(p1.user).toBeNull(); // u1's previous profile let go of u1
    await session.flush();
    expect(await profileRows(session)).toEqual([
      [3001, null],
      [3002, ALICE],
      [3003, CAROL],
    ]);

    p1.user = u2;
    expect(u2.profile).toBe(p1);
    expect(u1.profile).toBe(p2);
    await session.flush();
    expect(await profileRows(session)).toEqual([
      [3001, BOB],
      [3002, ALICE],
      [3003, CAROL],
    ]);
    expect([p1.userId, p2.userId]).toEqual([BOB, ALICE]);
    await session.commit();
  });

  test('replacing a one-to-one that is not loaded throws NotLoadedError; once loaded, the old one is let go', async () => {
    await seedKeyedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const alice = (await session.get(User, ALICE)) as User;
    const fresh = new Profile({ id: 3004, bio: 'new' });
    expect(() => {
      alice.profile = fresh;
    }).toThrow(NotLoadedError);
    expect(inspect(fresh).status).toBe('transient');

    const old = (await session.load(alice, 'profile')) as Profile;
    expect(old.id).toBe(3001);
    alice.profile = fresh;
    expect(old.user).toBeNull();
    expect(fresh.user).toBe(alice);
    await session.commit();
    expect(await profileRows(session)).toEqual([
      [3001, null],
      [3002, BOB],
      [3003, CAROL],
      [3004, ALICE],
    ]);
  });
});
