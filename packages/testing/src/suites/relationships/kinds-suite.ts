import { update } from '@athanor/core';
import { declarativeBase, inspect, select, selectinload } from '@athanor/orm';
import { describe, expect } from 'vitest';
import { type Harness, conformanceTest as test } from '../../harness.js';
import { useOrmDatabase } from '../../orm-database.js';
import { names, titles } from './helpers.js';
import {
  type Article,
  defineBlogModels,
  defineMembershipModels,
  defineTagModels,
  defineTreeModels,
  type Node,
  type Profile,
  type Tag,
  type User,
} from './models.js';

/**
 * Each kind of relationship written and read back: many-to-one, one-to-many, one-to-one,
 * many-to-many, an association model, a self-referential tree. What the database holds after a
 * flush (keys, association rows) and what a loader reads back.
 */
export function relationshipKindsSuite(h: Harness): void {
  describe('ORM relationships: kinds', () => {
    const Base = declarativeBase();
    const prefix = h.table('rk_');
    const { User, Post, Profile } = defineBlogModels(Base, prefix);
    const { Article, Tag, articleTags } = defineTagModels(Base, prefix);
    const { Member, Group, Membership } = defineMembershipModels(Base, prefix, { orderBy: 'role' });
    const { Node } = defineTreeModels(Base, prefix);
    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table let go first.
        await conn.execute(update(Node.table).values({ parentId: null }));
      },
    });
    const selects = db.selects;

    test(
      h,
      "the guide's section 7: posts ordered by Post.c.id, back-populated, loaded by selectinload",
      async () => {
        await using writer = db.Session();
        // Added out of key order: the relationship's orderBy puts them back.
        const alice = User.create({
          name: 'Alice',
          posts: [
            Post.create({ id: 30, title: 'Third' }),
            Post.create({ id: 10, title: 'First' }),
            Post.create({ id: 20, title: 'Second' }),
          ],
        });
        for (const post of alice.posts) expect(post.user).toBe(alice);
        writer.add(alice);
        await writer.commit();

        await using reader = db.Session();
        db.clearLog();
        const users = (
          await reader.scalars(select(User).options(selectinload(User.rel('posts'))))
        ).all();
        expect(selects()).toHaveLength(2);
        expect(users).toHaveLength(1);
        const loaded = users[0] as User;
        expect(loaded.name).toBe('Alice');
        expect(titles(loaded.posts)).toEqual(['First', 'Second', 'Third']);
        expect(loaded.posts.map((post) => post.id)).toEqual([10, 20, 30]);
        for (const post of loaded.posts) expect(post.user).toBe(loaded);
        expect(selects()).toHaveLength(2); // reading the back-references ran nothing

        const rows = (
          await reader.execute(select(Post.c.id, Post.c.userId).orderBy(Post.c.id))
        ).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([
          [10, loaded.id],
          [20, loaded.id],
          [30, loaded.id],
        ]);
      },
    );

    test(h, 'many-to-one: setting post.user writes the foreign key', async () => {
      await using session = db.Session({ expireOnCommit: false });
      const alice = new User({ name: 'Alice' });
      const post = new Post({ title: 'Hello' });
      post.user = alice;
      session.add(post);
      expect(inspect(alice).status).toBe('pending'); // save-update along the many-to-one
      await session.commit();
      expect(post.userId).toBe(alice.id);
      const row = (
        await session.execute(select(Post.c.title, Post.c.userId).where(Post.c.id.eq(post.id)))
      ).one();
      expect([row[0], row[1]]).toEqual(['Hello', alice.id]);

      post.user = null;
      await session.commit();
      expect(post.userId).toBeNull();
      expect(
        (await session.execute(select(Post.c.userId).where(Post.c.id.eq(post.id)))).scalar(),
      ).toBeNull();
    });

    test(h, 'one-to-many: posts pushed on user.posts get its key', async () => {
      await using session = db.Session({ expireOnCommit: false });
      const alice = new User({ name: 'Alice' });
      alice.posts.push(new Post({ title: 'One' }), new Post({ title: 'Two' }));
      session.add(alice);
      await session.commit();
      const rows = (
        await session.execute(select(Post.c.title, Post.c.userId).orderBy(Post.c.id))
      ).all();
      expect(rows.map((row) => [row[0], row[1]])).toEqual([
        ['One', alice.id],
        ['Two', alice.id],
      ]);
      expect(alice.posts.map((post) => post.userId)).toEqual([alice.id, alice.id]);
    });

    test(h, 'one-to-one (uselist: false): a scalar, back-populated, replaced', async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const alice = new User({ name: 'Alice' });
      const bob = new User({ name: 'Bob' });
      const profile = new Profile({ bio: 'Writes SQL' });
      alice.profile = profile;
      expect(profile.user).toBe(alice);
      writer.addAll([alice, bob]);
      expect(inspect(profile).status).toBe('pending');
      await writer.commit();
      expect(profile.userId).toBe(alice.id);

      await using reader = db.Session({ expireOnCommit: false });
      db.clearLog();
      const [loadedAlice, loadedBob] = (
        await reader.scalars(
          select(User)
            .options(selectinload(User.rel('profile')))
            .orderBy(User.c.id),
        )
      ).all() as [User, User];
      expect(selects()).toHaveLength(2);
      expect(loadedAlice.profile?.bio).toBe('Writes SQL');
      expect(loadedAlice.profile?.user).toBe(loadedAlice);
      expect(loadedBob.profile).toBeNull();

      // Replacing the profile lets the old one go (its key set to NULL: default cascade).
      const old = loadedAlice.profile as Profile;
      loadedAlice.profile = new Profile({ bio: 'Writes TypeScript' });
      expect(old.user).toBeNull();
      await reader.commit();
      const rows = (
        await reader.execute(select(Profile.c.bio, Profile.c.userId).orderBy(Profile.c.id))
      ).all();
      expect(rows.map((row) => [row[0], row[1]])).toEqual([
        ['Writes SQL', null],
        ['Writes TypeScript', loadedAlice.id],
      ]);
    });

    test(h, 'many-to-many: push and splice insert and delete association rows', async () => {
      await using session = db.Session({ expireOnCommit: false });
      const article = new Article({ title: 'Relationships' });
      const sql = new Tag({ name: 'sql' });
      const orm = new Tag({ name: 'orm' });
      const ts = new Tag({ name: 'ts' });
      article.tags.push(sql, orm, ts);
      expect(sql.articles).toContain(article);
      session.add(article);
      for (const tag of [sql, orm, ts]) expect(inspect(tag).status).toBe('pending');
      await session.commit();

      const associations = async () =>
        (
          await session.execute(
            select(articleTags.c.articleId, articleTags.c.tagId).orderBy(
              articleTags.c.articleId,
              articleTags.c.tagId,
            ),
          )
        )
          .all()
          .map((row) => [row[0], row[1]]);
      const byId = (pairs: [number, number][]) =>
        [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(await associations()).toEqual(
        byId([
          [article.id, sql.id],
          [article.id, orm.id],
          [article.id, ts.id],
        ]),
      );

      article.tags.splice(article.tags.indexOf(orm), 1);
      expect(orm.articles).not.toContain(article);
      const second = new Article({ title: 'SQL' });
      second.tags.push(sql);
      session.add(second);
      await session.commit();
      expect(await associations()).toEqual(
        byId([
          [article.id, sql.id],
          [article.id, ts.id],
          [second.id, sql.id],
        ]),
      );
      // Removing the association kept the tag.
      expect(names((await session.scalars(select(Tag).orderBy(Tag.c.name))).all())).toEqual([
        'orm',
        'sql',
        'ts',
      ]);
    });

    test(
      h,
      'many-to-many: loads both ways; deleting an article deletes its association rows only',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const sql = new Tag({ name: 'sql' });
        const orm = new Tag({ name: 'orm' });
        const first = Article.create({ title: 'First', tags: [sql, orm] });
        const second = Article.create({ title: 'Second', tags: [sql] });
        writer.addAll([first, second]);
        await writer.commit();

        await using reader = db.Session({ expireOnCommit: false });
        db.clearLog();
        const articles = (
          await reader.scalars(
            select(Article)
              .options(selectinload(Article.rel('tags')))
              .orderBy(Article.c.id),
          )
        ).all();
        expect(selects()).toHaveLength(2);
        expect(articles.map((article) => names(article.tags))).toEqual([['orm', 'sql'], ['sql']]);
        const tags = (
          await reader.scalars(
            select(Tag)
              .options(selectinload(Tag.rel('articles')))
              .orderBy(Tag.c.name),
          )
        ).all();
        expect(tags.map((tag) => titles(tag.articles))).toEqual([['First'], ['First', 'Second']]);
        expect((tags[1] as Tag).articles[0]).toBe(articles[0]);

        await reader.commit();

        // The collection of the deleted article is not loaded here: the flush finds its rows.
        await using deleter = db.Session({ expireOnCommit: false });
        const gone = (await deleter.get(Article, first.id)) as Article;
        deleter.delete(gone);
        await deleter.commit();
        const rows = (
          await deleter.execute(select(articleTags.c.articleId, articleTags.c.tagId))
        ).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([[second.id, sql.id]]);
        expect(await deleter.query(Tag).count()).toBe(2);
      },
    );

    test(
      h,
      'association model with extra columns, read and pushed through an association proxy',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const admins = new Group({ name: 'admins' });
        const devs = new Group({ name: 'devs' });
        const ann = new Member({ name: 'Ann' });
        ann.memberships.push(Membership.create({ group: admins, role: 'owner' }));
        ann.groups.push(devs); // through the creator: a Membership with role 'member'
        expect(ann.memberships).toHaveLength(2);
        expect(ann.memberships.map((m) => m.role).sort()).toEqual(['member', 'owner']);
        for (const membership of ann.memberships) expect(membership.member).toBe(ann);
        expect(names(ann.groups).sort()).toEqual(['admins', 'devs']);
        writer.add(ann);
        expect(inspect(devs).status).toBe('pending');
        await writer.commit();

        const rows = (
          await writer.execute(
            select(Membership.c.memberId, Membership.c.groupId, Membership.c.role).orderBy(
              Membership.c.role,
            ),
          )
        ).all();
        expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
          [ann.id, devs.id, 'member'],
          [ann.id, admins.id, 'owner'],
        ]);
        await writer.commit(); // gives the connection back (SQLite in memory has one)

        await using reader = db.Session({ expireOnCommit: false });
        db.clearLog();
        const loaded = (
          await reader.scalars(
            select(Member).options(
              selectinload(Member.rel('memberships')).selectinload(Membership.rel('group')),
            ),
          )
        ).one();
        expect(selects()).toHaveLength(3);
        // Memberships are ordered by role: 'member' (devs) before 'owner' (admins).
        expect(names(loaded.groups)).toEqual(['devs', 'admins']);

        const ops = new Group({ name: 'ops' });
        loaded.groups.push(ops);
        expect(loaded.memberships.at(-1)?.group).toBe(ops);
        await reader.commit();
        const roles = (
          await reader.execute(
            select(Membership.c.groupId, Membership.c.role).where(Membership.c.groupId.eq(ops.id)),
          )
        ).all();
        expect(roles.map((row) => [row[0], row[1]])).toEqual([[ops.id, 'member']]);
      },
    );

    test(
      h,
      'self-referential tree of 3 levels inserted in one flush, keys propagated',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const a1 = new Node({ name: 'a1' });
        const a2 = new Node({ name: 'a2' });
        const a = Node.create({ name: 'a', children: [a1, a2] });
        const b = new Node({ name: 'b' });
        const root = Node.create({ name: 'root', children: [a, b] });
        expect(a1.parent).toBe(a);
        expect(a.parent).toBe(root);
        writer.add(root);
        await writer.flush();
        expect([a.parentId, b.parentId]).toEqual([root.id, root.id]);
        expect([a1.parentId, a2.parentId]).toEqual([a.id, a.id]);
        await writer.commit();

        const rows = (
          await writer.execute(select(Node.c.id, Node.c.name, Node.c.parentId).orderBy(Node.c.id))
        ).all();
        await writer.commit(); // gives the connection back (SQLite in memory has one)
        const nameOf = new Map<unknown, unknown>(rows.map((row) => [row[0], row[1]]));
        const parentOf = new Map(
          rows.map((row) => [row[1], row[2] === null ? null : nameOf.get(row[2])]),
        );
        expect(Object.fromEntries(parentOf)).toEqual({
          root: null,
          a: 'root',
          b: 'root',
          a1: 'a',
          a2: 'a',
        });

        await using reader = db.Session({ expireOnCommit: false });
        db.clearLog();
        const loadedRoot = (
          await reader.scalars(
            select(Node)
              .where(Node.c.parentId.isNull())
              .options(selectinload(Node.rel('children')).selectinload(Node.rel('children'))),
          )
        ).one();
        expect(selects()).toHaveLength(3);
        expect(names(loadedRoot.children)).toEqual(['a', 'b']);
        const [loadedA, loadedB] = loadedRoot.children as [Node, Node];
        expect(names(loadedA.children)).toEqual(['a1', 'a2']);
        expect(loadedB.children).toHaveLength(0);
        expect(loadedA.parent).toBe(loadedRoot);
        expect((loadedA.children[0] as Node).parent).toBe(loadedA);
        expect(selects()).toHaveLength(3);
      },
    );
  });
}
