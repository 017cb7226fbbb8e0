import { type ArgumentError, insert } from '@athanor/core';
import {
  declarativeBase,
  joinedload,
  NotLoadedError,
  raiseload,
  select,
  selectinload,
} from '@athanor/orm';
import { describe, expect } from 'vitest';
import { type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { names, titles } from './helpers.js';
import {
  defineBlogModels,
  defineFamilyModels,
  type Parent,
  type Post,
  type User,
} from './models.js';
import { seedFamily, seedKeyedUsers, seedUsers } from './seeds.js';

/**
 * Loaders that run a statement of their own: selectinload (an IN list of keys), chained
 * loaders, `lazy` defaults and raiseload, session.load(), a loader over a custom primaryjoin.
 * How many statements each takes, and what they read.
 */
export function relationshipLoadersSuite(h: Harness): void {
  describe('ORM relationships: loaders', () => {
    const Base = declarativeBase();
    const prefix = h.table('rl_');
    const blog = defineBlogModels(Base, prefix);
    const { User, Post, Comment } = blog;
    // Loaded by default with a second SELECT (lazy: 'selectin').
    const { User: Author, Post: Book } = defineBlogModels(Base, h.table('rls_'), {
      postsLazy: 'selectin',
    });
    type Author = User;
    const family = defineFamilyModels(Base, prefix);
    const { Parent } = family;
    const db = useOrmDatabase(h, Base.metadata);
    const statements = db.statements;
    const selects = db.selects;

    test(h, 'selectinload of 1,000 users with their posts is exactly 2 SELECTs', async () => {
      await db.engine.execute(
        insert(User),
        Array.from({ length: 1000 }, (_, i) => ({ name: `u${i}` })),
      );
      const ids = (await db.engine.execute(select(User.c.id).orderBy(User.c.id))).scalars().all();
      await db.engine.execute(
        insert(Post),
        ids.flatMap((id) => [
          { title: `a${id}`, userId: id },
          { title: `b${id}`, userId: id },
        ]),
      );
      await using session = db.Session();
      db.clearLog();
      const users = (
        await session.scalars(
          select(User)
            .options(selectinload(User.rel('posts')))
            .orderBy(User.c.id),
        )
      ).all();
      expect(users).toHaveLength(1000);
      expect(selects()).toHaveLength(2);
      expect(statements()).toHaveLength(2);
      for (const user of users) {
        expect(titles(user.posts)).toEqual([`a${user.id}`, `b${user.id}`]);
        for (const post of user.posts) expect(post.user).toBe(user);
      }
      expect(statements()).toHaveLength(2);
    });

    test(
      h,
      'chained selectinload(User.posts).selectinload(Post.comments) is 3 statements',
      async () => {
        const { aliceId } = await seedUsers(db, blog);
        await using writer = db.Session();
        const first = (await writer.scalars(select(Post).where(Post.c.title.eq('First')))).one();
        await writer.load(first, 'comments');
        first.comments.push(new Comment({ body: 'one' }), new Comment({ body: 'two' }));
        await writer.commit();

        await using session = db.Session();
        db.clearLog();
        const users = (
          await session.scalars(
            select(User)
              .options(selectinload(User.rel('posts')).selectinload(Post.rel('comments')))
              .orderBy(User.c.id),
          )
        ).all();
        expect(selects()).toHaveLength(3);
        const alice = users[0] as User;
        expect(alice.id).toBe(aliceId);
        expect(alice.posts.map((post) => post.comments.map((c) => c.body))).toEqual([
          ['one', 'two'],
          [],
          [],
        ]);
        expect((alice.posts[0] as Post).comments[0]?.post).toBe(alice.posts[0]);
        expect(selects()).toHaveLength(3);
      },
    );

    test(h, 'a joinedload chained under a selectinload is 2 statements', async () => {
      await seedUsers(db, blog);
      await using writer = db.Session();
      const cooking = (await writer.scalars(select(Post).where(Post.c.title.eq('Cooking')))).one();
      await writer.load(cooking, 'comments');
      cooking.comments.push(new Comment({ body: 'yum' }));
      await writer.commit();

      await using session = db.Session();
      db.clearLog();
      const users = (
        await session.scalars(
          select(User)
            .options(selectinload(User.rel('posts')).joinedload(Post.rel('comments')))
            .orderBy(User.c.id),
        )
      ).all();
      expect(selects()).toHaveLength(2);
      expect(users.map((user) => user.posts.map((post) => post.comments.length))).toEqual([
        [0, 0, 0],
        [1],
        [],
      ]);
    });

    test(h, "lazy: 'selectin' loads without options; raiseload keeps it unloaded", async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const author = Author.create({
        name: 'Le Guin',
        posts: [Book.create({ title: 'Earthsea' }), Book.create({ title: 'Dispossessed' })],
      });
      writer.add(author);
      await writer.commit();

      await using plain = db.Session();
      db.clearLog();
      const loaded = (await plain.scalars(select(Author))).one();
      expect(selects()).toHaveLength(2);
      expect(titles(loaded.posts)).toEqual(['Earthsea', 'Dispossessed']);
      await plain.commit();

      await using legacy = db.Session();
      db.clearLog();
      const [viaQuery] = await legacy.query(Author).all();
      expect(selects()).toHaveLength(2);
      expect(titles((viaQuery as Author).posts)).toEqual(['Earthsea', 'Dispossessed']);
      await legacy.commit();

      await using byKey = db.Session();
      db.clearLog();
      const got = (await byKey.get(Author, author.id)) as Author;
      expect(selects()).toHaveLength(2);
      expect(got.posts).toHaveLength(2);
      await byKey.commit();

      await using raising = db.Session();
      db.clearLog();
      const raised = (
        await raising.scalars(select(Author).options(raiseload(Author.rel('posts'))))
      ).one();
      expect(selects()).toHaveLength(1);
      expect(() => raised.posts).toThrow(NotLoadedError);
      const [legacyRaised] = await raising
        .query(Author)
        .options(raiseload(Author.rel('posts')))
        .all();
      expect(legacyRaised).toBe(raised);
      expect(selects()).toHaveLength(2);
      expect(() => raised.posts).toThrow(NotLoadedError);
      // An explicit load still works.
      expect(titles(await raising.load(raised, 'posts'))).toEqual(['Earthsea', 'Dispossessed']);
    });

    test(h, 'loader options in the legacy query style', async () => {
      await seedUsers(db, blog);
      await using session = db.Session();
      const users = await session
        .query(User)
        .options(selectinload(User.rel('posts')))
        .orderBy(User.c.id)
        .all();
      expect(selects()).toHaveLength(2);
      expect(users.map((user) => titles(user.posts))).toEqual([
        ['First', 'Second', 'Third'],
        ['Cooking'],
        [],
      ]);
      await session.commit();

      await using joined = db.Session();
      db.clearLog();
      const again = await joined
        .query(User)
        .options(joinedload(User.rel('posts')))
        .orderBy(User.c.id)
        .all();
      expect(selects()).toHaveLength(1);
      expect(names(again)).toEqual(['Alice', 'Bob', 'Carol']);
      expect((again[0] as User).posts).toHaveLength(3);
    });

    test(h, "session.load(user, 'posts') and session.load(users, 'posts')", async () => {
      const { aliceId } = await seedUsers(db, blog);
      await using session = db.Session();
      const users = (await session.scalars(select(User).orderBy(User.c.id))).all();
      const [alice, bob, carol] = users as [User, User, User];
      expect(alice.id).toBe(aliceId);

      db.clearLog();
      const posts = await session.load(alice, 'posts');
      expect(selects()).toHaveLength(1);
      expect(titles(posts)).toEqual(['First', 'Second', 'Third']);
      expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third']);
      for (const post of posts) expect(post.user).toBe(alice);

      db.clearLog();
      await session.load([bob, carol], 'posts');
      expect(selects()).toHaveLength(1);
      expect(titles(bob.posts)).toEqual(['Cooking']);
      expect(carol.posts).toHaveLength(0);
    });

    test(h, "session.load(posts, 'user') loads many-to-ones in one statement", async () => {
      await seedUsers(db, blog);
      await using session = db.Session();
      const posts = (await session.scalars(select(Post).orderBy(Post.c.id))).all();
      expect(() => (posts[0] as Post).user).toThrow(NotLoadedError);
      db.clearLog();
      await session.load(posts, 'user');
      expect(selects()).toHaveLength(1);
      expect(posts.map((post) => post.user?.name)).toEqual(['Alice', 'Alice', 'Alice', 'Bob']);
      expect((posts[0] as Post).user).toBe((posts[1] as Post).user);
    });

    test(
      h,
      'after commit, selectinload(Post.user) gives readable users; session.load of 5 posts is at most 2 statements',
      async () => {
        await seedKeyedUsers(db, blog);
        await using session = db.Session();
        await session.scalars(select(User));
        await session.scalars(select(Post));
        await session.commit(); // everything is expired now

        const posts = (
          await session.scalars(
            select(Post)
              .options(selectinload(Post.rel('user')))
              .orderBy(Post.c.id),
          )
        ).all();
        expect(posts.map((post) => post.user?.name)).toEqual([
          'Alice',
          'Bob',
          'Alice',
          'Bob',
          'Alice',
        ]);
        await session.commit();

        db.clearLog();
        const users = await session.load(posts, 'user');
        expect(statements().length).toBeLessThanOrEqual(2);
        expect(users.map((user) => user?.name)).toEqual(['Alice', 'Bob', 'Alice', 'Bob', 'Alice']);
        expect(posts.map((post) => post.user?.name)).toEqual([
          'Alice',
          'Bob',
          'Alice',
          'Bob',
          'Alice',
        ]);
        expect(posts.map((post) => post.title)).toEqual([
          'First',
          'Cooking',
          'Second',
          'Baking',
          'Third',
        ]);
        expect(statements().length).toBeLessThanOrEqual(2);
      },
    );

    test(
      h,
      'a primaryjoin with criteria loads only the rows it matches; viewonly is read only',
      async () => {
        await seedFamily(db, family);
        await using session = db.Session();
        db.clearLog();
        const parents = (
          await session.scalars(
            select(Parent)
              .options(selectinload(Parent.rel('activeKids')), selectinload(Parent.rel('kids')))
              .orderBy(Parent.c.id),
          )
        ).all();
        expect(statements()).toHaveLength(3);
        expect(parents.map((parent) => parent.activeKids.map((kid) => kid.name))).toEqual([
          ['Ada', 'Cy'],
          [],
        ]);
        expect(parents.map((parent) => parent.kids.map((kid) => kid.name))).toEqual([
          ['Ada', 'Ben', 'Cy'],
          ['Dot'],
        ]);
        const ann = parents[0] as Parent;
        expect(() => {
          ann.activeKids = [];
        }).toThrow(/viewonly/);
        // Refused, not ignored: the error carries the code errors.md documents.
        let refused: ArgumentError | undefined;
        try {
          ann.activeKids = [];
        } catch (error) {
          refused = error as ArgumentError;
        }
        expect(refused?.code).toBe('viewonly');
        // The same objects: one per row, whichever relationship loaded them.
        expect(ann.activeKids[0]).toBe(ann.kids[0]);
      },
    );
  });
}
