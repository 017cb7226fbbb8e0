import { insert, update } from '@athanor/core';
import { declarativeBase, joinedload, NotLoadedError, select } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { mentionsOf, names, titles } from './helpers.js';
import { defineBlogModels, defineTreeModels, type Node, type Post, type User } from './models.js';
import { ALICE, BOB, seedKeyedUsers, seedUsers } from './seeds.js';

/**
 * Joined loading: one statement with LEFT OUTER JOINs, and a subquery when the query has a
 * LIMIT, so that the limit counts the parents and each collection is whole; `lazy: 'joined'`
 * on both sides of a relationship and on a tree loads one level.
 */
export function relationshipJoinedLoadersSuite(h: Harness): void {
  describe('ORM relationships: joined loading', () => {
    const Base = declarativeBase();
    const prefix = h.table('rj_');
    const blog = defineBlogModels(Base, prefix);
    const { User, Post, Profile } = blog;
    // Loaded by default in the same statement, on both sides (lazy: 'joined').
    const { User: JUser, Post: JPost } = defineBlogModels(Base, h.table('rjj_'), {
      postsLazy: 'joined',
      userLazy: 'joined',
    });
    type JUser = User;
    type JPost = Post;
    const { Node: JNode } = defineTreeModels(Base, h.table('rjj_'), { lazy: 'joined' });
    type JNode = Node;
    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table let go first.
        await conn.execute(update(JNode.table).values({ parentId: null }));
      },
    });
    const statements = db.statements;
    const selects = db.selects;

    test(
      h,
      'joinedload is one LEFT OUTER JOIN statement, and returns each parent once',
      async () => {
        await seedUsers(db, blog);
        await using session = db.Session();
        const users = (
          await session.scalars(
            select(User)
              .options(joinedload(User.rel('posts')))
              .orderBy(User.c.id),
          )
        ).all();
        expect(statements()).toHaveLength(1);
        expect(statements()[0]).toMatch(/LEFT OUTER JOIN/i);
        expect(names(users)).toEqual(['Alice', 'Bob', 'Carol']);
        expect(users.map((user) => titles(user.posts))).toEqual([
          ['First', 'Second', 'Third'],
          ['Cooking'],
          [],
        ]);
        expect(statements()).toHaveLength(1);
      },
    );

    test(
      h,
      'joinedload with limit(2) returns 2 parents with all their children (a subquery)',
      async () => {
        await seedUsers(db, blog);
        await using session = db.Session();
        const users = (
          await session.scalars(
            select(User)
              .options(joinedload(User.rel('posts')))
              .orderBy(User.c.id)
              .limit(2),
          )
        ).all();
        expect(statements()).toHaveLength(1);
        expect(statements()[0]).toMatch(/\(\s*SELECT/i);
        expect(names(users)).toEqual(['Alice', 'Bob']);
        expect(users.map((user) => titles(user.posts))).toEqual([
          ['First', 'Second', 'Third'],
          ['Cooking'],
        ]);
      },
    );

    test(
      h,
      'joinedload on select(User, Post) with ORDER BY and LIMIT: the same rows, each entity keyed right',
      async () => {
        await seedKeyedUsers(db, blog);
        const base = () =>
          select(User, Post).join(User.rel('posts')).orderBy(Post.c.id.desc()).limit(2);
        const shape = (rows: readonly (readonly [User, Post])[]) =>
          rows.map(([user, post]) => [user.id, user.name, post.id, post.title, post.userId]);
        const expected = [
          [ALICE, 'Alice', 2005, 'Third', ALICE],
          [BOB, 'Bob', 2004, 'Baking', BOB],
        ];

        await using plain = db.Session();
        const plainRows = (await plain.execute(base())).all() as unknown as [User, Post][];
        expect(shape(plainRows)).toEqual(expected);
        await plain.commit();

        // Many-to-one and one-to-one joined, from each entity of the row.
        await using scalars = db.Session();
        db.clearLog();
        const rows = (
          await scalars.execute(
            base().options(joinedload(User.rel('profile')), joinedload(Post.rel('user'))),
          )
        ).all() as unknown as [User, Post][];
        expect(statements()).toHaveLength(1);
        expect(shape(rows)).toEqual(expected);
        const [[alice, third], [bob, baking]] = rows as [[User, Post], [User, Post]];
        expect(alice.profile?.bio).toBe('zz');
        expect(alice.profile?.id).toBe(3001);
        expect(bob.profile?.bio).toBe('aa');
        expect(third.user).toBe(alice);
        expect(baking.user).toBe(bob);
        expect(statements()).toHaveLength(1);
        await scalars.commit();

        // A collection joined: LIMIT still counts the selected rows, and each collection is whole.
        await using collections = db.Session();
        db.clearLog();
        const withPosts = (
          await collections.execute(base().options(joinedload(User.rel('posts'))))
        ).all() as unknown as [User, Post][];
        expect(statements()).toHaveLength(1);
        expect(shape(withPosts)).toEqual(expected);
        const [[alice2, third2], [bob2]] = withPosts as [[User, Post], [User, Post]];
        expect(titles(alice2.posts)).toEqual(['First', 'Second', 'Third']);
        expect(alice2.posts.map((post) => post.id)).toEqual([2001, 2003, 2005]);
        expect(alice2.posts[2]).toBe(third2);
        expect(titles(bob2.posts)).toEqual(['Cooking', 'Baking']);
        expect(statements()).toHaveLength(1);
      },
    );

    test(
      h,
      'joinedload with ORDER BY a column of a joined, unselected table and LIMIT keeps the order, no cross join',
      async () => {
        await seedKeyedUsers(db, blog);
        await using session = db.Session();
        db.clearLog();
        const users = (
          await session.scalars(
            select(User)
              .join(User.rel('profile'))
              .options(joinedload(User.rel('posts')))
              .orderBy(Profile.c.bio.desc())
              .limit(2),
          )
        ).all();
        expect(statements()).toHaveLength(1);
        const sql = statements()[0] as string;
        // Profiles are joined inside the subquery; outside it, only its labelled columns are
        // read. A cross join would bring the table (or its columns) out there.
        const outside = sql.slice(sql.lastIndexOf(')'));
        expect(mentionsOf(outside, Profile.table.name)).toBe(0);
        // bio: Alice 'zz', Carol 'mm', Bob 'aa'.
        expect(names(users)).toEqual(['Alice', 'Carol']);
        expect(users.map((user) => titles(user.posts))).toEqual([['First', 'Second', 'Third'], []]);

        // Ascending, and by an expression of the unselected table.
        const ascending = (
          await session.scalars(
            select(User)
              .join(User.rel('profile'))
              .options(joinedload(User.rel('posts')))
              .orderBy(Profile.c.bio)
              .limit(2),
          )
        ).all();
        expect(names(ascending)).toEqual(['Bob', 'Carol']);
        expect(ascending.map((user) => titles(user.posts))).toEqual([['Cooking', 'Baking'], []]);
      },
    );

    test(
      h,
      "lazy 'joined' on both sides and on a tree's children: select, get and refresh load one level",
      async () => {
        await db.engine.execute(insert(JUser), [{ id: 1, name: 'Jo' }]);
        await db.engine.execute(insert(JPost), [
          { id: 1, title: 'j1', userId: 1 },
          { id: 2, title: 'j2', userId: 1 },
        ]);
        await db.engine.execute(insert(JNode), [{ id: 1, name: 'root', parentId: null }]);
        await db.engine.execute(insert(JNode), [
          { id: 2, name: 'a', parentId: 1 },
          { id: 3, name: 'b', parentId: 1 },
        ]);
        await db.engine.execute(insert(JNode), [{ id: 4, name: 'a1', parentId: 2 }]);

        await using session = db.Session();
        db.clearLog();
        const users = (await session.scalars(select(JUser))).all();
        expect(selects()).toHaveLength(1);
        const jo = users[0] as JUser;
        expect(titles(jo.posts)).toEqual(['j1', 'j2']);
        for (const post of jo.posts) expect(post.user).toBe(jo);
        await session.refresh(jo);
        expect(titles(jo.posts)).toEqual(['j1', 'j2']);
        await session.commit();

        await using byKey = db.Session();
        const got = (await byKey.get(JUser, 1)) as JUser;
        expect(titles(got.posts)).toEqual(['j1', 'j2']);
        const post = (await byKey.get(JPost, 2)) as JPost;
        expect(post.user).toBe(got);
        await byKey.commit();

        await using posts = db.Session();
        const loadedPosts = (await posts.scalars(select(JPost).orderBy(JPost.c.id))).all();
        expect(loadedPosts.map((p) => p.user?.name)).toEqual(['Jo', 'Jo']);
        await posts.refresh(loadedPosts[0] as JPost);
        expect((loadedPosts[0] as JPost).user?.name).toBe('Jo');
        await posts.commit();

        await using tree = db.Session();
        db.clearLog();
        const root = (await tree.scalars(select(JNode).where(JNode.c.name.eq('root')))).one();
        // One level, in the one statement: the children's own children are not followed.
        expect(selects()).toHaveLength(1);
        expect(names(root.children)).toEqual(['a', 'b']);
        expect(() => (root.children[0] as JNode).children).toThrow(NotLoadedError);
        await tree.refresh(root);
        expect(names(root.children)).toEqual(['a', 'b']);
        await tree.commit();

        await using treeByKey = db.Session();
        const a = (await treeByKey.get(JNode, 2)) as JNode;
        expect(names(a.children)).toEqual(['a1']);
        const all = (await treeByKey.scalars(select(JNode).orderBy(JNode.c.id))).all();
        expect(all.map((node) => names(node.children))).toEqual([['a', 'b'], ['a1'], [], []]);
      },
    );
  });
}
