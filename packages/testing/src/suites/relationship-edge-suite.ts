import {
  ArgumentError,
  Column,
  type Condition,
  Integer,
  IntegrityError,
  InvalidRequestError,
  insert,
  String,
  update,
} from '@athanor/core';
import {
  declarativeBase,
  inspect,
  joinedload,
  NotLoadedError,
  type Session,
  select,
  selectinload,
} from '@athanor/orm';
import { describe, expect } from 'vitest';
import { errorFrom, type Harness, conformanceTest as test } from '../harness.js';
import { useOrmDatabase } from '../orm-database.js';

/**
 * The error a relationship's configuration is refused with: when it is declared, or at its first
 * use, whichever comes first.
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

/** How many times the SQL names the table (quoted or not). */
function mentionsOf(sql: string, table: string): number {
  return sql.match(new RegExp(`\\b${table}\\b`, 'g'))?.length ?? 0;
}

/**
 * Edge cases of relationships, one test (or more) per finding of the review fixed in 8b8dfb4:
 * joined loading under LIMIT, cascades against moved objects, one-to-one hand-overs,
 * collections changed by index, NULL-aware ne(), self-referential criteria and deletes, flush
 * order between tables that refer to each other, lazy joined cycles, expired keys, orphans by
 * many-to-one, expunge cascade, viewonly, association proxy removals, failed flushes.
 */
