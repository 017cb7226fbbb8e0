import {
  type Generated,
  Kysely,
  MysqlDialect,
  ParseJSONResultsPlugin,
  PostgresDialect,
  type SelectQueryBuilder,
  SqliteDialect,
  sql,
} from 'kysely';
import { jsonArrayFrom as postgresJsonArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArrayFrom } from 'kysely/helpers/sqlite';
import { type DatabaseTarget, sqliteFilename } from '../../database-target.js';
import { keysPerQuery, type UserRow, w6Values } from '../../dataset.js';
import { loadedGraph, type OpenPeer, peerInsertBatch } from '../peer-kit.js';
import { preparePosts, type RawPost, type RawUser, stitchPosts } from '../raw/raw-stitch.js';
import { sqliteTimestamp } from '../sqlite-timestamp.js';

/** The tables as Kysely sees them: the database's own column names, as Kysely's docs write them. */
interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  age: number | null;
  /** A Date on PostgreSQL and MariaDB; on SQLite the text better-sqlite3 stores and returns. */
  created_at: Date | string | null;
}

interface Tables {
  bench_users: UsersTable;
  bench_posts: { id: number; user_id: number; title: string };
  bench_stream: UsersTable;
}

/** Kysely's dialect for the database, over the driver its docs name (loaded only when used). */
async function dialectFor(target: DatabaseTarget) {
  switch (target.kind) {
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3');
      return new SqliteDialect({ database: new Database(sqliteFilename(target)) });
    }
    case 'postgres': {
      const [{ default: pg }, { default: Cursor }] = await Promise.all([
        import('pg'),
        import('pg-cursor'),
      ]);
      // pg-cursor makes `.stream()` read through a server-side cursor.
      return new PostgresDialect({
        pool: new pg.Pool({ connectionString: target.url }),
        cursor: Cursor,
      });
    }
    case 'mysql': {
      const { createPool } = await import('mysql2');
      return new MysqlDialect({ pool: createPool({ uri: target.url }) });
    }
  }
}

/**
 * W4's one query, as Kysely's relations recipe writes it: each user's posts aggregated into a
 * JSON array by `jsonArrayFrom` (SQLite's needs ParseJSONResultsPlugin; pg parses json itself).
 */
function usersWithPostsQuery(db: Kysely<Tables>, kind: 'sqlite' | 'postgres') {
  const jsonArrayFrom = kind === 'sqlite' ? sqliteJsonArrayFrom : postgresJsonArrayFrom;
  return db
    .selectFrom('bench_users')
    .selectAll('bench_users')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('bench_posts')
          .select(['bench_posts.id', 'bench_posts.user_id', 'bench_posts.title'])
          .whereRef('bench_posts.user_id', '=', 'bench_users.id'),
      ).as('posts'),
    ]);
}

export const openKysely: OpenPeer = async (target) => {
  const db = new Kysely<Tables>({ dialect: await dialectFor(target) });
  const kind = target.kind;
  // better-sqlite3 binds no Date: on SQLite, created_at as the text Athanor writes.
  const toRow = (row: UserRow) => ({
    name: row.name,
    email: row.email,
    age: row.age,
    created_at: kind === 'sqlite' ? sqliteTimestamp(row.createdAt) : row.createdAt,
  });
  const loadUsersWithPosts = async () => {
    if (kind !== 'mysql') {
      let query: SelectQueryBuilder<Tables, 'bench_users', RawUser> = usersWithPostsQuery(
        db,
        kind,
      ) as never;
      if (kind === 'sqlite') query = query.withPlugin(new ParseJSONResultsPlugin());
      return query.execute();
    }
    // The recipe's MySQL helper casts to JSON, which MariaDB lacks, and needs LATERAL-style outer
    // references ("MariaDB is not supported yet"): the users, then their posts by key, stitched.
    const users = (await db.selectFrom('bench_users').selectAll().execute()) as RawUser[];
    const { ids, byId } = preparePosts(users);
    for (let start = 0; start < ids.length; start += keysPerQuery) {
      const keys = ids.slice(start, start + keysPerQuery);
      const posts = await db
        .selectFrom('bench_posts')
        .select(['id', 'user_id', 'title'])
        .where('user_id', 'in', keys)
        .execute();
      stitchPosts(byId, posts as RawPost[]);
    }
    return users;
  };
  return {
    exec: async (statement) => void (await sql.raw(statement).execute(db)),
    count: async (table, where) => {
      const { rows } = await sql
        .raw<{ n: number | string }>(
          `SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`,
        )
        .execute(db);
      return Number(rows[0]?.n);
    },
    insertUsers: (rows) =>
      db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (let start = 0; start < rows.length; start += peerInsertBatch) {
          const batch = rows.slice(start, start + peerInsertBatch).map(toRow);
          const result = await trx.insertInto('bench_users').values(batch).executeTakeFirst();
          inserted += Number(result.numInsertedOrUpdatedRows);
        }
        return inserted;
      }),
    selectUsers: async () => (await db.selectFrom('bench_users').selectAll().execute()).length,
    lookupUsers: async (count) => {
      let found = 0;
      for (let id = 1; id <= count; id++) {
        const user = await db
          .selectFrom('bench_users')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (user) found++;
      }
      return found;
    },
    loadUsersWithPosts: async () =>
      loadedGraph(await loadUsersWithPosts(), {
        id: (user) => user.id,
        posts: (user) => user.posts,
        owner: (post) => post.user_id,
      }),
    updateAges: async (count, age) => {
      const users = await db
        .selectFrom('bench_users')
        .selectAll()
        .orderBy('id')
        .limit(count)
        .execute();
      return db.transaction().execute(async (trx) => {
        let changed = 0;
        for (const user of users) {
          user.age = age;
          const result = await trx
            .updateTable('bench_users')
            .set({ age: user.age })
            .where('id', '=', user.id)
            .executeTakeFirst();
          changed += Number(result.numUpdatedRows);
        }
        return changed;
      });
    },
    compileJoinSelect: (i) => {
      const { minAge, namePattern, title } = w6Values(i);
      const { sql: text, parameters } = db
        .selectFrom('bench_users as u')
        .innerJoin('bench_posts as p', 'p.user_id', 'u.id')
        .select(['u.id', 'u.name', 'p.title'])
        .where('u.age', '>', minAge)
        .where('u.name', 'like', namePattern)
        .where('p.title', '<>', title)
        .orderBy('u.name')
        .limit(10)
        .compile();
      return { sql: text, params: parameters };
    },
    // `.stream()`: better-sqlite3's iterate(), pg-cursor, mysql2's row stream.
    streamUsers: async () => {
      let seen = 0;
      for await (const row of db.selectFrom('bench_stream').selectAll().stream(1000))
        if (row) seen++;
      return seen;
    },
    close: () => db.destroy(),
  };
};
