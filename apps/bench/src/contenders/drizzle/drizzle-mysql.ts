import { and, eq, gt, like, ne, relations, sql } from 'drizzle-orm';
import { datetime, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { drizzle } from 'drizzle-orm/mysql2';
import mysql from 'mysql2/promise';
import { postsTable, streamTable, usersTable, w6Values } from '../../dataset.js';
import { lazy, loadedGraph, type OpenPeer, peerInsertBatch } from '../peer-kit.js';

const userColumns = () => ({
  id: int('id').autoincrement().primaryKey(),
  name: varchar('name', { length: 50 }).notNull(),
  email: varchar('email', { length: 100 }).notNull(),
  age: int('age'),
  createdAt: datetime('created_at', { mode: 'date', fsp: 6 }),
});

const users = mysqlTable(usersTable, userColumns());
const posts = mysqlTable(postsTable, {
  id: int('id').autoincrement().primaryKey(),
  userId: int('user_id')
    .notNull()
    .references(() => users.id),
  title: varchar('title', { length: 100 }).notNull(),
});
const stream = mysqlTable(streamTable, userColumns());
const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({
  user: one(users, { fields: [posts.userId], references: [users.id] }),
}));
const schema = { users, posts, usersRelations, postsRelations };

/**
 * Drizzle over mysql2, prepared queries throughout (mysql2 sends Drizzle's statements as text).
 * `mode: 'planetscale'`: relational queries as correlated subqueries, since MariaDB has no
 * LATERAL joins, which the default mode uses.
 */
export const openDrizzleMysql: OpenPeer = async (target) => {
  const client = await mysql.createConnection({ uri: target.url });
  const db = drizzle({ client, schema, mode: 'planetscale' });
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
  return {
    exec: async (statement) => void (await db.execute(sql.raw(statement))),
    count: async (table, where) => {
      const [rows] = await db.execute(
        sql.raw(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`),
      );
      return Number((rows as unknown as { n: number }[])[0]?.n);
    },
    insertUsers: (rows) =>
      db.transaction(async (tx) => {
        let inserted = 0;
        for (let start = 0; start < rows.length; start += peerInsertBatch) {
          const batch = rows.slice(start, start + peerInsertBatch);
          inserted += (await tx.insert(users).values(batch))[0].affectedRows;
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
      return db.transaction(async () => {
        const statement = setAge();
        let changed = 0;
        for (const user of loaded) {
          user.age = age;
          changed += (await statement.execute({ age: user.age, id: user.id }))[0].affectedRows;
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
    // Drizzle's iterator over mysql2: rows stream off the connection one by one.
    streamUsers: async () => {
      let seen = 0;
      for await (const row of db.select().from(stream).iterator()) if (row) seen++;
      return seen;
    },
    close: () => client.end(),
  };
};