export function relationshipEdgeSuite(h: Harness): void {
  describe('ORM: relationship edge cases', () => {
    const Base = declarativeBase();
    const t = {
      users: h.table('edge_users'),
      posts: h.table('edge_posts'),
      profiles: h.table('edge_profiles'),
      nodes: h.table('edge_nodes'),
      categories: h.table('edge_categories'),
      writers: h.table('edge_writers'),
      notes: h.table('edge_notes'),
      jUsers: h.table('edge_j_users'),
      jPosts: h.table('edge_j_posts'),
      jNodes: h.table('edge_j_nodes'),
      teams: h.table('edge_teams'),
      players: h.table('edge_players'),
      orders: h.table('edge_orders'),
      lines: h.table('edge_lines'),
      members: h.table('edge_members'),
      groups: h.table('edge_groups'),
      memberships: h.table('edge_memberships'),
    };

    // ------------------------------------------------------------ users, posts, profiles

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
      static {
        this.relationship('user', () => User, { backPopulates: 'posts' });
      }
    }

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

    User.relationship('posts', () => Post, {
      backPopulates: 'user',
      cascade: 'all',
      orderBy: () => Post.c.id,
    });
    User.relationship('profile', () => Profile, { uselist: false, backPopulates: 'user' });

    // ------------------------------------------------------------ self-referential

    /** A tree whose children go with their parent (cascade all, delete-orphan). */
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
          cascade: 'all, delete-orphan',
          orderBy: () => Node.c.id,
        });
        this.relationship('parent', () => Node, {
          backPopulates: 'children',
          remoteSide: () => [Node.c.id],
        });
      }
    }

    /** A tree with the default cascade. */
    class Category extends Base.model(t.categories, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${t.categories}.id` }),
    }) {
      declare parent: Category | null;
      declare children: Category[];
      static {
        this.relationship('children', () => Category, {
          backPopulates: 'parent',
          orderBy: () => Category.c.id,
        });
        this.relationship('parent', () => Category, {
          backPopulates: 'children',
          remoteSide: () => [Category.c.id],
        });
      }
    }

    // ------------------------------------------------------------ tables referring to each other

    class Writer extends Base.model(t.writers, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      favoriteNoteId: new Column(Integer, {
        name: 'favorite_note_id',
        foreignKey: `${t.notes}.id`,
      }),
    }) {
      declare notes: Note[];
      declare favorite: Note | null;
      static {
        this.relationship('notes', () => Note, {
          backPopulates: 'writer',
          foreignKeys: () => [Note.c.writerId],
          orderBy: () => Note.c.id,
        });
        // No postUpdate: a new writer with new notes and no favourite has no cycle between rows.
        this.relationship('favorite', () => Note, {
          foreignKeys: () => [Writer.c.favoriteNoteId],
        });
      }
    }

    class Note extends Base.model(t.notes, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
      writerId: new Column(Integer, { name: 'writer_id', foreignKey: `${t.writers}.id` }),
    }) {
      declare writer: Writer | null;
      static {
        this.relationship('writer', () => Writer, {
          backPopulates: 'notes',
          foreignKeys: () => [Note.c.writerId],
        });
      }
    }

    // ------------------------------------------------------------ lazy 'joined' in circles

    class JUser extends Base.model(t.jUsers, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare posts: JPost[];
    }

    class JPost extends Base.model(t.jPosts, {
      id: new Column(Integer, { primaryKey: true }),
      title: new Column(String(50), { nullable: false }),
      userId: new Column(Integer, { name: 'user_id', foreignKey: `${t.jUsers}.id` }),
    }) {
      declare user: JUser | null;
      static {
        this.relationship('user', () => JUser, { backPopulates: 'posts', lazy: 'joined' });
      }
    }

    JUser.relationship('posts', () => JPost, {
      backPopulates: 'user',
      lazy: 'joined',
      orderBy: () => JPost.c.id,
    });

    class JNode extends Base.model(t.jNodes, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      parentId: new Column(Integer, { name: 'parent_id', foreignKey: `${t.jNodes}.id` }),
    }) {
      declare parent: JNode | null;
      declare children: JNode[];
      static {
        this.relationship('children', () => JNode, {
          backPopulates: 'parent',
          lazy: 'joined',
          orderBy: () => JNode.c.id,
        });
        this.relationship('parent', () => JNode, {
          backPopulates: 'children',
          remoteSide: () => [JNode.c.id],
        });
      }
    }

    // ------------------------------------------------------------ cascade along a many-to-one; viewonly

    class Team extends Base.model(t.teams, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
    }) {
      declare players: Player[];
      declare roster: Player[];
    }

    class Player extends Base.model(t.players, {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(String(50), { nullable: false }),
      teamId: new Column(Integer, { name: 'team_id', foreignKey: `${t.teams}.id` }),
    }) {
      declare team: Team | null;
      static {
        this.relationship('team', () => Team, { backPopulates: 'players', cascade: 'all' });
      }
    }

    Team.relationship('players', () => Player, {
      backPopulates: 'team',
      orderBy: () => Player.c.id,
    });
    Team.relationship('roster', () => Player, { viewonly: true, orderBy: () => Player.c.id });

    // ------------------------------------------------------------ delete-orphan

    class Order extends Base.model(t.orders, {
      id: new Column(Integer, { primaryKey: true }),
      ref: new Column(String(20), { nullable: false }),
    }) {
      declare lines: Line[];
      static {
        this.relationship('lines', () => Line, {
          backPopulates: 'order',
          cascade: 'all, delete-orphan',
          orderBy: () => Line.c.id,
        });
      }
    }

    class Line extends Base.model(t.lines, {
      id: new Column(Integer, { primaryKey: true }),
      product: new Column(String(30), { nullable: false }),
      // Nullable, so an orphan left behind shows as a row with a NULL key.
      orderId: new Column(Integer, { name: 'order_id', foreignKey: `${t.orders}.id` }),
    }) {
      declare order: Order | null;
      static {
        this.relationship('order', () => Order, { backPopulates: 'lines' });
      }
    }

    // ------------------------------------------------------------ association proxy

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
          orderBy: () => Membership.c.groupId,
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

    const db = useOrmDatabase(h, Base.metadata, {
      beforeEmpty: async (conn) => {
        // Rows that refer to rows of their own table, or around a cycle, let go first.
        await conn.execute(update(Writer.table).values({ favoriteNoteId: null }));
        await conn.execute(update(Node.table).values({ parentId: null }));
        await conn.execute(update(Category.table).values({ parentId: null }));
        await conn.execute(update(JNode.table).values({ parentId: null }));
      },
    });
    const statements = db.statements;
    const selects = db.selects;
    const titles = (items: readonly { title: string }[]) => items.map((item) => item.title);
    const names = (items: readonly { name: string }[]) => items.map((item) => item.name);
    /** The rows a statement returns, as plain arrays, read in the session's transaction. */
    const rowsOf = async (session: Session, statement: Parameters<Session['execute']>[0]) =>
      (await session.execute(statement)).all().map((row) => [...row]);

    // Keys given explicitly, far above what the databases' sequences reach in this suite.
    const ALICE = 1001;
    const BOB = 1002;
    const CAROL = 1003;

    /**
     * Alice (profile 'zz') with posts First 2001, Second 2003, Third 2005; Bob (profile 'aa')
     * with Cooking 2002, Baking 2004; Carol (profile 'mm') with none. Written with Core.
     */
    async function seedUsers(): Promise<void> {
      await db.engine.execute(insert(User), [
        { id: ALICE, name: 'Alice' },
        { id: BOB, name: 'Bob' },
        { id: CAROL, name: 'Carol' },
      ]);
      await db.engine.execute(insert(Post), [
        { id: 2001, title: 'First', userId: ALICE },
        { id: 2002, title: 'Cooking', userId: BOB },
        { id: 2003, title: 'Second', userId: ALICE },
        { id: 2004, title: 'Baking', userId: BOB },
        { id: 2005, title: 'Third', userId: ALICE },
      ]);
      await db.engine.execute(insert(Profile), [
        { id: 3001, bio: 'zz', userId: ALICE },
        { id: 3002, bio: 'aa', userId: BOB },
        { id: 3003, bio: 'mm', userId: CAROL },
      ]);
      db.clearLog();
    }

    const postRows = (session: Session) =>
      rowsOf(session, select(Post.c.id, Post.c.title, Post.c.userId).orderBy(Post.c.id));
    const profileRows = (session: Session) =>
      rowsOf(session, select(Profile.c.id, Profile.c.userId).orderBy(Profile.c.id));

    // ============================================================ 1, 2: joined loading under LIMIT

    test(
      h,
      'joinedload on select(User, Post) with ORDER BY and LIMIT: the same rows, each entity keyed right',
      async () => {
        await seedUsers();
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
        await seedUsers();
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
        expect(mentionsOf(outside, t.profiles)).toBe(0);
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

    // ============================================================ 3: cascade delete, a child moved

    test(
      h,
      "cascade 'all', collection not loaded: a post given another user survives its old user's delete",
      async () => {
        await seedUsers();
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
      },
    );

    // ============================================================ 4, 5: one-to-one

    test(
      h,
      'one-to-one changing hands: the previous holder lets go in memory, and the keys follow',
      async () => {
        await seedUsers();
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
      },
    );

    test(
      h,
      'replacing a one-to-one that is not loaded throws NotLoadedError; once loaded, the old one is let go',
      async () => {
        await seedUsers();
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
      },
    );

    // ============================================================ 6: collections changed by index or length

    test(
      h,
      'a loaded collection changed by index or by length is written at the next flush',
      async () => {
        await seedUsers();
        await using session = db.Session({ expireOnCommit: false });
        const alice = (
          await session.scalars(
            select(User)
              .where(User.c.id.eq(ALICE))
              .options(selectinload(User.rel('posts'))),
          )
        ).one();
        expect(titles(alice.posts)).toEqual(['First', 'Second', 'Third']);

        const replacement = new Post({ id: 2006, title: 'Replacement' });
        alice.posts[0] = replacement;
        await session.flush();
        expect(inspect(replacement).status).toBe('persistent');
        expect(replacement.userId).toBe(ALICE);
        expect(await postRows(session)).toEqual([
          [2001, 'First', null],
          [2002, 'Cooking', BOB],
          [2003, 'Second', ALICE],
          [2004, 'Baking', BOB],
          [2005, 'Third', ALICE],
          [2006, 'Replacement', ALICE],
        ]);

        // An existing post of Bob's put in by index moves to Alice.
        const cooking = (await session.get(Post, 2002)) as Post;
        alice.posts[alice.posts.length] = cooking;
        await session.flush();
        expect(await rowsOf(session, select(Post.c.userId).where(Post.c.id.eq(2002)))).toEqual([
          [ALICE],
        ]);

        alice.posts.length = 0;
        await session.commit();
        expect(await postRows(session)).toEqual([
          [2001, 'First', null],
          [2002, 'Cooking', null],
          [2003, 'Second', null],
          [2004, 'Baking', BOB],
          [2005, 'Third', null],
          [2006, 'Replacement', null],
        ]);
      },
    );

    // ============================================================ 7, 8: querying

    test(h, "Post.rel('user').ne(alice) includes posts with no user", async () => {
      await seedUsers();
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

    // ============================================================ 9, 10: session API

    test(
      h,
      'session.delete() of a pending object throws, pointing to expunge(); expunge() drops it',
      async () => {
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
      },
    );

    test(
      h,
      'autoflush off: loading a relationship whose key is expired keeps unflushed changes',
      async () => {
        await seedUsers();
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
      },
    );

    // ============================================================ 11: self-referential deletes

    test(
      h,
      "cascade 'all, delete-orphan' on children: deleting the root deletes a 3-level tree",
      async () => {
        const build = () =>
          Node.create({
            name: 'root',
            children: [
              Node.create({
                name: 'a',
                children: [Node.create({ name: 'a1' }), Node.create({ name: 'a2' })],
              }),
              Node.create({ name: 'b', children: [Node.create({ name: 'b1' })] }),
            ],
          });
        await using writer = db.Session({ expireOnCommit: false });
        const root = build();
        writer.addAll([
          root,
          Node.create({ name: 'other', children: [Node.create({ name: 'o1' })] }),
        ]);
        await writer.commit();

        // Nothing loaded: the cascade loads each level.
        await using session = db.Session();
        session.delete((await session.get(Node, root.id)) as Node);
        await session.commit();
        expect(await rowsOf(session, select(Node.c.name).orderBy(Node.c.name))).toEqual([
          ['o1'],
          ['other'],
        ]);
        await session.commit();

        // The whole tree loaded.
        await using again = db.Session();
        again.add(build());
        await again.commit();
        const loaded = (
          await again.scalars(
            select(Node)
              .where(Node.c.name.eq('root'))
              .options(selectinload(Node.rel('children')).selectinload(Node.rel('children'))),
          )
        ).one();
        expect(names(loaded.children)).toEqual(['a', 'b']);
        again.delete(loaded);
        await again.commit();
        expect(await rowsOf(again, select(Node.c.name).orderBy(Node.c.name))).toEqual([
          ['o1'],
          ['other'],
        ]);
      },
    );

    test(h, 'no cascade: delete(parent) then delete(child) deletes the child first', async () => {
      await using writer = db.Session({ expireOnCommit: false });
      const top = Category.create({
        name: 'top',
        children: [Category.create({ name: 'mid', children: [Category.create({ name: 'leaf' })] })],
      });
      const pair = Category.create({
        name: 'parent',
        children: [Category.create({ name: 'child' })],
      });
      writer.addAll([top, pair]);
      await writer.commit();

      await using session = db.Session();
      const parent = (await session.get(Category, pair.id)) as Category;
      const child = (await session.get(Category, (pair.children[0] as Category).id)) as Category;
      session.delete(parent);
      session.delete(child);
      await session.commit();
      expect(await rowsOf(session, select(Category.c.name).orderBy(Category.c.name))).toEqual([
        ['leaf'],
        ['mid'],
        ['top'],
      ]);
      await session.commit();

      // Three levels, deleted top down.
      const mid = top.children[0] as Category;
      const leaf = mid.children[0] as Category;
      await using three = db.Session();
      for (const id of [top.id, mid.id, leaf.id]) {
        three.delete((await three.get(Category, id)) as Category);
      }
      await three.commit();
      expect(await rowsOf(three, select(Category.c.name))).toEqual([]);
    });

    // ============================================================ 12: tables referring to each other

    test(
      h,
      'two tables with keys to each other, no postUpdate: a writer with new notes is one flush, in any add order',
      async () => {
        await using session = db.Session({ expireOnCommit: false });
        const check = async (writer: Writer, notes: Note[]) => {
          for (const note of notes) expect(note.writerId).toBe(writer.id);
          const noteRows = await rowsOf(
            session,
            select(Note.c.title, Note.c.writerId)
              .where(Note.c.id.in(notes.map((note) => note.id)))
              .orderBy(Note.c.title),
          );
          expect(noteRows).toEqual(
            notes
              .map((note) => [note.title, writer.id])
              .sort((a, b) => (a[0] as string).localeCompare(b[0] as string)),
          );
          expect(
            await rowsOf(session, select(Writer.c.favoriteNoteId).where(Writer.c.id.eq(writer.id))),
          ).toEqual([[null]]);
        };

        // The writer added, its notes by cascade.
        const ann = new Writer({ name: 'Ann' });
        const a1 = new Note({ title: 'a1' });
        const a2 = new Note({ title: 'a2' });
        ann.notes.push(a1, a2);
        session.add(ann);
        db.clearLog();
        await session.flush();
        const inserts = statements().filter((sql) => sql.startsWith('INSERT'));
        const firstInto = (table: string) => inserts.findIndex((sql) => mentionsOf(sql, table) > 0);
        expect(firstInto(t.writers)).toBeGreaterThanOrEqual(0);
        expect(firstInto(t.writers)).toBeLessThan(firstInto(t.notes));
        await check(ann, [a1, a2]);

        // The notes added before the writer.
        const bea = new Writer({ name: 'Bea' });
        const b1 = new Note({ title: 'b1' });
        b1.writer = bea;
        session.addAll([b1, bea]);
        await session.flush();
        await check(bea, [b1]);

        // Only the note added: the writer comes by the many-to-one's cascade.
        const cy = new Writer({ name: 'Cy' });
        const c1 = new Note({ title: 'c1' });
        c1.writer = cy;
        session.add(c1);
        await session.flush();
        await check(cy, [c1]);

        // A new note of an existing writer, and a new writer, in one flush.
        const a3 = new Note({ title: 'a3' });
        a3.writer = ann;
        const dee = new Writer({ name: 'Dee' });
        session.addAll([a3, dee]);
        await session.commit();
        await check(ann, [a1, a2, a3]);
        expect(await rowsOf(session, select(Writer.c.name).orderBy(Writer.c.name))).toEqual([
          ['Ann'],
          ['Bea'],
          ['Cy'],
          ['Dee'],
        ]);
      },
    );

    // ============================================================ 13: lazy 'joined' cycles

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

    // ============================================================ 14, 15: after a commit

    test(
      h,
      "after commit (expired), deleting a player whose team has cascade 'all' deletes both",
      async () => {
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
      },
    );

    test(
      h,
      'after commit, selectinload(Post.user) gives readable users; session.load of 5 posts is at most 2 statements',
      async () => {
        await seedUsers();
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

    // ============================================================ 16: orphan by many-to-one

    test(
      h,
      "line.order = null under 'delete-orphan' with order.lines not loaded deletes the line",
      async () => {
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
      },
    );

    // ============================================================ 17: pending many-to-one by key

    test(
      h,
      'a pending post given a userId reads its user from the identity map; an unknown one reads null but keeps its key',
      async () => {
        await seedUsers();
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
      },
    );

    // ============================================================ 18: expunge cascade

    test(h, "expunge(user) with cascade 'all' on posts expunges its loaded posts", async () => {
      await seedUsers();
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

    // ============================================================ 19: viewonly

    test(
      h,
      'pushing to a viewonly collection throws ArgumentError; nothing is inserted',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        const team = Team.create({ name: 'Blues', players: [Player.create({ name: 'Ann' })] });
        writer.add(team);
        await writer.commit();

        await using session = db.Session({ expireOnCommit: false });
        const loaded = (await session.get(Team, team.id)) as Team;
        const roster = await session.load(loaded, 'roster');
        expect(names(roster)).toEqual(['Ann']);
        const extra = new Player({ name: 'Extra' });
        for (const change of [
          () => loaded.roster.push(extra),
          () => loaded.roster.unshift(extra),
          () => loaded.roster.splice(0, 0, extra),
        ]) {
          let error: Error | undefined;
          try {
            change();
          } catch (caught) {
            error = caught as Error;
          }
          expect(error).toBeInstanceOf(ArgumentError);
          expect(error?.message).toMatch(/viewonly/);
        }
        expect(names(loaded.roster)).toEqual(['Ann']);
        expect(inspect(extra).status).toBe('transient');
        expect(extra.team).toBeNull();
        await session.commit();
        expect(await rowsOf(session, select(Player.c.name))).toEqual([['Ann']]);
      },
    );

    // ============================================================ 20: association proxy removals

    test(
      h,
      'association proxy pop(), shift() and splice() remove the association objects and rows',
      async () => {
        const groupIds = [4001, 4002, 4003, 4004, 4005];
        await using writer = db.Session({ expireOnCommit: false });
        const ann = new Member({ id: 6001, name: 'Ann' });
        for (const id of groupIds) ann.groups.push(new Group({ id, name: `g${id - 4000}` }));
        writer.add(ann);
        await writer.commit();
        expect(
          await rowsOf(writer, select(Membership.c.groupId).orderBy(Membership.c.groupId)),
        ).toEqual(groupIds.map((id) => [id]));
        await writer.commit();

        await using session = db.Session({ expireOnCommit: false });
        const member = (
          await session.scalars(
            select(Member).options(
              selectinload(Member.rel('memberships')).selectinload(Membership.rel('group')),
            ),
          )
        ).one();
        expect(names(member.groups)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
        const [m1, m2, , , m5] = member.memberships as Membership[];

        expect(member.groups.pop()?.name).toBe('g5');
        expect(names(member.groups)).toEqual(['g1', 'g2', 'g3', 'g4']);
        expect(member.memberships).toHaveLength(4);
        expect(m5?.member).toBeNull();

        expect(member.groups.shift()?.name).toBe('g1');
        expect(names(member.groups)).toEqual(['g2', 'g3', 'g4']);
        expect(m1?.member).toBeNull();

        expect(names(member.groups.splice(0, 1))).toEqual(['g2']);
        expect(names(member.groups)).toEqual(['g3', 'g4']);
        expect(member.memberships).toHaveLength(2);
        expect(m2?.member).toBeNull();

        await session.commit();
        for (const gone of [m1, m2, m5])
          expect(inspect(gone as Membership).status).toBe('detached');
        expect(
          await rowsOf(session, select(Membership.c.groupId).orderBy(Membership.c.groupId)),
        ).toEqual([[4003], [4004]]);
        // The groups themselves stay.
        expect(await rowsOf(session, select(Group.c.id).orderBy(Group.c.id))).toEqual(
          groupIds.map((id) => [id]),
        );
      },
    );

    // ============================================================ 21: RelatedList semantics

    test(
      h,
      'RelatedList.splice(0, undefined, x) inserts x and removes nothing, as arrays do',
      async () => {
        const user = new User({ name: 'Ula' });
        const a = new Post({ title: 'a' });
        const b = new Post({ title: 'b' });
        user.posts.push(a, b);

        const x = new Post({ title: 'x' });
        // A count that is undefined at run time (an optional argument passed on, plain JS).
        const count = undefined as unknown as number;
        const plain = ['a', 'b'];
        expect(plain.splice(0, count, 'x')).toEqual([]);
        expect(plain).toEqual(['x', 'a', 'b']);

        const removed = user.posts.splice(0, count, x);
        expect(removed).toEqual([]);
        expect(titles(user.posts)).toEqual(['x', 'a', 'b']);
        expect(x.user).toBe(user);
        expect(a.user).toBe(user);
        expect(b.user).toBe(user);

        await using session = db.Session({ expireOnCommit: false });
        session.add(user);
        await session.commit();
        expect(
          await rowsOf(session, select(Post.c.title, Post.c.userId).orderBy(Post.c.title)),
        ).toEqual([
          ['a', user.id],
          ['b', user.id],
          ['x', user.id],
        ]);
      },
    );

    test(
      h,
      'pop() or shift() of a member that is in the collection twice keeps its back-reference',
      async () => {
        const user = new User({ name: 'Ula' });
        const a = new Post({ title: 'a' });
        const b = new Post({ title: 'b' });
        user.posts.push(a, b);

        // A duplicate taken off the end is still in the collection: its user stays.
        user.posts.push(a);
        expect(user.posts.pop()).toBe(a);
        expect(a.user).toBe(user);
        user.posts.unshift(b);
        expect(user.posts.shift()).toBe(b);
        expect(b.user).toBe(user);
        expect(titles(user.posts)).toEqual(['a', 'b']);

        await using session = db.Session({ expireOnCommit: false });
        session.add(user);
        await session.commit();

        // The same on a persistent collection: the flush keeps the keys.
        user.posts.push(a);
        user.posts.pop();
        expect(a.user).toBe(user);
        await session.commit();
        expect(
          await rowsOf(session, select(Post.c.title, Post.c.userId).orderBy(Post.c.title)),
        ).toEqual([
          ['a', user.id],
          ['b', user.id],
        ]);
      },
    );

    // ============================================================ 22: a failed flush

    test(
      h,
      'a failed flush after a delete cascade takes the cascade back; after rollback the session works',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        writer.addAll([
          Order.create({
            id: 5001,
            ref: 'o1',
            lines: [Line.create({ product: 'apple' }), Line.create({ product: 'pear' })],
          }),
          Order.create({ id: 5002, ref: 'o2', lines: [Line.create({ product: 'fig' })] }),
        ]);
        await writer.commit();

        const session = db.Session();
        try {
          const order = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5001))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          const [apple, pear] = order.lines as [Line, Line];
          const kiwi = new Line({ product: 'kiwi' });
          order.lines.push(kiwi); // pending, by cascade
          session.delete(order);
          // Another row that fails: the key of an existing order.
          const duplicate = new Order({ id: 5002, ref: 'dup' });
          session.add(duplicate);
          const newBefore = new Set(session.new);
          expect(newBefore).toEqual(new Set([kiwi, duplicate]));
          expect(session.deleted).toEqual([order]);

          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          // The lines the cascade marked are not left marked; the pending one is pending again.
          expect(session.deleted).toHaveLength(1);
          expect(session.deleted[0]).toBe(order);
          expect(session.deleted).not.toContain(apple);
          expect(session.deleted).not.toContain(pear);
          expect(inspect(apple).status).toBe('persistent');
          expect(inspect(kiwi).status).toBe('pending');
          expect(new Set(session.new)).toEqual(newBefore);

          await session.rollback();
          expect(session.deleted).toEqual([]);
          const again = (await session.get(Order, 5001)) as Order;
          session.delete(again);
          await session.commit();
          expect(await rowsOf(session, select(Line.c.product).orderBy(Line.c.product))).toEqual([
            ['fig'],
          ]);
          expect(await rowsOf(session, select(Order.c.ref))).toEqual([['o2']]);
          await session.commit();
        } finally {
          await session.close();
        }
      },
    );

    test(
      h,
      'a failed flush after a delete-orphan takes the orphan back; after rollback the session works',
      async () => {
        await using writer = db.Session({ expireOnCommit: false });
        writer.addAll([
          Order.create({ id: 5001, ref: 'o1' }),
          Order.create({ id: 5002, ref: 'o2', lines: [Line.create({ product: 'fig' })] }),
        ]);
        await writer.commit();

        const session = db.Session();
        try {
          const order = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5002))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          const fig = order.lines[0] as Line;
          order.lines.splice(0, 1);
          session.add(new Order({ id: 5001, ref: 'dup' }));
          expect(session.deleted).toEqual([]);

          const error = await errorFrom(session.flush());
          expect(error).toBeInstanceOf(IntegrityError);
          expect(session.deleted).toEqual([]);
          expect(inspect(fig).status).toBe('persistent');

          await session.rollback();
          expect(await rowsOf(session, select(Line.c.product, Line.c.orderId))).toEqual([
            ['fig', 5002],
          ]);
          // Usable: the orphan is deleted by a flush that succeeds.
          const reloaded = (
            await session.scalars(
              select(Order)
                .where(Order.c.id.eq(5002))
                .options(selectinload(Order.rel('lines'))),
            )
          ).one();
          reloaded.lines.splice(0, 1);
          await session.commit();
          expect(await rowsOf(session, select(Line.c.id))).toEqual([]);
          await session.commit();
        } finally {
          await session.close();
        }
      },
    );

    // ============================================================ 23: refused configurations and members

    test(
      h,
      'backref naming a relationship the target already maps (without backPopulates) is an ArgumentError',
      async () => {
        const Bad = declarativeBase();
        const owners = h.table('edge_bc_owners');
        class Owner extends Bad.model(owners, { id: new Column(Integer, { primaryKey: true }) }) {
          declare pets: Pet[];
        }
        class Pet extends Bad.model(h.table('edge_bc_pets'), {
          id: new Column(Integer, { primaryKey: true }),
          ownerId: new Column(Integer, { name: 'owner_id', foreignKey: `${owners}.id` }),
        }) {
          declare owner: Owner | null;
        }
        await using session = db.Session();
        const error = await configurationError(
          () => {
            Pet.relationship('owner', () => Owner, { backref: 'pets' });
            Owner.relationship('pets', () => Pet);
          },
          () => Bad.configure(),
          () => Owner.rel('pets'),
          () => Owner.create({ pets: [new Pet()] }),
          () => session.scalars(select(Owner).options(selectinload(Owner.rel('pets')))),
        );
        expect(error).toBeInstanceOf(ArgumentError);
        expect(error.message).toContain('pets');
        expect(error.message).toMatch(/backPopulates/);
      },
    );

    test(h, 'pushing a deleted object into a collection throws', async () => {
      await seedUsers();
      await using session = db.Session({ expireOnCommit: false });
      const [alice, bob] = (
        await session.scalars(
          select(User)
            .where(User.c.id.in([ALICE, BOB]))
            .options(selectinload(User.rel('posts')))
            .orderBy(User.c.id),
        )
      ).all() as [User, User];
      const first = alice.posts[0] as Post;
      session.delete(first);
      await session.flush();
      expect(inspect(first).status).toBe('deleted');
      expect(() => bob.posts.push(first)).toThrow(InvalidRequestError);
      expect(titles(bob.posts)).toEqual(['Cooking', 'Baking']);

      // Marked for deletion, not yet flushed: refused too.
      const second = alice.posts.find((post) => post.title === 'Second') as Post;
      session.delete(second);
      expect(() => bob.posts.push(second)).toThrow(InvalidRequestError);
      expect(titles(bob.posts)).toEqual(['Cooking', 'Baking']);

      await session.commit();
      expect(await postRows(session)).toEqual([
        [2002, 'Cooking', BOB],
        [2004, 'Baking', BOB],
        [2005, 'Third', ALICE],
      ]);
    });
  });
}
