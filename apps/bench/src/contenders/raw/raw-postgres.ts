import pg from 'pg';
import Cursor from 'pg-cursor';
import type { WorkloadContext, WorkloadRun } from '../../contender.js';
import type { DatabaseTarget } from '../../database-target.js';
import {
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

async function open(target: DatabaseTarget): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return client;
}

async function count(client: pg.Client, table: string, where = ''): Promise<number> {
  const result = await client.query<{ n: string }>(countSql(table, where));
  return Number(result.rows[0]?.n);
}

async function createTable(client: pg.Client, table: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  await client.query(createUsersSql('postgres', table));
}

/** W1's batched insert: named (server-prepared) statements of 100 rows, in one transaction. */
async function insertUsers(
  client: pg.Client,
  table: string,
  rows: readonly UserRow[],
): Promise<number> {
  let inserted = 0;
  await client.query('BEGIN');
  try {
    for (let start = 0; start < rows.length; start += rowsPerInsert) {
      const end = Math.min(rows.length, start + rowsPerInsert);
      const values: unknown[] = [];
      for (let i = start; i < end; i++) {
        const row = rows[i] as UserRow;
        values.push(row.name, row.email, row.age, row.createdAt);
      }
      const result = await client.query({
        name: `bench_insert_${table}_${end - start}`,
        text: insertUsersSql('postgres', table, end - start),
        values,
      });
      inserted += result.rowCount ?? 0;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return inserted;
}

async function seeded(context: WorkloadContext): Promise<pg.Client> {
  const client = await open(context.target);
  await createTable(client, usersTable);
  await insertUsers(client, usersTable, makeUsers(context.size));
  return client;
}

/** W4's rows: the users, then `postsPerUser` posts each, 100 to an INSERT. */
async function seededWithPosts(context: WorkloadContext): Promise<pg.Client> {
  const client = await seeded(context);
  await client.query(`DROP TABLE IF EXISTS ${postsTable}`);
  await client.query(createPostsSql('postgres'));
  await client.query(createPostsIndexSql);
  const posts = makePosts(context.size);
  for (let start = 0; start < posts.length; start += rowsPerInsert) {
    const batch = posts.slice(start, start + rowsPerInsert);
    await client.query(
      insertPostsSql('postgres', batch.length),
      batch.flatMap((post) => [post.id, post.userId, post.title]),
    );
  }
  return client;
}

function closing(client: pg.Client): Pick<WorkloadRun, 'close'> {
  return { close: () => client.end() };
}

export const rawPostgres: RawWorkloads = {
  async W1({ target, size }) {
    const client = await open(target);
    await createTable(client, usersTable);
    const rows = makeUsers(size);
    return {
      reset: async () => void (await client.query(`TRUNCATE ${usersTable}`)),
      run: () => insertUsers(client, usersTable, rows),
      verify: () => count(client, usersTable),
      ...closing(client),
    };
  },

  async W2(context) {
    const client = await seeded(context);
    return {
      reset: async () => undefined,
      run: async () =>
        (await client.query({ name: 'bench_select_users', text: selectUsersSql })).rows.length,
      verify: () => count(client, usersTable),
      ...closing(client),
    };
  },

  async W3(context) {
    const client = await seeded(context);
    const text = selectUserByIdSql('postgres');
    return {
      reset: async () => undefined,
      run: async () => {
        let found = 0;
        for (let id = 1; id <= context.size; id++) {
          const result = await client.query({ name: 'bench_user_by_id', text, values: [id] });
          if (result.rows.length === 1) found++;
        }
        return found;
      },
      verify: () => count(client, usersTable),
      ...closing(client),
    };
  },

  async W4(context) {
    const client = await seededWithPosts(context);
    const text = selectUsersWithPostsJsonSql('postgres');
    // One prepared statement; pg parses each user's json array of posts.
    const load = async (): Promise<RawUser[]> =>
      parsePostsJson((await client.query<RawUser>({ name: 'bench_users_posts_json', text })).rows);
    return {
      reset: async () => undefined,
      run: async () => completeUsers(await load()),
      verify: async () => checkRawUsers(await load(), await count(client, postsTable)),
      ...closing(client),
    };
  },

  async W4TwoQueries(context) {
    const client = await seededWithPosts(context);
    // One array parameter for all the keys: one prepared statement whatever their number.
    const postsText = selectPostsOfUsersSql('postgres', 0);
    const load = async (): Promise<RawUser[]> => {
      const users = (
        await client.query<RawUser>({ name: 'bench_select_users', text: selectUsersSql })
      ).rows;
      const { ids, byId } = preparePosts(users);
      const posts = await client.query<RawPost>({
        name: 'bench_posts_of_users',
        text: postsText,
        values: [ids],
      });
      stitchPosts(byId, posts.rows);
      return users;
    };
    return {
      reset: async () => undefined,
      run: async () => completeUsers(await load()),
      verify: async () => checkRawUsers(await load(), await count(client, postsTable)),
      ...closing(client),
    };
  },

  async W5(context) {
    const client = await seeded(context);
    const load = selectFirstUsersSql('postgres');
    const update = updateAgeSql('postgres');
    let marker = 0;
    return {
      reset: async () => undefined,
      run: async () => {
        marker = nextMarker(marker);
        const users = (
          await client.query<{ id: number; age: number }>({
            name: 'bench_first_users',
            text: load,
            values: [context.size],
          })
        ).rows;
        let changed = 0;
        await client.query('BEGIN');
        for (const user of users) {
          user.age = marker;
          const result = await client.query({
            name: 'bench_update_age',
            text: update,
            values: [user.age, user.id],
          });
          changed += result.rowCount ?? 0;
        }
        await client.query('COMMIT');
        return changed;
      },
      verify: () => count(client, usersTable, `age = ${marker}`),
      ...closing(client),
    };
  },

  async W7({ target }) {
    const client = await open(target);
    return {
      reset: async () => undefined,
      run: async () => {
        const cursor = client.query(
          new Cursor(`SELECT id, name, email, age, created_at FROM ${streamTable}`),
        );
        let seen = 0;
        for (;;) {
          const rows = await cursor.read(1000);
          if (rows.length === 0) break;
          seen += rows.length;
        }
        await cursor.close();
        return seen;
      },
      verify: () => count(client, streamTable),
      ...closing(client),
    };
  },

  async fillStreamTable(target, size) {
    const client = await open(target);
    try {
      await createTable(client, streamTable);
      const batch = 10_000;
      for (let start = 0; start < size; start += batch) {
        await insertUsers(client, streamTable, makeUsers(Math.min(batch, size - start)));
      }
    } finally {
      await client.end();
    }
  },
};
