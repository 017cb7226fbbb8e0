import type { DatabaseKind } from '../../database-target.js';
import { postsTable, usersTable, w6Values } from '../../dataset.js';

/** Rows per INSERT statement in the raw contender's batched W1. */
export const rowsPerInsert = 100;

/** The users table as Athanor's `createAll()` makes it on each database. */
export function createUsersSql(kind: DatabaseKind, table: string): string {
  switch (kind) {
    case 'sqlite':
      return `CREATE TABLE ${table} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL, age INTEGER, created_at DATETIME)`;
    case 'postgres':
      return `CREATE TABLE ${table} (id SERIAL NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL, age INTEGER, created_at TIMESTAMP WITHOUT TIME ZONE)`;
    case 'mysql':
      return `CREATE TABLE ${table} (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL, age INTEGER, created_at DATETIME(6))`;
  }
}

/** `INSERT ... VALUES (...), (...)` for `rows` rows, with the database's placeholders. */
export function insertUsersSql(kind: DatabaseKind, table: string, rows: number): string {
  const groups = new Array<string>(rows);
  for (let r = 0; r < rows; r++) {
    if (kind === 'postgres') {
      const n = r * 4;
      groups[r] = `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4})`;
    } else groups[r] = '(?, ?, ?, ?)';
  }
  return `INSERT INTO ${table} (name, email, age, created_at) VALUES ${groups.join(', ')}`;
}

/** The posts table as Athanor's `createAll()` makes it on each database (after the users). */
export function createPostsSql(kind: DatabaseKind): string {
  const id = {
    sqlite: 'id INTEGER NOT NULL',
    postgres: 'id SERIAL NOT NULL',
    mysql: 'id INTEGER NOT NULL AUTO_INCREMENT',
  }[kind];
  return `CREATE TABLE ${postsTable} (${id}, user_id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES ${usersTable} (id))`;
}

/**
 * The index on `posts.user_id` that Athanor's schema declares (`index: true`): W4 finds each
 * user's posts by it. Without it a correlated subquery per user (Drizzle's and Kysely's
 * relation loading, the raw JSON query) scans the whole posts table once per user.
 */
export const createPostsIndexSql = `CREATE INDEX ix_${postsTable}_user_id ON ${postsTable} (user_id)`;

/**
 * The statements that make the users and posts tables empty and as Athanor's `createAll()`
 * makes them, dropping what another contender left on a server first (posts before users, for
 * the foreign key). What every peer contender runs through its own library before it seeds.
 */
export function freshTablesSql(kind: DatabaseKind): string[] {
  const cascade = kind === 'postgres' ? ' CASCADE' : '';
  return [
    `DROP TABLE IF EXISTS ${postsTable}${cascade}`,
    `DROP TABLE IF EXISTS ${usersTable}${cascade}`,
    createUsersSql(kind, usersTable),
    createPostsSql(kind),
    createPostsIndexSql,
  ];
}

/** `INSERT` of `rows` posts, ids given, with the database's placeholders (W4's set-up). */
export function insertPostsSql(kind: DatabaseKind, rows: number): string {
  const groups = new Array<string>(rows);
  for (let r = 0; r < rows; r++) {
    const n = r * 3;
    groups[r] = kind === 'postgres' ? `($${n + 1}, $${n + 2}, $${n + 3})` : '(?, ?, ?)';
  }
  return `INSERT INTO ${postsTable} (id, user_id, title) VALUES ${groups.join(', ')}`;
}

export const selectUsersSql = `SELECT id, name, email, age, created_at FROM ${usersTable}`;

/**
 * W4's second query: the posts of `count` users. PostgreSQL takes the keys as one array
 * parameter (`= ANY($1)`, one prepared statement whatever the count); the others an
 * `IN (?, ...)` list with a placeholder per key.
 */
export function selectPostsOfUsersSql(kind: DatabaseKind, count: number): string {
  const select = `SELECT id, user_id, title FROM ${postsTable} WHERE user_id`;
  if (kind === 'postgres') return `${select} = ANY($1)`;
  return `${select} IN (${new Array<string>(count).fill('?').join(', ')})`;
}

/**
 * W4 in one statement: each user with its posts aggregated into a JSON array by a correlated
 * subquery on the posts' index (SQLite `json_group_array`, PostgreSQL `json_agg`, MariaDB
 * `JSON_ARRAYAGG`); a user without posts gets `[]`.
 */
export function selectUsersWithPostsJsonSql(kind: DatabaseKind): string {
  const posts = `FROM ${postsTable} AS p WHERE p.user_id = u.id`;
  const aggregate = {
    sqlite: `(SELECT coalesce(json_group_array(json_object('id', p.id, 'user_id', p.user_id, 'title', p.title)), '[]') ${posts})`,
    postgres: `(SELECT coalesce(json_agg(json_build_object('id', p.id, 'user_id', p.user_id, 'title', p.title)), '[]') ${posts})`,
    mysql: `(SELECT coalesce(JSON_ARRAYAGG(JSON_OBJECT('id', p.id, 'user_id', p.user_id, 'title', p.title)), '[]') ${posts})`,
  }[kind];
  return `SELECT u.id, u.name, u.email, u.age, u.created_at, ${aggregate} AS posts FROM ${usersTable} AS u`;
}

export function selectUserByIdSql(kind: DatabaseKind): string {
  return `${selectUsersSql} WHERE id = ${kind === 'postgres' ? '$1' : '?'}`;
}

export function selectFirstUsersSql(kind: DatabaseKind): string {
  return `${selectUsersSql} ORDER BY id LIMIT ${kind === 'postgres' ? '$1' : '?'}`;
}

export function updateAgeSql(kind: DatabaseKind): string {
  return kind === 'postgres'
    ? `UPDATE ${usersTable} SET age = $1 WHERE id = $2`
    : `UPDATE ${usersTable} SET age = ? WHERE id = ?`;
}

/**
 * W6 by hand: the statement's text put together from its parts, and its values, as code without
 * a query builder does it. The floor for building a statement, not a fair fight.
 */
export function handWrittenJoinSelect(
  kind: DatabaseKind,
  i: number,
): { sql: string; params: unknown[] } {
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  const { minAge, namePattern, title } = w6Values(i);
  const sql =
    `SELECT u.id, u.name, p.title FROM ${usersTable} AS u ` +
    `JOIN ${postsTable} AS p ON p.user_id = u.id ` +
    `WHERE u.age > ${p(1)} AND u.name LIKE ${p(2)} AND p.title <> ${p(3)} ` +
    `ORDER BY u.name LIMIT ${p(4)}`;
  return { sql, params: [minAge, namePattern, title, 10] };
}

export function countSql(table: string, where = ''): string {
  return `SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`;
}
