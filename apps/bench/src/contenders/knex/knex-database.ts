import knexFactory, { type Knex } from 'knex';
import { type DatabaseTarget, sqliteFilename } from '../../database-target.js';
import { keysPerQuery, type UserRow, w6Values } from '../../dataset.js';
import { loadedGraph, type OpenPeer, peerInsertBatch } from '../peer-kit.js';
import { preparePosts, type RawPost, type RawUser, stitchPosts } from '../raw/raw-stitch.js';

function configFor(target: DatabaseTarget): Knex.Config {
  switch (target.kind) {
    case 'sqlite':
      return {
        client: 'better-sqlite3',
        connection: { filename: sqliteFilename(target) },
        useNullAsDefault: true,
      };
    case 'postgres':
      // `.stream()` on pg goes through pg-query-stream (a server-side cursor).
      return { client: 'pg', connection: target.url };
    case 'mysql':
      return { client: 'mysql2', connection: target.url };
  }
}

/** A user as knex takes it: the table's column names. knex binds a Date on SQLite as epoch ms. */
const toRow = (row: UserRow) => ({
  name: row.name,
  email: row.email,
  age: row.age,
  created_at: row.createdAt,
});

export const openKnex: OpenPeer = async (target) => {
  const knex = knexFactory(configFor(target));
  const chunkSize = target.kind === 'sqlite' ? 500 : peerInsertBatch;
  return {
    exec: async (statement) => void (await knex.raw(statement)),
    count: async (table, where) => {
      const query = knex(table).count({ n: '*' });
      const [row] = await (where ? query.whereRaw(where) : query);
      return Number(row?.n);
    },
    // knex's own bulk insert: chunks of multi-row INSERTs in one transaction. It resolves once
    // every chunk is in (it throws otherwise); verify() counts the rows. On SQLite knex writes a
    // multi-row insert as `INSERT ... SELECT ... UNION ALL SELECT ...`, at most 500 terms.
    insertUsers: async (rows) => {
      await knex.batchInsert('bench_users', rows.map(toRow), chunkSize);
      return rows.length;
    },
    selectUsers: async () => (await knex('bench_users').select('*')).length,
    lookupUsers: async (count) => {
      let found = 0;
      for (let id = 1; id <= count; id++) {
        if (await knex('bench_users').where('id', id).first()) found++;
      }
      return found;
    },
    // knex has no relations: the users, then their posts by key (whereIn), stitched.
    loadUsersWithPosts: async () => {
      const users = (await knex('bench_users').select('*')) as RawUser[];
      const { ids, byId } = preparePosts(users);
      for (let start = 0; start < ids.length; start += keysPerQuery) {
        const keys = ids.slice(start, start + keysPerQuery);
        const posts = await knex('bench_posts')
          .select('id', 'user_id', 'title')
          .whereIn('user_id', keys);
        stitchPosts(byId, posts as RawPost[]);
      }
      return loadedGraph(users, {
        id: (user) => user.id,
        posts: (user) => user.posts,
        owner: (post) => post.user_id,
      });
    },
    updateAges: async (count, age) => {
      const users = await knex('bench_users').select('*').orderBy('id').limit(count);
      return knex.transaction(async (trx) => {
        let changed = 0;
        for (const user of users) {
          user.age = age;
          changed += await trx('bench_users').where('id', user.id).update({ age: user.age });
        }
        return changed;
      });
    },
    compileJoinSelect: (i) => {
      const { minAge, namePattern, title } = w6Values(i);
      // toSQL().toNative(): the text and bindings the driver is handed (pg's $1 placeholders).
      const { sql, bindings } = knex('bench_users as u')
        .join('bench_posts as p', 'p.user_id', 'u.id')
        .select('u.id', 'u.name', 'p.title')
        .where('u.age', '>', minAge)
        .andWhere('u.name', 'like', namePattern)
        .andWhere('p.title', '<>', title)
        .orderBy('u.name')
        .limit(10)
        .toSQL()
        .toNative();
      return { sql, params: bindings };
    },
    // `.stream()`: pg-query-stream and mysql2's row stream; knex's SQLite clients read every row
    // first and then write them to the stream, so on SQLite the peak memory holds them all.
    streamUsers: async () => {
      let seen = 0;
      for await (const row of knex('bench_stream').select('*').stream()) if (row) seen++;
      return seen;
    },
    close: () => knex.destroy(),
  };
};
