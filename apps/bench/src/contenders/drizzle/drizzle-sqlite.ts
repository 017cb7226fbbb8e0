import Database from 'better-sqlite3';
import { and, eq, gt, like, ne, relations, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sqliteFilename } from '../../database-target.js';
import { postsTable, streamTable, usersTable, w6Values } from '../../dataset.js';
import { lazy, loadedGraph, type OpenPeer, peerInsertBatch, streamPageSize } from '../peer-kit.js';

/**
 * The users columns. `created_at` in Drizzle's Date mode for SQLite (`integer` with
 * `timestamp_ms`): Dates in and out, stored as epoch milliseconds.
 */
const userColumns = () => ({
  id: integer('id').primaryKey(),
  name: text('name', { length: 50 }).notNull(),
  email: text('email', { length: 100 }).notNull(),
  age: integer('age'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }),
});

const users = sqliteTable(usersTable, userColumns());
const posts = sqliteTable(postsTable, {
  id: integer('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  title: text('title', { length: 100 }).notNull(),
});
const stream = sqliteTable(streamTable, userColumns());
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({
  user: one(users, { fields: [posts.userId], references: [users.id] }),
}));
const schema = { users, posts, usersRelations, postsRelations };

/** Drizzle over better-sqlite3: prepared statements (`.prepare()` with placeholders) throughout. */
export const openDrizzleSqlite: OpenPeer = async (target) => {
  const db = drizzle({ client: new Database(sqliteFilename(target)), schema });
  const selectAll = lazy(() => db.select().from(users).prepare());
  const byId = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(),
  );
  const withPosts = lazy(() => db.query.users.findMany({ with: { posts: true } }).prepare());
  const firstUsers = lazy(() =>
    db.select().from(users).orderBy(users.id).limit(sql.placeholder('limit')).prepare(),
  );
  const setAge = lazy(() =>
    db
      .update(users)
      .set({ age: sql`${sql.placeholder('age')}` })
      .where(eq(users.id, sql.placeholder('id')))
      .prepare(),
  );
  const page = lazy(() =>
    db
      .select()
      .from(stream)
      .where(gt(stream.id, sql.placeholder('after')))
      .orderBy(stream.id)
      .limit(streamPageSize)
      .prepare(),
  );
  return {
    exec: async (statement) => void db.run(sql.raw(statement)),
    count: async (table, where) =>
      Number(
        db.get<{ n: number }>(
          sql.raw(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`),
        ).n,
      ),
    insertUsers: async (rows) =>
      db.transaction((tx) => {
        let inserted = 0;
        for (let start = 0; start < rows.length; start += peerInsertBatch) {
          const batch = rows.slice(start, start + peerInsertBatch);
          inserted += tx.insert(users).values(batch).run().changes;
        }
        return inserted;
      }),
    selectUsers: async () => selectAll().all().length,
    lookupUsers: async (count) => {
      const statement = byId();
      let found = 0;
      for (let id = 1; id <= count; id++) if (statement.get({ id })) found++;
      return found;
    },
    loadUsersWithPosts: async () =>
      loadedGraph(withPosts().all(), {
        id: (user) => user.id,
        posts: (user) => user.posts,
        owner: (post) => post.userId,
      }),
    updateAges: async (count, age) => {
      const loaded = firstUsers().all({ limit: count });
      return db.transaction(() => {
        const statement = setAge();
        let changed = 0;
        for (const user of loaded) {
          user.age = age;
          changed += statement.run({ age: user.age, id: user.id }).changes;
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
    // Drizzle 0.45 has no iterator over better-sqlite3 (only over mysql2): keyset pages instead.
    streamUsers: async () => {
      const statement = page();
      let seen = 0;
      let after = 0;
      for (;;) {
        const rows = statement.all({ after });
        seen += rows.length;
        if (rows.length < streamPageSize) return seen;
        after = (rows[rows.length - 1] as { id: number }).id;
      }
    },
    close: async () => void db.$client.close(),
  };
};
