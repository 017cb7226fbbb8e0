import { ArgumentError, type Condition, not, update } from '@athanor/core';
import { declarativeBase, select } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { names, titles } from './helpers.js';
import { defineBlogModels, defineFamilyModels, defineTreeModels, type User } from './models.js';
import { ALICE, seedFamily, seedKeyedUsers, seedUsers } from './seeds.js';

/**
 * Relationships in queries: join() on a relationship, any() and has() (EXISTS), eq(), ne()
 * (NULL-aware), contains(), and the criteria of a custom primaryjoin, in the SQL the dialect
 * writes.
 */
export function relationshipQueriesSuite(h: Harness): void {
  describe('ORM relationships: queries', () => {
    const Base = declarativeBase();
    const prefix = h.table('rq_');
    const blog = defineBlogModels(Base, prefix);
    const { User, Post } = blog;
    const { Node } = defineTreeModels(Base, prefix);
    const family = defineFamilyModels(Base, prefix);
    const { Parent, Kid, Club } = family;
    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table let go first.
        await conn.execute(update(Node.table).values({ parentId: null }));
      },
    });
    const statements = db.statements;
    const selects = db.selects;

    test(h, 'join(User.rel("posts")) takes its ON clause from the keys', async () => {
      await seedUsers(db, blog);
      await using session = db.Session();
      const users = (
        await session.scalars(
          select(User)
            .join(User.rel('posts'))
            .where(Post.c.title.in(['Second', 'Cooking']))
            .orderBy(User.c.id),
        )
      ).all();
      expect(names(users)).toEqual(['Alice', 'Bob']);
      expect(statements().at(-1)).toMatch(/JOIN/);
    });

    test(h, 'any() and has() are EXISTS, with and without criteria', async () => {
      await seedUsers(db, blog);
      await using writer = db.Session();
      writer.add(new Post({ title: 'Loose' }));
      await writer.commit();

      await using session = db.Session();
      const usersWhere = async (condition: Condition) =>
        names((await session.scalars(select(User).where(condition).orderBy(User.c.id))).all());
      expect(await usersWhere(User.rel('posts').any())).toEqual(['Alice', 'Bob']);
      expect(statements().at(-1)).toMatch(/EXISTS/);
      expect(await usersWhere(User.rel('posts').any(Post.c.title.eq('Cooking')))).toEqual(['Bob']);
      expect(await usersWhere(not(User.rel('posts').any()))).toEqual(['Carol']);

      const postsWhere = async (condition: Condition) =>
        titles((await session.scalars(select(Post).where(condition).orderBy(Post.c.id))).all());
      expect(await postsWhere(Post.rel('user').has())).toEqual([
        'First',
        'Second',
        'Third',
        'Cooking',
      ]);
      expect(statements().at(-1)).toMatch(/EXISTS/);
      expect(await postsWhere(Post.rel('user').has(User.c.name.eq('Bob')))).toEqual(['Cooking']);
      expect(await postsWhere(not(Post.rel('user').has()))).toEqual(['Loose']);
    });

    test(h, "Post.rel('user').eq(alice) compares the foreign key", async () => {
      await seedUsers(db, blog);
      await using session = db.Session();
      const alice = (await session.query(User).filterBy({ name: 'Alice' }).one()) as User;
      db.clearLog();
      const posts = (
        await session.scalars(select(Post).where(Post.rel('user').eq(alice)).orderBy(Post.c.id))
      ).all();
      expect(titles(posts)).toEqual(['First', 'Second', 'Third']);
      expect(selects()).toHaveLength(1);
      expect(selects()[0]).not.toMatch(/EXISTS/);
    });

    test(h, "Post.rel('user').ne(alice) includes posts with no user", async () => {
      await seedKeyedUsers(db, blog);
      await using session = db.Session();
      session.add(new Post({ title: 'Loose' }));
      await session.commit();
      const alice = (await session.get(User, ALICE)) as User;
      const posts = (await session.scalars(select(Post).where(Post.rel('user').ne(alice)))).all();
      expect(titles(posts).sort()).toEqual(['Baking', 'Cooking', 'Loose']);
      // eq() still excludes them, and ne(null) is the posts with a user.
      const ofAlice = (await session.scalars(select(Post).where(Post.rel('user').eq(alice)))).all();
      expect(titles(ofAlice).sort()).toEqual(['First', 'Second', 'Third']);
      const withUser = (await session.scalars(select(Post).where(Post.rel('user').ne(null)))).all();
      expect(withUser).toHaveLength(5);
    });

    test(
      h,
      'self-referential any() and has() apply their criteria to the related row',
      async () => {
        await using writer = db.Session();
        writer.add(
          Node.create({
            name: 'root',
            children: [Node.create({ name: 'kid', children: [Node.create({ name: 'grandkid' })] })],
          }),
        );
        writer.add(Node.create({ name: 'lone' }));
        await writer.commit();

        const nodesWhere = async (condition: Condition) =>
          names((await writer.scalars(select(Node).where(condition).orderBy(Node.c.name))).all());
        expect(await nodesWhere(Node.rel('children').any(Node.c.name.eq('kid')))).toEqual(['root']);
        expect(await nodesWhere(Node.rel('children').any(Node.c.name.eq('grandkid')))).toEqual([
          'kid',
        ]);
        expect(await nodesWhere(Node.rel('children').any(Node.c.name.eq('root')))).toEqual([]);
        expect(await nodesWhere(Node.rel('parent').has(Node.c.name.eq('root')))).toEqual(['kid']);
        expect(await nodesWhere(Node.rel('parent').has(Node.c.name.eq('kid')))).toEqual([
          'grandkid',
        ]);
        expect(await nodesWhere(Node.rel('parent').has(Node.c.name.eq('grandkid')))).toEqual([]);
      },
    );

    test(h, 'a primaryjoin applies its criteria in any() and in joins too', async () => {
      await seedFamily(db, family);
      await using session = db.Session();
      const withActive = (
        await session.scalars(select(Parent).where(Parent.rel('activeKids').any()))
      ).all();
      expect(withActive.map((parent) => parent.name)).toEqual(['Ann']);
      const joined = (
        await session.execute(
          select(Parent.c.name, Kid.c.name)
            .selectFrom(Parent)
            .join(Parent.rel('activeKids'))
            .orderBy(Kid.c.id),
        )
      ).all();
      expect(joined.map((row) => [row[0], row[1]])).toEqual([
        ['Ann', 'Ada'],
        ['Ann', 'Cy'],
      ]);
    });

    test(h, 'contains() finds the parents whose collection holds an object', async () => {
      await seedFamily(db, family);
      await using session = db.Session();
      const dot = (await session.scalars(select(Kid).where(Kid.c.name.eq('Dot')))).one();
      const chess = (await session.scalars(select(Club))).one();
      const ofDot = (await session.scalars(select(Parent).where(Parent.rel('kids').contains(dot))))
        .all()
        .map((parent) => parent.name);
      expect(ofDot).toEqual(['Bo']);
      const inChess = (
        await session.scalars(select(Parent).where(Parent.rel('clubs').contains(chess)))
      )
        .all()
        .map((parent) => parent.name);
      expect(inChess).toEqual(['Ann']);
      const error = await errorFrom(
        (async () => select(Kid).where(Kid.rel('parent').contains(new Parent({ name: 'x' }))))(),
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toMatch(/single object; compare it with eq\(\)/);
    });
  });
}
