import type { Contender, WorkloadContext, WorkloadFactory, WorkloadRun } from '../contender.js';
import type { DatabaseTarget } from '../database-target.js';
import {
  makePosts,
  makeUsers,
  nextMarker,
  type PostRow,
  postsPerUser,
  postsTable,
  streamTable,
  type UserRow,
  usersTable,
  usersWithTheirPosts,
} from '../dataset.js';
import { freshTablesSql } from './raw/raw-sql.js';

/** Rows per multi-row INSERT where a peer's bulk insert has to be cut (SQLite's 32,766 variables). */
export const peerInsertBatch = 1000;

/** W7: rows per page where a library has no streaming API and pages through the table instead. */
export const streamPageSize = 1000;

/**
 * A value made on first use: a prepared statement, which SQLite can only prepare once its
 * tables exist (the harness creates them after opening the library).
 */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    if (value === undefined) value = make();
    return value;
  };
}

/**
 * What W4 loaded, with how to read it: `complete()` counts the users holding their
 * `postsPerUser` posts (timed, as every contender counts them); `check()` is `verify()`'s full
 * check of every post against its user.
 */
export interface LoadedGraph {
  complete(): number;
  check(postsInTable: number): number;
}

/** Wraps a load of users with their posts, however the library shapes them. */
export function loadedGraph<U, P>(
  users: readonly U[],
  read: {
    readonly id: (user: U) => number;
    readonly posts: (user: U) => readonly P[];
    readonly owner: (post: P) => number;
  },
): LoadedGraph {
  return {
    complete() {
      let complete = 0;
      for (const user of users) if (read.posts(user).length === postsPerUser) complete++;
      return complete;
    },
    check: (postsInTable) => usersWithTheirPosts(users, postsInTable, read),
  };
}

/**
 * One peer library connected to one database: the operations the workloads time, each written
 * the way that library's documentation recommends (its fastest idiomatic path), plus the untimed
 * statements the harness needs. A contender module implements this once per library (with a
 * file per driver where the library's schema or driver differs).
 */
export interface PeerDatabase {
  /** Untimed: runs one statement of the harness's own (DDL, emptying a table, seeding posts). */
  exec(sql: string): Promise<void>;
  /** Untimed: `SELECT count(*)` with an optional SQL condition. */
  count(table: string, where?: string): Promise<number>;
  /** W1 (and the other workloads' seeding): inserts the users in one transaction. */
  insertUsers(rows: readonly UserRow[]): Promise<number>;
  /** W2: all the users as the library's objects; returns how many. */
  selectUsers(): Promise<number>;
  /** W3: looks up users 1..`count` by primary key, one query each; returns how many were found. */
  lookupUsers(count: number): Promise<number>;
  /** W4: every user with its posts, eagerly. */
  loadUsersWithPosts(): Promise<LoadedGraph>;
  /** W5: loads the first `count` users by id, sets each one's age to `age`, saves; returns rows changed. */
  updateAges(count: number, age: number): Promise<number>;
  /** W6: builds the join select with the `i`-th values and compiles it to SQL, without executing. */
  compileJoinSelect(i: number): { readonly sql: string; readonly params: readonly unknown[] };
  /** W7: reads every row of the stream table, holding as few as the library allows; returns how many. */
  streamUsers(): Promise<number>;
  close(): Promise<void>;
}

/** Opens a library on a database (SQLite in memory, or the W7 file, or a server). */
export type OpenPeer = (target: DatabaseTarget) => Promise<PeerDatabase>;

/** W4's posts, seeded with literal values in the harness's own statements (not timed). */
async function seedPosts(db: PeerDatabase, users: number): Promise<void> {
  const posts = makePosts(users);
  const literal = (post: PostRow) => `(${post.id}, ${post.userId}, '${post.title}')`;
  for (let start = 0; start < posts.length; start += 500) {
    const values = posts
      .slice(start, start + 500)
      .map(literal)
      .join(', ');
    await db.exec(`INSERT INTO ${postsTable} (id, user_id, title) VALUES ${values}`);
  }
}

/**
 * The library on empty users and posts tables (the raw DDL, so every contender reads the same
 * tables), with `seed` users written by its own W1 insert (ids 1..seed) and with `withPosts`
 * `postsPerUser` posts for each.
 */
async function setUp(
  open: OpenPeer,
  context: WorkloadContext,
  seed: number,
  withPosts = false,
): Promise<PeerDatabase> {
  const db = await open(context.target);
  try {
    for (const statement of freshTablesSql(context.target.kind)) await db.exec(statement);
    if (seed > 0) await db.insertUsers(makeUsers(seed));
    if (seed > 0 && withPosts) await seedPosts(db, seed);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

function untimed(db: PeerDatabase): Pick<WorkloadRun, 'reset' | 'close'> {
  return { reset: async () => undefined, close: () => db.close() };
}

/** The workloads of a peer library, each a thin frame around one of its operations. */
export function peerContender(name: string, description: string, open: OpenPeer): Contender {
  const workloads: Record<'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7', WorkloadFactory> = {
    async W1(context) {
      const db = await setUp(open, context, 0);
      const rows = makeUsers(context.size);
      return {
        ...untimed(db),
        reset: () => db.exec(`DELETE FROM ${usersTable}`),
        run: () => db.insertUsers(rows),
        verify: () => db.count(usersTable),
      };
    },
    async W2(context) {
      const db = await setUp(open, context, context.size);
      return { ...untimed(db), run: () => db.selectUsers(), verify: () => db.count(usersTable) };
    },
    async W3(context) {
      const db = await setUp(open, context, context.size);
      return {
        ...untimed(db),
        run: () => db.lookupUsers(context.size),
        verify: () => db.count(usersTable),
      };
    },
    async W4(context) {
      const db = await setUp(open, context, context.size, true);
      return {
        ...untimed(db),
        run: async () => (await db.loadUsersWithPosts()).complete(),
        // Loads once more, untimed, and checks every post (no run's objects are kept alive).
        verify: async () => (await db.loadUsersWithPosts()).check(await db.count(postsTable)),
      };
    },
    async W5(context) {
      const db = await setUp(open, context, context.size);
      let marker = 0;
      return {
        ...untimed(db),
        run: () => {
          marker = nextMarker(marker);
          return db.updateAges(context.size, marker);
        },
        verify: () => db.count(usersTable, `age = ${marker}`),
      };
    },
    async W6(context) {
      const db = await open(context.target);
      let last = 0;
      return {
        ...untimed(db),
        run: async () => {
          let built = 0;
          for (let i = 0; i < context.size; i++) {
            const { sql, params } = db.compileJoinSelect(i);
            // TypeORM inlines numbers on SQLite: two parameters there, three or four elsewhere.
            if (/ join .* limit /i.test(sql) && params.length >= 2) built++;
          }
          last = built;
          return built;
        },
        verify: async () => last,
      };
    },
    async W7(context) {
      const db = await open(context.target);
      return { ...untimed(db), run: () => db.streamUsers(), verify: () => db.count(streamTable) };
    },
  };
  return { name, description, workloads };
}
