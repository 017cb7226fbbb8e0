import { describe, expect, test } from 'vitest';
import { rowsOf, titles } from '../../../testing/src/suites/relationships/helpers.js';
import {
  defineBlogModels,
  defineOrderModels,
  defineTeamModels,
  type Line,
  type Order,
  type Player,
  type Post,
  type User,
} from '../../../testing/src/suites/relationships/models.js';
import {
  ALICE,
  BOB,
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

// What each cascade decides: which objects follow a parent into the session, out of it, into
// a merge, or to their deletion, and which keys are set to NULL instead. The ORM decides it
// before any SQL; the database's side of cascades is in the conformance suite.
describe('relationships: cascades and orphans', () => {
  const Base = declarativeBase();
  const blog = defineBlogModels(Base, 'c_');
  const { User, Post, Comment } = blog;
  // User.posts with cascade 'all': posts go with their user (delete, expunge).
  const owning = defineBlogModels(Base, 'ca_', { postsCascade: 'all' });
  const { Order, Line } = defineOrderModels(Base, 'c_', { nullableKey: true });
  const { Team, Player } = defineTeamModels(Base, 'c_');
  const db = useDatabase(Base.metadata);
  const statements = db.statements;

  test('save-update: adding a user adds the new objects in its collections, at every level', async () => {
    await using session = db.Session({ expireOnCommit: false });
    const comment = new Comment({ body: 'Nice' });
    const post = Post.create({ title: 'Graph', comments: [comment] });
    const alice = User.create({ name: 'Alice', posts: [post] });
    session.add(alice);
    expect(inspect(post).status).toBe('pending');
    expect(inspect(comment).status).toBe('pending');
    expect(session.new).toEqual(expect.arrayContaining([alice, post, comment]));
    const later = new Post({ title: 'Later' });
    alice.posts.push(later);
    expect(inspect(later).status).toBe('pending');
    await session.commit();
    expect(await session.query(Post).count()).toBe(2);
    expect(await session.query(Comment).count()).toBe(1);
  });

  test('delete-orphan: a line removed from its order is deleted, not left with a NULL key', async () => {
    await using session = db.Session({ expireOnCommit: false });
    const order = Order.create({
      ref: 'o1',
      lines: [Line.create({ product: 'apple' }), Line.create({ product: 'pear' })],
    });
    session.add(order);
    await session.commit();
    const [apple] = order.lines as [Line, Line];
    order.lines.splice(0, 1);
    expect(apple.order).toBeNull();
    db.clearLog();
    await session.flush();
    expect(inspect(apple).status).toBe('deleted');
    const writes = statements().filter((sql) => !sql.startsWith('SELECT'));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^DELETE/);
    await session.commit();
    const rows = (await session.execute(select(Line.c.product, Line.c.orderId))).all();
    expect(rows.map((row) => [row[0], row[1]])).toEqual([['pear', order.id]]);
  });

  test('default cascade: removing a post from user.posts sets its key to NULL, keeping the row', async () => {
    const { aliceId } = await seedUsers(db, blog);
    await using session = db.Session({ expireOnCommit: false });
    const alice = (
      await session.scalars(
        select(User)
          .where(User.c.id.eq(aliceId))
          .options(selectinload(User.rel('posts'))),
      )
    ).one();
    const second = alice.posts[1] as Post;
    alice.posts = alice.posts.filter((post) => post !== second);
    expect(second.user).toBeNull();
    await session.commit();
    expect(inspect(second).status).toBe('persistent');
    expect(second.userId).toBeNull();
    const rows = (
      await session.execute(
        select(Post.c.title, Post.c.userId)
          .where(Post.c.title.in(['First', 'Second', 'Third']))
          .orderBy(Post.c.id),
      )
    ).all();
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['First', aliceId],
      ['Second', null],
      ['Third', aliceId],
    ]);
  });

  test('merge cascades to the children of a detached object', async () => {
    const first = db.Session({ expireOnCommit: false });
    const alice = User.create({ name: 'Alice', posts: [Post.create({ title: 'Draft' })] });
    first.add(alice);
    await first.commit();
    await first.close();
    expect(inspect(alice).status).toBe('detached');
    (alice.posts[0] as Post).title = 'Final';
    alice.posts.push(new Post({ title: 'Added' }));

    await using second = db.Session({ expireOnCommit: false });
    const merged = await second.merge(alice);
    expect(merged).not.toBe(alice);
    expect(titles(merged.posts)).toEqual(['Final', 'Added']);
    expect(merged.posts[0]).not.toBe(alice.posts[0]);
    await second.commit();
    const rows = (
      await second.execute(select(Post.c.title, Post.c.userId).orderBy(Post.c.id))
    ).all();
    expect(rows.map((row) => [row[0], row[1]])).toEqual([
      ['Final', alice.id],
      ['Added', alice.id],
    ]);
  });

  test("after commit (expired), deleting a player whose team has cascade 'all' deletes both", async () => {
    await using session = db.Session({ expireOnCommit: 'strict' });
    const team = Team.create({ name: 'Reds', players: [Player.create({ name: 'Ann' })] });
    const player = team.players[0] as Player;
    session.add(team);
    await session.commit();
    expect(inspect(player).expiredAttributes).toContain('teamId');

    session.delete(player);
    await session.commit();
    expect(await rowsOf(session, select(Player.c.id))).toEqual([]);
    expect(await rowsOf(session, select(Team.c.id))).toEqual([]);
  });

  test("line.order = null under 'delete-orphan' with order.lines not loaded deletes the line", async () => {
    await using writer = db.Session({ expireOnCommit: false });
    const order = Order.create({
      ref: 'o1',
      lines: [Line.create({ product: 'apple' }), Line.create({ product: 'pear' })],
    });
    writer.add(order);
    await writer.commit();
    const [apple] = order.lines as [Line, Line];

    await using session = db.Session({ expireOnCommit: false });
    const line = (await session.get(Line, apple.id)) as Line;
    const loadedOrder = (await session.get(Order, order.id)) as Order;
    expect(() => loadedOrder.lines).toThrow(NotLoadedError);
    line.order = null;
    await session.commit();
    expect(inspect(line).status).toBe('detached');
    expect(
      await rowsOf(session, select(Line.c.product, Line.c.orderId).orderBy(Line.c.id)),
    ).toEqual([['pear', order.id]]);
  });

  describe("with cascade 'all' on User.posts", () => {
    const { User, Post } = owning;
    const postRows = (session: Session) =>
      rowsOf(session, select(Post.c.id, Post.c.title, Post.c.userId).orderBy(Post.c.id));
    test("cascade 'all', collection not loaded: a post given another user survives its old user's delete", async () => {
      await seedKeyedUsers(db, owning);
      await using session = db.Session({ expireOnCommit: false });
      const alice = (await session.get(User, ALICE)) as User;
      const bob = (await session.get(User, BOB)) as User;
      const first = (await session.get(Post, 2001)) as Post;
      expect(() => alice.posts).toThrow(NotLoadedError);
      first.user = bob;
      session.delete(alice);
      await session.commit();
      expect(inspect(first).status).toBe('persistent');
      expect(first.userId).toBe(BOB);
      expect(await postRows(session)).toEqual([
        [2001, 'First', BOB],
        [2002, 'Cooking', BOB],
        [2004, 'Baking', BOB],
      ]);
      expect(await rowsOf(session, select(User.c.name).orderBy(User.c.id))).toEqual([
        ['Bob'],
        ['Carol'],
      ]);
    });

    test("expunge(user) with cascade 'all' on posts expunges its loaded posts", async () => {
      await seedKeyedUsers(db, owning);
      await using session = db.Session({ expireOnCommit: false });
      const alice = (
        await session.scalars(
          select(User)
            .where(User.c.id.eq(ALICE))
            .options(selectinload(User.rel('posts'))),
        )
      ).one();
      const posts = [...alice.posts];
      expect(posts).toHaveLength(3);
      session.expunge(alice);
      expect(inspect(alice).status).toBe('detached');
      for (const post of posts) expect(['detached', 'transient']).toContain(inspect(post).status);
      // The identity map no longer holds them: get() loads a new object.
      const again = (await session.get(Post, 2001)) as Post;
      expect(again).not.toBe(posts[0]);
      expect(again.title).toBe('First');
    });
  });
});
