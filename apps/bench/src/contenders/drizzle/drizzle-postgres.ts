import { and, eq, gt, like, ne, relations, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, timestamp, varchar } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { postsTable, streamTable, usersTable, w6Values } from '../../dataset.js';
import { lazy, loadedGraph, type OpenPeer, peerInsertBatch, streamPageSize } from '../peer-kit.js';

const userColumns = () => ({
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 50 }).notNull(),
  email: varchar('email', { length: 100 }).notNull(),
  age: integer('age'),
  createdAt: timestamp('created_at', { mode: 'date' }),
});

const users = pgTable(usersTable, userColumns());
const posts = pgTable(postsTable, {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  title: varchar('title', { length: 100 }).notNull(),
});
const stream = pgTable(streamTable, userColumns());
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({
  user: one(users, { fields: [posts.userId], references: [users.id] }),
}));
const schema = { users, posts, usersRelations, postsRelations };

/** Drizzle over node-postgres: named prepared statements (`.prepare(name)`) throughout. */
export const openDrizzlePostgres: OpenPeer = async (target) => {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const db = drizzle({ client, schema });
  const selectAll = lazy(() => db.select().from(users).prepare('w2_users'));
  const byId = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare('w3_user_by_id'),
  );
  const withPosts = lazy(() =>
    db.query.users.findMany({ with: { posts: true } }).prepare('w4_users_posts'),
  );
  const firstUsers = lazy(() =>
    db
      .select()
      .from(users)
      .orderBy(users.id)
      .limit(sql.placeholder('limit'))
      .prepare('w5_first_users'),
  );
  const setAge = lazy(() =>
    db
      .update(users)
      .set({ age: sql`${sql.placeholder('age')}` })
      .where(eq(users.id, sql.placeholder('id')))
      .prepare('w5_set_age'),
  );
  const page = lazy(() =>
    db
      .select()
      .from(stream)
      .where(gt(stream.id, sql.placeholder('after')))
      .orderBy(stream.id)
      .limit(streamPageSize)
      .prepare('w7_page'),
  );
  return {
    exec: async (statement) => void (await db.execute(sql.raw(statement))),
    count: async (table, where) => {
      const result = await db.execute<{ n: string }>(
        sql.raw(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`),
      );
      return Number(result.rows[0]?.n);
    },
    insertUsers: (rows) =>
      db.transaction(async (tx) => {
        let inserted = 0;
        for (let start = 0; start < rows.length; start += peerInsertBatch) {
          const batch = rows.slice(start, start + peerInsertBatch);
          inserted += (await tx.insert(users).values(batch)).rowCount ?? 0;
        }
        return inserted;
      }),
    selectUsers: async () => (await selectAll().execute()).length,
    lookupUsers: async (count) => {
      const statement = byId();
      let found = 0;
      for (let id = 1; id <= count; id++)
        if ((await statement.execute({ id })).length === 1) found++;
      return found;
    },
    loadUsersWithPosts: async () =>
      loadedGraph(await withPosts().execute(), {
        id: (user) => user.id,
        posts: (user) => user.posts,
        owner: (post) => post.userId,
      }),
    updateAges: async (count, age) => {
      const loaded = await firstUsers().execute({ limit: count });
      // One connection: the prepared statements run inside the transaction.
      return db.transaction(async () => {
        const statement = setAge();
        let changed = 0;
        for (const user of loaded) {
          user.age = age;
          changed += (await statement.execute({ age: user.age, id: user.id })).rowCount ?? 0;
        }
        return changed;
      });
    },
    compileJoinSelect: (i) => {
      const { minAge, namePattern, title } = w6Values(i);
      return db
        .select({ id: users.id, name: users.name, title: posts.title })
        .from(users)
        .innerJoin(posts, eq(posts.userId, users.id))
        .where(and(gt(users.age, minAge), like(users.name, namePattern), ne(posts.title, title)))
        .orderBy(users.name)
        .limit(10)
        .toSQL();
    },
    // Drizzle 0.45 has no iterator over node-postgres (only over mysql2): keyset pages instead.
    streamUsers: async () => {
      const statement = page();
      let seen = 0;
      let after = 0;
      for (;;) {
        const rows = await statement.execute({ after });
        seen += rows.length;
        if (rows.length < streamPageSize) return seen;
        after = (rows[rows.length - 1] as { id: number }).id;
      }
    },
    close: () => client.end(),
  };
};
