import {
  ArgumentError,
  Column,
  type Condition,
  ForeignKey,
  Integer,
  IntegrityError,
  insert,
  not,
  String,
  Table,
  update,
} from '@athanor/core';
import {
  declarativeBase,
  inspect,
  joinedload,
  NotLoadedError,
  raiseload,
  select,
  selectinload,
  UnmappedError,
} from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/**
 * The error a relationship's configuration is refused with: when it is declared, or at its first
 * use (resolving the target, building an option, running a query), whichever comes first.
 */
async function configurationError(...steps: (() => unknown)[]): Promise<Error> {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      return error as Error;
    }
  }
  throw new Error('Expected the relationship to be refused, but every step accepted it.');
}

/** True when the SQL names the table (quoted or not). */
function mentions(sql: string, table: string): boolean {
  return new RegExp(`\\b${table}\\b`).test(sql);
}

/** The ORM's relationships: kinds, in-memory behaviour, cascades, loaders, queries. */
export function relationshipsSuite(h: Harness): void {
  describe('ORM: relationships', () => {
    const Base = declarativeBase();
    const t = {
      users: h.table('rel_users'),
      posts: h.table('rel_posts'),
      comments: h.table('rel_comments'),
      profiles: h.table('rel_profiles'),
      articles: h.table('rel_articles'),
      tags: h.table('rel_tags'),
      articleTags: h.table('rel_article_tags'),
      members: h.table('rel_members'),
      groups: h.table('rel_groups'),
      memberships: h.table('rel_memberships'),
      nodes: h.table('rel_nodes'),
      orders: h.table('rel_orders'),
      orderLines: h.table('rel_order_lines'),
      albums: h.table('rel_albums'),
      tracks: h.table('rel_tracks'),
      authors: h.table('rel_authors'),
      books: h.table('rel_books'),
      bloggers: h.table('rel_bloggers'),
      entries: h.table('rel_entries'),
    };

    // ------------------------------------------------------------ the guide's section 7

    class User extends Base.model(t.users, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare posts: Post[];
      declare profile: Profile | null;
    }

    class Post extends Base.model(t.posts, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(100), { nullable: false }),
      userId: new Column(Integer, { name: 'user_id', foreignKey: `${t.users}.id` }),
    }) {
      declare user: User | null;
      declare comments: Comment[];
      static {
        this.relationship('user', () => User, { backPopulates: 'posts' });
        this.relationship('comments', () => Comment, {
          backPopulates: 'post',
          orderBy: () => Comment.c.id,
        });
      }
    }

    // A NOT NULL foreign key and the default cascade: deleting a post with comments is refused.
    class Comment extends Base.model(t.comments, {
      id: new Column(Integer, { primaryKey: true }),
      body: new Column(String(100), { nullable: false }),
      postId: new Column(Integer, {
        name: 'post_id',
        foreignKey: `${t.posts}.id`,
        nullable: false,
      }),
    }) {
      declare post: Post | null;
      static {
        this.relationship('post', () => Post, { backPopulates: 'comments' });
      }
    }

    // One-to-one: a scalar on the one-to-many side.
    class Profile extends Base.model(t.profiles, {
      id: new Column(Integer, { primaryKey: true }),
      bio: new Column(String(100)),
      userId: new Column(Integer, { name: 'user_id', foreignKey: `${t.users}.id` }),
    }) {
      declare user: User | null;
      static {
        this.relationship('user', () => User, { backPopulates: 'profile' });
      }
    }

    // The guide's `User.posts = relationship('Post', order_by=Post.id, back_populates='user')`,
    // once both classes exist.
    User.relationship('posts', () => Post, { orderBy: Post.c.id, backPopulates: 'user' });
    User.relationship('profile', () => Profile, { uselist: false, backPopulates: 'user' });

    // ------------------------------------------------------------ many-to-many

    class Article extends Base.model(t.articles, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(100), { nullable: false }),
    }) {
      declare tags: Tag[];
      static {
        this.relationship('tags', () => Tag, {
          secondary: () => articleTags,
          backPopulates: 'articles',
          orderBy: () => Tag.c.name,
        });
      }
    }

    class Tag extends Base.model(t.tags, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(30), { nullable: false }),
    }) {
      declare articles: Article[];
      static {
        this.relationship('articles', () => Article, {
          secondary: () => articleTags,
          backPopulates: 'tags',
          orderBy: () => Article.c.id,
        });
      }
    }

    const articleTags = new Table(t.articleTags, Base.metadata, {
      articleId: new Column(Integer, {
        name: 'article_id',
        primaryKey: true,
        foreignKey: `${t.articles}.id`,
      }),
      tagId: new Column(Integer, { name: 'tag_id', primaryKey: true, foreignKey: `${t.tags}.id` }),
    });

    // ------------------------------------------------------------ association model and proxy

    class Member extends Base.model(t.members, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare memberships: Membership[];
      declare groups: Group[];
      static {
        this.relationship('memberships', () => Membership, {
          backPopulates: 'member',
          cascade: 'all, delete-orphan',
          orderBy: () => Membership.c.role,
        });
        this.associationProxy('groups', 'memberships', 'group', {
          creator: (group) => Membership.create({ group, role: 'member' }),
        });
      }
    }

    class Group extends Base.model(t.groups, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {}

    class Membership extends Base.model(t.memberships, {
      memberId: new Column(Integer, {
        name: 'member_id',
        primaryKey: true,
        foreignKey: `${t.members}.id`,
      }),
      groupId: new Column(Integer, {
        name: 'group_id',
        primaryKey: true,
        foreignKey: `${t.groups}.id`,
      }),
      role: new Column(String(20), { nullable: false }),
    }) {
      declare member: Member | null;
      declare group: Group | null;
      static {
        this.relationship('member', () => Member, { backPopulates: 'memberships' });
        this.relationship('group', () => Group);
      }
    }

    // ------------------------------------------------------------ self-referential

    class Node extends Base.model(t.nodes, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${t.nodes}.id` }),
    }) {
      declare parent: Node | null;
      declare children: Node[];
      static {
        this.relationship('children', () => Node, {
          backPopulates: 'parent',
          orderBy: () => Node.c.id,
        });
        // The many-to-one side of an adjacency list: the referred key (id) is on the remote side.
        this.relationship('parent', () => Node, {
          backPopulates: 'children',
          remoteSide: () => [Node.c.id],
        });
      }
    }

    // ------------------------------------------------------------ cascades

    class Order extends Base.model(t.orders, {
      id: new Column(Integer, { primaryKey: true }),
      ref: new Column(String(20), { nullable: false }),
    }) {
      declare lines: OrderLine[];
      static {
        this.relationship('lines', () => OrderLine, {
          backPopulates: 'order',
          cascade: 'all, delete-orphan',
          orderBy: () => OrderLine.c.id,
        });
      }
    }

    class OrderLine extends Base.model(t.orderLines, {
      id: new Column(Integer, { primaryKey: true }),
      product: new Column(String(30), { nullable: false }),
      orderId: new Column(Integer, {
        name: 'order_id',
        foreignKey: `${t.orders}.id`,
        nullable: false,
      }),
    }) {
      declare order: Order | null;
      static {
        this.relationship('order', () => Order, { backPopulates: 'lines' });
      }
    }

    class Album extends Base.model(t.albums, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
    }) {
      declare tracks: Track[];
      static {
        this.relationship('tracks', () => Track, {
          backPopulates: 'album',
          cascade: 'all, delete-orphan',
          passiveDeletes: true,
        });
      }
    }

    class Track extends Base.model(t.tracks, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
      albumId: new Column(Integer, {
        name: 'album_id',
        nullable: false,
        foreignKey: new ForeignKey(`${t.albums}.id`, { onDelete: 'CASCADE' }),
      }),
    }) {
      declare album: Album | null;
      static {
        this.relationship('album', () => Album, { backPopulates: 'tracks' });
      }
    }

    // ------------------------------------------------------------ a default loader

    class Author extends Base.model(t.authors, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare books: Book[];
      static {
        this.relationship('books', () => Book, {
          backPopulates: 'author',
          lazy: 'selectin',
          orderBy: () => Book.c.id,
        });
      }
    }

    class Book extends Base.model(t.books, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
      authorId: new Column(Integer, { name: 'author_id', foreignKey: `${t.authors}.id` }),
    }) {
      declare author: Author | null;
      static {
        this.relationship('author', () => Author, { backPopulates: 'books' });
      }
    }

    // ------------------------------------------------------------ a cycle between rows

    class Blogger extends Base.model(t.bloggers, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      favoriteEntryId: new Column(Integer, {
        name: 'favorite_entry_id',
        foreignKey: `${t.entries}.id`,
      }),
    }) {
      declare entries: Entry[];
      declare favorite: Entry | null;
      static {
        // Two paths between the tables: each relationship names the key it follows.
        this.relationship('entries', () => Entry, {
          backPopulates: 'blogger',
          foreignKeys: () => [Entry.c.bloggerId],
        });
        this.relationship('favorite', () => Entry, {
          foreignKeys: () => [Blogger.c.favoriteEntryId],
          postUpdate: true,
        });
      }
    }

    class Entry extends Base.model(t.entries, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
      bloggerId: new Column(Integer, { name: 'blogger_id', foreignKey: `${t.bloggers}.id` }),
    }) {
      declare blogger: Blogger | null;
      static {
        this.relationship('blogger', () => Blogger, {
          backPopulates: 'entries',
          foreignKeys: () => [Entry.c.bloggerId],
        });
      }
    }

    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table, or around a cycle, let go first.
        await conn.execute(update(Blogger.table).values({ favoriteEntryId: null }));
        await conn.execute(update(Node.table).values({ parentId: null }));
      },
    });
    const statements = db.statements;
    const selects = db.selects;
    const titles = (posts: readonly { title: string }[]) => posts.map((post) => post.title);
    const names = (items: readonly { name: string }[]) => items.map((item) => item.name);

    /** Alice with posts First/Second/Third, Bob with Cooking, Carol with none; committed. */
    async function seedUsers(): Promise<{ aliceId: number; bobId: number; carolId: number }> {
      await using session = db.Session({ expireOnCommit: false });
      const alice = User.create({
        name: 'Alice',
        posts: [
          Post.create({ title: 'First' }),
          Post.create({ title: 'Second' }),
          Post.create({ title: 'Third' }),
        ],
      });
      const bob = User.create({ name: 'Bob', posts: [Post.create({ title: 'Cooking' })] });
      const carol = User.create({ name: 'Carol', posts: [] });
      session.addAll([alice, bob, carol]);
      await session.commit();
      db.clearLog();
      return { aliceId: alice.id, bobId: bob.id, carolId: carol.id };
    }

    test(
      h,
      'after commit, loaded relationships stay readable; the next query that returns the object loads them again',
      async () => {
        const { aliceId } = await seedUsers();
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
      },
    );

    // ============================================================ the guide

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

    // ============================================================ kinds

    test(h, "a new object's relationships read as empty, without a query", async () => {
      const user = new User({ name: 'Fresh' });
      const post = new Post({ title: 'Fresh' });
      expect(user.posts).toHaveLength(0);
      expect(user.profile).toBeNull();
      expect(post.user).toBeNull();
      expect(post.comments).toHaveLength(0);
      expect(statements()).toEqual([]);
    });

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

    // ============================================================ in memory

    test(
      h,
      'back-population: post.user = alice joins alice.posts; alice.posts.push(post) sets post.user',
      async () => {
        const { aliceId } = await seedUsers();
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
      },
    );

    test(
      h,
      'post.user = bob while bob.posts is not loaded: a later load includes the post',
      async () => {
        const { bobId } = await seedUsers();
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
      },
    );

    test(h, 'moving posts between users updates both collections and the keys', async () => {
      const { aliceId, bobId } = await seedUsers();
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

    // ============================================================ cascades

    test(
      h,
      'save-update: adding a user adds the new objects in its collections, at every level',
      async () => {
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
      },
    );

    test(h, 'delete cascade: deleting an order deletes its lines, loaded or not', async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const loaded = Order.create({
        ref: 'loaded',
        lines: [OrderLine.create({ product: 'apple' }), OrderLine.create({ product: 'pear' })],
      });
      const unloaded = Order.create({
        ref: 'unloaded',
        lines: [OrderLine.create({ product: 'fig' })],
      });
      const kept = Order.create({ ref: 'kept', lines: [OrderLine.create({ product: 'plum' })] });
      writer.addAll([loaded, unloaded, kept]);
      await writer.commit();

      // `loaded` still has its lines in this session; the other session has never seen them.
      const [apple] = loaded.lines as [OrderLine];
      writer.delete(loaded);
      await writer.flush();
      expect(inspect(apple).status).toBe('deleted');
      await writer.commit();

      await using other = db.Session({ expireOnCommit: false });
      other.delete((await other.get(Order, unloaded.id)) as Order);
      await other.commit();
      const rows = (await other.execute(select(OrderLine.c.product, OrderLine.c.orderId))).all();
      expect(rows.map((row) => [row[0], row[1]])).toEqual([['plum', kept.id]]);
      expect(await other.query(Order).count()).toBe(1);
    });

    test(
      h,
      'delete-orphan: a line removed from its order is deleted, not left with a NULL key',
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const order = Order.create({
          ref: 'o1',
          lines: [OrderLine.create({ product: 'apple' }), OrderLine.create({ product: 'pear' })],
        });
        session.add(order);
        await session.commit();
        const [apple] = order.lines as [OrderLine, OrderLine];
        order.lines.splice(0, 1);
        expect(apple.order).toBeNull();
        db.clearLog();
        await session.flush();
        expect(inspect(apple).status).toBe('deleted');
        const writes = statements().filter((sql) => !sql.startsWith('SELECT'));
        expect(writes).toHaveLength(1);
        expect(writes[0]).toMatch(/^DELETE/);
        await session.commit();
        const rows = (
          await session.execute(select(OrderLine.c.product, OrderLine.c.orderId))
        ).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([['pear', order.id]]);
      },
    );

    test(
      h,
      'default cascade: deleting a user sets the nullable key of its posts to NULL, keeping them',
      async () => {
        const { aliceId, bobId } = await seedUsers();
        await using session = db.Session({ expireOnCommit: false });
        const alice = (await session.get(User, aliceId)) as User; // posts not loaded
        session.delete(alice);
        await session.commit();
        const rows = (
          await session.execute(select(Post.c.title, Post.c.userId).orderBy(Post.c.id))
        ).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([
          ['First', null],
          ['Second', null],
          ['Third', null],
          ['Cooking', bobId],
        ]);
        expect(names((await session.scalars(select(User).orderBy(User.c.id))).all())).toEqual([
          'Bob',
          'Carol',
        ]);
      },
    );

    test(
      h,
      'default cascade: removing a post from user.posts sets its key to NULL, keeping the row',
      async () => {
        const { aliceId } = await seedUsers();
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
      },
    );

    test(
      h,
      'passiveDeletes: deleting an album leaves its tracks to ON DELETE CASCADE, unloaded',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const album = Album.create({
          title: 'Blue',
          tracks: [Track.create({ title: 'One' }), Track.create({ title: 'Two' })],
        });
        const other = Album.create({ title: 'Red', tracks: [Track.create({ title: 'Three' })] });
        writer.addAll([album, other]);
        await writer.commit();

        await using session = db.Session({ expireOnCommit: false });
        const loaded = (await session.get(Album, album.id)) as Album;
        db.clearLog();
        session.delete(loaded);
        await session.commit();
        const touched = statements().filter((sql) => mentions(sql, t.tracks));
        expect(touched).toEqual([]); // no SELECT of the tracks, no UPDATE, no DELETE
        const rows = (await session.execute(select(Track.c.title, Track.c.albumId))).all();
        expect(rows.map((row) => [row[0], row[1]])).toEqual([['Three', other.id]]);
      },
    );

    test(h, 'merge cascades to the children of a detached object', async () => {
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

    // ============================================================ the unit of work

    test(
      h,
      'a graph of new objects is inserted in dependency order in one flush, keys propagated',
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const alice = User.create({
          name: 'Alice',
          posts: [
            Post.create({
              title: 'P1',
              comments: [Comment.create({ body: 'c1' }), Comment.create({ body: 'c2' })],
            }),
            Post.create({ title: 'P2', comments: [Comment.create({ body: 'c3' })] }),
          ],
        });
        session.add(alice);
        db.clearLog();
        await session.flush();
        const inserts = statements().filter((sql) => sql.startsWith('INSERT'));
        const firstInto = (table: string) => inserts.findIndex((sql) => mentions(sql, table));
        const lastInto = (table: string) => inserts.findLastIndex((sql) => mentions(sql, table));
        expect(firstInto(t.users)).toBeGreaterThanOrEqual(0);
        expect(lastInto(t.users)).toBeLessThan(firstInto(t.posts));
        expect(lastInto(t.posts)).toBeLessThan(firstInto(t.comments));
        if (h.dialect.capabilities.insertReturning) expect(inserts).toHaveLength(3);

        const [p1, p2] = alice.posts as [Post, Post];
        expect(alice.posts.map((post) => post.userId)).toEqual([alice.id, alice.id]);
        expect(p1.comments.map((c) => c.postId)).toEqual([p1.id, p1.id]);
        expect(p2.comments.map((c) => c.postId)).toEqual([p2.id]);
        await session.commit();

        const rows = (
          await session.execute(
            select(Comment.c.body, Post.c.title, User.c.name)
              .selectFrom(Comment)
              .join(Post, Post.c.id.eq(Comment.c.postId))
              .join(User, User.c.id.eq(Post.c.userId))
              .orderBy(Comment.c.body),
          )
        ).all();
        expect(rows.map((row) => [row[0], row[1], row[2]])).toEqual([
          ['c1', 'P1', 'Alice'],
          ['c2', 'P1', 'Alice'],
          ['c3', 'P2', 'Alice'],
        ]);
      },
    );

    test(
      h,
      "postUpdate: a blogger's favourite entry that points back is inserted and deleted",
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const bea = new Blogger({ name: 'Bea' });
        const entry = new Entry({ title: 'Favourite' });
        bea.entries.push(entry);
        bea.favorite = entry;
        session.add(bea);
        db.clearLog();
        await session.flush();
        const writes = statements().filter((sql) => !sql.startsWith('SELECT'));
        // Both rows first (the blogger without its favourite), then the UPDATE that closes the cycle.
        expect(writes.map((sql) => sql.split(' ')[0])).toEqual(['INSERT', 'INSERT', 'UPDATE']);
        expect(mentions(writes[0] as string, t.bloggers)).toBe(true);
        expect(mentions(writes[2] as string, t.bloggers)).toBe(true);
        expect(bea.favoriteEntryId).toBe(entry.id);
        expect(entry.bloggerId).toBe(bea.id);
        await session.commit();
        const bloggerRow = (
          await session.execute(select(Blogger.c.id, Blogger.c.favoriteEntryId))
        ).one();
        const entryRow = (await session.execute(select(Entry.c.id, Entry.c.bloggerId))).one();
        expect([bloggerRow[0], bloggerRow[1]]).toEqual([bea.id, entry.id]);
        expect([entryRow[0], entryRow[1]]).toEqual([entry.id, bea.id]);

        session.delete(entry);
        session.delete(bea);
        db.clearLog();
        await session.commit();
        const deletes = statements().filter((sql) => !sql.startsWith('SELECT'));
        const firstDelete = deletes.findIndex((sql) => sql.startsWith('DELETE'));
        expect(deletes.slice(0, firstDelete).some((sql) => sql.startsWith('UPDATE'))).toBe(true);
        expect(await session.query(Blogger).count()).toBe(0);
        expect(await session.query(Entry).count()).toBe(0);
      },
    );

    // ============================================================ loaders

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
      'joinedload is one LEFT OUTER JOIN statement, and returns each parent once',
      async () => {
        await seedUsers();
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
        await seedUsers();
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
      'chained selectinload(User.posts).selectinload(Post.comments) is 3 statements',
      async () => {
        const { aliceId } = await seedUsers();
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
      await seedUsers();
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
        books: [Book.create({ title: 'Earthsea' }), Book.create({ title: 'Dispossessed' })],
      });
      writer.add(author);
      await writer.commit();

      await using plain = db.Session();
      db.clearLog();
      const loaded = (await plain.scalars(select(Author))).one();
      expect(selects()).toHaveLength(2);
      expect(titles(loaded.books)).toEqual(['Earthsea', 'Dispossessed']);
      await plain.commit();

      await using legacy = db.Session();
      db.clearLog();
      const [viaQuery] = await legacy.query(Author).all();
      expect(selects()).toHaveLength(2);
      expect(titles((viaQuery as Author).books)).toEqual(['Earthsea', 'Dispossessed']);
      await legacy.commit();

      await using byKey = db.Session();
      db.clearLog();
      const got = (await byKey.get(Author, author.id)) as Author;
      expect(selects()).toHaveLength(2);
      expect(got.books).toHaveLength(2);
      await byKey.commit();

      await using raising = db.Session();
      db.clearLog();
      const raised = (
        await raising.scalars(select(Author).options(raiseload(Author.rel('books'))))
      ).one();
      expect(selects()).toHaveLength(1);
      expect(() => raised.books).toThrow(NotLoadedError);
      const [legacyRaised] = await raising
        .query(Author)
        .options(raiseload(Author.rel('books')))
        .all();
      expect(legacyRaised).toBe(raised);
      expect(selects()).toHaveLength(2);
      expect(() => raised.books).toThrow(NotLoadedError);
      // An explicit load still works.
      expect(titles(await raising.load(raised, 'books'))).toEqual(['Earthsea', 'Dispossessed']);
    });

    test(h, 'loader options in the legacy query style', async () => {
      await seedUsers();
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
      const { aliceId } = await seedUsers();
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
      await seedUsers();
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
      'many-to-one reads without a query when the target is in the session, or the key is NULL',
      async () => {
        await seedUsers();
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
      },
    );

    // ============================================================ querying

    test(h, 'join(User.rel("posts")) takes its ON clause from the keys', async () => {
      await seedUsers();
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
      await seedUsers();
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
      await seedUsers();
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

    // ============================================================ bad input

    test(h, 'a relationship to an unmapped class is refused, naming it', async () => {
      const Bad = declarativeBase();
      class Plain {
        id = 1;
      }
      class Owner extends Bad.model(h.table('rel_bad_owners'), {
        id: new Column(Integer, { primaryKey: true }),
      }) {
        declare things: Plain[];
      }
      await using session = db.Session();
      const error = await configurationError(
        () => Owner.relationship('things' as never, () => Plain as never),
        () => Bad.configure(),
        () => Owner.rel('things' as never),
        () => session.scalars(select(Owner).options(selectinload(Owner.rel('things' as never)))),
      );
      expect(error).toBeInstanceOf(UnmappedError);
      expect(error.message).toContain('Plain');
      expect(error.message).toContain('things');
    });

    test(
      h,
      'two foreign keys to one table without foreignKeys: an ArgumentError naming both',
      async () => {
        const Ambiguous = declarativeBase();
        const writers = h.table('rel_amb_writers');
        class Writer extends Ambiguous.model(writers, {
          id: new Column(Integer, { primaryKey: true }),
        }) {}
        class Piece extends Ambiguous.model(h.table('rel_amb_pieces'), {
          id: new Column(Integer, { primaryKey: true }),
          authorId: new Column(Integer, { foreignKey: `${writers}.id` }),
          editorId: new Column(Integer, { foreignKey: `${writers}.id` }),
        }) {
          declare author: Writer | null;
        }
        await using session = db.Session();
        const error = await configurationError(
          () => Piece.relationship('author', () => Writer),
          () => Ambiguous.configure(),
          () => Piece.rel('author'),
          () => session.scalars(select(Piece).options(selectinload(Piece.rel('author')))),
        );
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error.message).toContain('authorId');
        expect(error.message).toContain('editorId');
        expect(error.message).toContain('foreignKeys');
      },
    );

    test(h, 'foreignKeys picks the path when there are two', async () => {
      const Fixed = declarativeBase();
      const writers = h.table('rel_fk_writers');
      class Writer extends Fixed.model(writers, {
        id: new Column(Integer, { primaryKey: true }),
        name: new Column(String(50), { nullable: false }),
      }) {
        declare authored: Piece[];
      }
      class Piece extends Fixed.model(h.table('rel_fk_pieces'), {
        id: new Column(Integer, { primaryKey: true }),
        authorId: new Column(Integer, { name: 'author_id', foreignKey: `${writers}.id` }),
        editorId: new Column(Integer, { name: 'editor_id', foreignKey: `${writers}.id` }),
      }) {
        declare author: Writer | null;
        declare editor: Writer | null;
        static {
          this.relationship('author', () => Writer, {
            foreignKeys: () => [Piece.c.authorId],
            backPopulates: 'authored',
          });
          this.relationship('editor', () => Writer, { foreignKeys: () => [Piece.c.editorId] });
        }
      }
      Writer.relationship('authored', () => Piece, {
        foreignKeys: () => [Piece.c.authorId],
        backPopulates: 'author',
      });
      await Fixed.metadata.createAll(db.engine);
      try {
        await using session = db.Session({ expireOnCommit: false });
        const ann = new Writer({ name: 'Ann' });
        const ed = new Writer({ name: 'Ed' });
        const piece = new Piece();
        piece.author = ann;
        piece.editor = ed;
        expect(ann.authored).toContain(piece);
        session.add(piece);
        await session.commit();
        const row = (await session.execute(select(Piece.c.authorId, Piece.c.editorId))).one();
        expect([row[0], row[1]]).toEqual([ann.id, ed.id]);
        await session.commit();

        await using reader = db.Session();
        const writersLoaded = (
          await reader.scalars(
            select(Writer)
              .options(selectinload(Writer.rel('authored')))
              .orderBy(Writer.c.name),
          )
        ).all();
        expect(writersLoaded.map((writer) => writer.authored.length)).toEqual([1, 0]);
        await reader.commit();
      } finally {
        await Fixed.metadata.dropAll(db.engine);
      }
    });

    test(h, 'backPopulates naming a missing attribute is refused, naming it', async () => {
      const Bad = declarativeBase();
      const owners = h.table('rel_bp_owners');
      class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
        declare pets: Pet[];
      }
      class Pet extends Bad.model(h.table('rel_bp_pets'), {
        id: new Column(Integer, { primaryKey: true }),
        ownerId: new Column(Integer, { foreignKey: `${owners}.id` }),
      }) {
        declare owner: Owner | null;
      }
      await using session = db.Session();
      const error = await configurationError(
        () => {
          Owner.relationship('pets', () => Pet, { backPopulates: 'keeper' as never });
          Pet.relationship('owner', () => Owner, { backPopulates: 'pets' });
        },
        () => Bad.configure(),
        () => Owner.rel('pets'),
        () => Owner.create({ pets: [new Pet()] }),
        () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toContain('keeper');
      expect(error.message).toContain('Pet');
    });

    test(h, 'backPopulates naming a relationship that does not point back is refused', async () => {
      const Bad = declarativeBase();
      const owners = h.table('rel_bp2_owners');
      const vets = h.table('rel_bp2_vets');
      class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
        declare pets: Pet[];
      }
      class Vet extends Bad.model(vets, { id: new Column(Integer, { primaryKey: true }) }) {}
      class Pet extends Bad.model(h.table('rel_bp2_pets'), {
        id: new Column(Integer, { primaryKey: true }),
        ownerId: new Column(Integer, { foreignKey: `${owners}.id` }),
        vetId: new Column(Integer, { foreignKey: `${vets}.id` }),
      }) {
        declare owner: Owner | null;
        declare vet: Vet | null;
      }
      await using session = db.Session();
      const error = await configurationError(
        () => {
          // Pet.vet is a relationship to Vet, not to Owner.
          Owner.relationship('pets', () => Pet, { backPopulates: 'vet' as never });
          Pet.relationship('owner', () => Owner);
          Pet.relationship('vet', () => Vet);
        },
        () => Bad.configure(),
        () => Owner.rel('pets'),
        () => Owner.create({ pets: [new Pet()] }),
        () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect(error.message).toContain('vet');
      expect(error.message).toContain('Owner');
    });

    test(
      h,
      'reading an unloaded relationship throws NotLoadedError saying how to load it',
      async () => {
        await seedUsers();
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
      },
    );

    test(
      h,
      'deleting a parent whose NOT NULL children have no delete cascade: IntegrityError, then usable',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const post = Post.create({
          title: 'Discussed',
          comments: [Comment.create({ body: 'a' }), Comment.create({ body: 'b' })],
        });
        writer.add(post);
        await writer.commit();

        const session = db.Session();
        try {
          const loaded = (await session.get(Post, post.id)) as Post;
          session.delete(loaded);
          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          await session.rollback();
          expect(inspect(loaded).status).toBe('persistent');
          expect(await session.query(Post).count()).toBe(1);
          const rows = (await session.execute(select(Comment.c.postId))).all();
          expect(rows.map((row) => row[0])).toEqual([post.id, post.id]);
        } finally {
          await session.close();
        }
      },
    );
  });
}
