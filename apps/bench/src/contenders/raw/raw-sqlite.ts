import Database from 'better-sqlite3';
import type { WorkloadContext, WorkloadRun } from '../../contender.js';
import { type DatabaseTarget, sqliteFilename } from '../../database-target.js';
import {
  keysPerQuery,
  makePosts,
  makeUsers,
  nextMarker,
  postsTable,
  streamTable,
  type UserRow,
  usersTable,
} from '../../dataset.js';
import { sqliteTimestamp } from '../sqlite-timestamp.js';
import {
  countSql,
  createPostsIndexSql,
  createPostsSql,
  createUsersSql,
  insertPostsSql,
  insertUsersSql,
  rowsPerInsert,
  selectFirstUsersSql,
  selectPostsOfUsersSql,
  selectUserByIdSql,
  selectUsersSql,
  selectUsersWithPostsJsonSql,
  updateAgeSql,
} from './raw-sql.js';
import {
  checkRawUsers,
  completeUsers,
  parsePostsJson,
  preparePosts,
  type RawPost,
  type RawUser,
  stitchPosts,
} from './raw-stitch.js';
import type { RawWorkloads } from './raw-workloads.js';

type Db = Database.Database;

function open(target: DatabaseTarget): Db {
  return new Database(sqliteFilename(target));
}

function count(db: Db, table: string, where = ''): number {
  return (db.prepare(countSql(table, where)).get() as { n: number }).n;
}

/** W1's batched insert: prepared multi-row statements of 100 rows, and one for the remainder. */
function insertUsers(db: Db, table: string, rows: readonly UserRow[]): number {
  const full = db.prepare(insertUsersSql('sqlite', table, rowsPerInsert));
  let inserted = 0;
  db.transaction(() => {
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const end = Math.min(rows.length, start + rowsPerInsert);
      const params: unknown[] = [];
      for (let i = start; i < end; i++) {
        const row = rows[i] as UserRow;
        params.push(row.name, row.email, row.age, sqliteTimestamp(row.createdAt));
      }
      const statement =
        end - start === rowsPerInsert
          ? full
          : db.prepare(insertUsersSql('sqlite', table, end - start));
      inserted += statement.run(params).changes;
    }
  })();
  return inserted;
}

function seeded(context: WorkloadContext): Db {
  const db = open(context.target);
  db.exec(createUsersSql('sqlite', usersTable));
  insertUsers(db, usersTable, makeUsers(context.size));
  return db;
}

/** W4's rows: the users, then `postsPerUser` posts each. */
function seededWithPosts(context: WorkloadContext): Db {
  const db = seeded(context);
  db.exec(createPostsSql('sqlite'));
  db.exec(createPostsIndexSql);
  const insert = db.prepare(insertPostsSql('sqlite', 1));
  db.transaction(() => {
    for (const post of makePosts(context.size)) insert.run(post.id, post.userId, post.title);
  })();
  return db;
}

function closing(db: Db): Pick<WorkloadRun, 'close'> {
  return { close: async () => void db.close() };
}

export const rawSqlite: RawWorkloads = {
  async W1({ target, size }) {
    const db = open(target);
    db.exec(createUsersSql('sqlite', usersTable));
    const rows = makeUsers(size);
    return {
      reset: async () => void db.exec(`DELETE FROM ${usersTable}`),
      run: async () => insertUsers(db, usersTable, rows),
      verify: async () => count(db, usersTable),
      ...closing(db),
    };
  },

  async W2(context) {
    const db = seeded(context);
    const select = db.prepare(selectUsersSql);
    return {
      reset: async () => undefined,
      run: async () => select.all().length,
      verify: async () => count(db, usersTable),
      ...closing(db),
    };
  },

  async W3(context) {
    const db = seeded(context);
    const byId = db.prepare(selectUserByIdSql('sqlite'));
    return {
      reset: async () => undefined,
      run: async () => {
        let found = 0;
        for (let id = 1; id <= context.size; id++) if (byId.get(id) !== undefined) found++;
        return found;
      },
      verify: async () => count(db, usersTable),
      ...closing(db),
    };
  },

  async W4(context) {
    const db = seededWithPosts(context);
    const select = db.prepare(selectUsersWithPostsJsonSql('sqlite'));
    // One statement; each user's posts arrive as JSON text, parsed here.
    const load = (): RawUser[] => parsePostsJson(select.all() as RawUser[]);
    return {
      reset: async () => undefined,
      run: async () => completeUsers(load()),
      verify: async () => checkRawUsers(load(), count(db, postsTable)),
      ...closing(db),
    };
  },

  async W4TwoQueries(context) {
    const db = seededWithPosts(context);
    const selectUsers = db.prepare(selectUsersSql);
    // The posts' statement depends only on how many keys it takes: prepared once per count.
    const postsOf = new Map<number, Database.Statement>();
    const postsQuery = (count: number) => {
      let statement = postsOf.get(count);
      if (!statement) {
        statement = db.prepare(selectPostsOfUsersSql('sqlite', count));
        postsOf.set(count, statement);
      }
      return statement;
    };
    const load = (): RawUser[] => {
      const users = selectUsers.all() as RawUser[];
      const { ids, byId } = preparePosts(users);
      for (let start = 0; start < ids.length; start += keysPerQuery) {
        const keys = ids.length <= keysPerQuery ? ids : ids.slice(start, start + keysPerQuery);
        stitchPosts(byId, postsQuery(keys.length).all(keys) as RawPost[]);
      }
      return users;
    };
    return {
      reset: async () => undefined,
      run: async () => completeUsers(load()),
      verify: async () => checkRawUsers(load(), count(db, postsTable)),
      ...closing(db),
    };
  },

  async W5(context) {
    const db = seeded(context);
    const load = db.prepare(selectFirstUsersSql('sqlite'));
    const update = db.prepare(updateAgeSql('sqlite'));
    let marker = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        marker = nextMarker(marker);
        const users = load.all(context.size) as { id: number; age: number }[];
        let changed = 0;
        db.transaction(() => {
          for (const user of users) {
            user.age = marker;
            changed += update.run(user.age, user.id).changes;
          }
        })();
        return changed;
      },
      verify: async () => count(db, usersTable, `age = ${marker}`),
      ...closing(db),
    };
  },

  async W7({ target }) {
    const db = open(target);
    const select = db.prepare(`SELECT id, name, email, age, created_at FROM ${streamTable}`);
    return {
      reset: async () => undefined,
      run: async () => {
        let seen = 0;
        for (const row of select.iterate()) if (row) seen++;
        return seen;
      },
      verify: async () => count(db, streamTable),
      ...closing(db),
    };
  },

  async fillStreamTable(target, size) {
    const db = open(target);
    try {
      db.exec(`DROP TABLE IF EXISTS ${streamTable}`);
      db.exec(createUsersSql('sqlite', streamTable));
      const batch = 10_000;
      for (let start = 0; start < size; start += batch) {
        insertUsers(db, streamTable, makeUsers(Math.min(batch, size - start)));
      }
    } finally {
      db.close();
    }
  },
};
