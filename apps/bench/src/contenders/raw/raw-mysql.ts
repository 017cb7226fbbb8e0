import type { Connection as CoreConnection } from 'mysql2';
import mysql from 'mysql2/promise';
import type { WorkloadContext, WorkloadRun } from '../../contender.js';
import type { DatabaseTarget } from '../../database-target.js';
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

type Conn = mysql.Connection;

function open(target: DatabaseTarget): Promise<Conn> {
  return mysql.createConnection({ uri: target.url });
}

async function count(conn: Conn, table: string, where = ''): Promise<number> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(countSql(table, where));
  return Number(rows[0]?.n);
}

async function createTable(conn: Conn, table: string): Promise<void> {
  // Athanor's contenders leave posts behind, whose foreign key would block the drop.
  if (table === usersTable) await conn.query(`DROP TABLE IF EXISTS ${postsTable}`);
  await conn.query(`DROP TABLE IF EXISTS ${table}`);
  await conn.query(createUsersSql('mysql', table));
}

/** W1's batched insert: server-prepared statements of 100 rows, in one transaction. */
async function insertUsers(conn: Conn, table: string, rows: readonly UserRow[]): Promise<number> {
  let inserted = 0;
  await conn.beginTransaction();
  try {
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const end = Math.min(rows.length, start + rowsPerInsert);
      const values: (string | number | Date)[] = [];
      for (let i = start; i < end; i++) {
        const row = rows[i] as UserRow;
        values.push(row.name, row.email, row.age, row.createdAt);
      }
      const [result] = await conn.execute<mysql.ResultSetHeader>(
        insertUsersSql('mysql', table, end - start),
        values,
      );
      inserted += result.affectedRows;
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  }
  return inserted;
}

async function seeded(context: WorkloadContext): Promise<Conn> {
  const conn = await open(context.target);
  await createTable(conn, usersTable);
  await insertUsers(conn, usersTable, makeUsers(context.size));
  return conn;
}

/** W4's rows: the users, then `postsPerUser` posts each, 100 to an INSERT. */
async function seededWithPosts(context: WorkloadContext): Promise<Conn> {
  const conn = await seeded(context);
  await conn.query(createPostsSql('mysql'));
  await conn.query(createPostsIndexSql);
  const posts = makePosts(context.size);
  for (let start = 0; start < posts.length; start += rowsPerInsert) {
    const batch = posts.slice(start, start + rowsPerInsert);
    await conn.query(
      insertPostsSql('mysql', batch.length),
      batch.flatMap((post) => [post.id, post.userId, post.title]),
    );
  }
  return conn;
}

function closing(conn: Conn): Pick<WorkloadRun, 'close'> {
  return { close: () => conn.end() };
}

export const rawMysql: RawWorkloads = {
  async W1({ target, size }) {
    const conn = await open(target);
    await createTable(conn, usersTable);
    const rows = makeUsers(size);
    return {
      reset: async () => void (await conn.query(`TRUNCATE ${usersTable}`)),
      run: () => insertUsers(conn, usersTable, rows),
      verify: () => count(conn, usersTable),
      ...closing(conn),
    };
  },

  async W2(context) {
    const conn = await seeded(context);
    return {
      reset: async () => undefined,
      run: async () => (await conn.query<mysql.RowDataPacket[]>(selectUsersSql))[0].length,
      verify: () => count(conn, usersTable),
      ...closing(conn),
    };
  },

  async W3(context) {
    const conn = await seeded(context);
    const sql = selectUserByIdSql('mysql');
    return {
      reset: async () => undefined,
      run: async () => {
        let found = 0;
        for (let id = 1; id <= context.size; id++) {
          const [rows] = await conn.execute<mysql.RowDataPacket[]>(sql, [id]);
          if (rows.length === 1) found++;
        }
        return found;
      },
      verify: () => count(conn, usersTable),
      ...closing(conn),
    };
  },

  async W4(context) {
    const conn = await seededWithPosts(context);
    const sql = selectUsersWithPostsJsonSql('mysql');
    // One server-prepared statement; MariaDB's JSON is text, parsed here.
    const load = async (): Promise<RawUser[]> =>
      parsePostsJson((await conn.execute<mysql.RowDataPacket[]>(sql))[0] as RawUser[]);
    return {
      reset: async () => undefined,
      run: async () => completeUsers(await load()),
      verify: async () => checkRawUsers(await load(), await count(conn, postsTable)),
      ...closing(conn),
    };
  },

  async W4TwoQueries(context) {
    const conn = await seededWithPosts(context);
    const load = async (): Promise<RawUser[]> => {
      const [rows] = await conn.query<mysql.RowDataPacket[]>(selectUsersSql);
      const users = rows as RawUser[];
      const { ids, byId } = preparePosts(users);
      for (let start = 0; start < ids.length; start += keysPerQuery) {
        const keys = ids.length <= keysPerQuery ? ids : ids.slice(start, start + keysPerQuery);
        // A server-prepared statement (mysql2 keeps it per SQL text): on MariaDB three times
        // faster here than the same query sent as text with the keys inlined.
        const [posts] = await conn.execute<mysql.RowDataPacket[]>(
          selectPostsOfUsersSql('mysql', keys.length),
          keys,
        );
        stitchPosts(byId, posts as RawPost[]);
      }
      return users;
    };
    return {
      reset: async () => undefined,
      run: async () => completeUsers(await load()),
      verify: async () => checkRawUsers(await load(), await count(conn, postsTable)),
      ...closing(conn),
    };
  },

  async W5(context) {
    const conn = await seeded(context);
    const load = selectFirstUsersSql('mysql');
    const update = updateAgeSql('mysql');
    let marker = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        marker = nextMarker(marker);
        const [users] = await conn.execute<mysql.RowDataPacket[]>(load, [context.size]);
        let changed = 0;
        await conn.beginTransaction();
        for (const user of users) {
          user.age = marker;
          const [result] = await conn.execute<mysql.ResultSetHeader>(update, [user.age, user.id]);
          changed += result.affectedRows;
        }
        await conn.commit();
        return changed;
      },
      verify: () => count(conn, usersTable, `age = ${marker}`),
      ...closing(conn),
    };
  },

  async W7({ target }) {
    const conn = await open(target);
    return {
      reset: async () => undefined,
      run: async () => {
        // The callback connection underneath streams (mysql2's typings leave it out); rows wait
        // on the server while we read.
        const stream = (conn as unknown as { connection: CoreConnection }).connection
          .query(`SELECT id, name, email, age, created_at FROM ${streamTable}`)
          .stream({ highWaterMark: 1000 });
        let seen = 0;
        for await (const row of stream) if (row) seen++;
        return seen;
      },
      verify: () => count(conn, streamTable),
      ...closing(conn),
    };
  },

  async fillStreamTable(target, size) {
    const conn = await open(target);
    try {
      await createTable(conn, streamTable);
      const batch = 10_000;
      for (let start = 0; start < size; start += batch) {
        await insertUsers(conn, streamTable, makeUsers(Math.min(batch, size - start)));
      }
    } finally {
      await conn.end();
    }
  },
};
