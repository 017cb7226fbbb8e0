import { delete_, func, select, update } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';

/** UPDATE and DELETE: WHERE, expressions, subqueries, CTEs, RETURNING. */
export const updateDeleteCases: CompileTopic = {
  topic: 'update and delete',
  cases: [
    {
      name: 'UPDATE with WHERE',
      statement: () => update(users).where(users.c.id.eq(5)).values({ name: 'Ann', age: null }),
      sql: {
        sqlite: {
          sql: 'UPDATE users SET name = ?, age = NULL WHERE users.id = ?',
          params: ['Ann', 5],
        },
        postgresql: {
          sql: 'UPDATE users SET name = $1, age = NULL WHERE users.id = $2::INTEGER',
          params: ['Ann', 5],
        },
        mysql: {
          sql: 'UPDATE users SET name = ?, age = NULL WHERE users.id = ?',
          params: ['Ann', 5],
        },
        mariadb: {
          sql: 'UPDATE users SET name = ?, age = NULL WHERE users.id = ?',
          params: ['Ann', 5],
        },
        generic: {
          sql: 'UPDATE users SET name = ?, age = NULL WHERE users.id = ?',
          params: ['Ann', 5],
        },
      },
    },
    {
      name: 'UPDATE with an expression',
      statement: () => update(users).values({ age: users.c.age.add(1) }),
      sql: {
        sqlite: { sql: 'UPDATE users SET age = users.age + ?', params: [1] },
        postgresql: { sql: 'UPDATE users SET age = users.age + $1::INTEGER', params: [1] },
        mysql: { sql: 'UPDATE users SET age = users.age + ?', params: [1] },
        mariadb: { sql: 'UPDATE users SET age = users.age + ?', params: [1] },
        generic: { sql: 'UPDATE users SET age = users.age + ?', params: [1] },
      },
    },
    {
      name: 'UPDATE with a correlated subquery',
      statement: () =>
        update(users)
          .values({
            age: select(func.count(posts.c.id))
              .where(posts.c.userId.eq(users.c.id))
              .scalarSubquery(),
          })
          .where(users.c.id.in(select(posts.c.userId))),
      sql: {
        sqlite:
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts, users WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS "userId" FROM posts)',
        postgresql:
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts, users WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS "userId" FROM posts)',
        mysql:
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts, users WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS `userId` FROM posts)',
        mariadb:
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts, users WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS `userId` FROM posts)',
        generic:
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts, users WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS "userId" FROM posts)',
      },
    },
    {
      name: 'UPDATE ... RETURNING',
      statement: () =>
        update(users).where(users.c.id.eq(1)).values({ age: 2 }).returning(users.c.age),
      sql: {
        sqlite: {
          sql: 'UPDATE users SET age = ? WHERE users.id = ? RETURNING age',
          params: [2, 1],
        },
        postgresql: {
          sql: 'UPDATE users SET age = $1::INTEGER WHERE users.id = $2::INTEGER RETURNING age',
          params: [2, 1],
        },
        mysql: {
          error:
            'UPDATE ... RETURNING is not supported by mysql. Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        },
        mariadb: {
          error:
            'UPDATE ... RETURNING is not supported by MariaDB 10.11.0. Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        },
        generic: {
          sql: 'UPDATE users SET age = ? WHERE users.id = ? RETURNING age',
          params: [2, 1],
        },
      },
    },
    {
      name: 'UPDATE with a CTE',
      statement: () => {
        const old = select(users.c.id).where(users.c.age.gt(90)).cte('old');
        return update(users)
          .where(users.c.id.in(select(old.c.id)))
          .values({ age: 90 });
      },
      sql: {
        sqlite: {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET age = ? WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        },
        postgresql: {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > $1::INTEGER) UPDATE users SET age = $2::INTEGER WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        },
        mysql: {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET age = ? WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        },
        mariadb: {
          error:
            'MariaDB 10.11.0 does not support WITH on UPDATE or DELETE; use a subquery instead of the CTE.',
        },
        generic: {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET age = ? WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        },
      },
    },
    {
      name: 'DELETE with WHERE',
      statement: () => delete_(posts).where(posts.c.score.lt('1'), posts.c.published.isNull()),
      sql: {
        sqlite: {
          sql: "DELETE FROM posts WHERE CASE WHEN (posts.score < '0') <> (? < '0') THEN posts.score < '0' WHEN posts.score < '0' THEN (instr(posts.score || '.', '.'), posts.score) > (instr(? || '.', '.'), ?) ELSE (instr(posts.score || '.', '.'), posts.score) < (instr(? || '.', '.'), ?) END AND posts.published IS NULL",
          params: ['1.00', '1.00', '1.00', '1.00', '1.00'],
        },
        postgresql: {
          sql: 'DELETE FROM posts WHERE posts.score < $1::NUMERIC AND posts.published IS NULL',
          params: ['1'],
        },
        mysql: {
          sql: 'DELETE FROM posts WHERE posts.score < CAST(? AS DECIMAL(65, 30)) AND posts.published IS NULL',
          params: ['1'],
        },
        mariadb: {
          sql: 'DELETE FROM posts WHERE posts.score < CAST(? AS DECIMAL(65, 30)) AND posts.published IS NULL',
          params: ['1'],
        },
        generic: {
          sql: 'DELETE FROM posts WHERE posts.score < ? AND posts.published IS NULL',
          params: ['1'],
        },
      },
    },
    {
      name: 'DELETE of every row',
      statement: () => delete_(posts),
      sql: {
        sqlite: 'DELETE FROM posts',
        postgresql: 'DELETE FROM posts',
        mysql: 'DELETE FROM posts',
        mariadb: 'DELETE FROM posts',
        generic: 'DELETE FROM posts',
      },
    },
    {
      name: 'DELETE with EXISTS on another table',
      statement: () =>
        delete_(posts).where(
          select(users.c.id).where(users.c.id.eq(posts.c.userId), users.c.age.lt(13)).exists(),
        ),
      sql: {
        sqlite: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users, posts WHERE users.id = posts.user_id AND users.age < ?)',
          params: [13],
        },
        postgresql: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users, posts WHERE users.id = posts.user_id AND users.age < $1::INTEGER)',
          params: [13],
        },
        mysql: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users, posts WHERE users.id = posts.user_id AND users.age < ?)',
          params: [13],
        },
        mariadb: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users, posts WHERE users.id = posts.user_id AND users.age < ?)',
          params: [13],
        },
        generic: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users, posts WHERE users.id = posts.user_id AND users.age < ?)',
          params: [13],
        },
      },
    },
    {
      name: 'DELETE ... RETURNING',
      statement: () => delete_(users).where(users.c.id.eq(1)).returning(users.c.id, users.c.name),
      sql: {
        sqlite: { sql: 'DELETE FROM users WHERE users.id = ? RETURNING id, name', params: [1] },
        postgresql: {
          sql: 'DELETE FROM users WHERE users.id = $1::INTEGER RETURNING id, name',
          params: [1],
        },
        mysql: {
          error:
            'DELETE ... RETURNING is not supported by mysql. Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        },
        mariadb: { sql: 'DELETE FROM users WHERE users.id = ? RETURNING id, name', params: [1] },
        generic: { sql: 'DELETE FROM users WHERE users.id = ? RETURNING id, name', params: [1] },
      },
    },
    {
      name: 'DELETE with a CTE',
      statement: () => {
        const gone = select(users.c.id).where(users.c.age.isNull()).cte('gone');
        return delete_(posts).where(posts.c.userId.in(select(gone.c.id)));
      },
      sql: {
        sqlite:
          'WITH gone AS (SELECT users.id FROM users WHERE users.age IS NULL) DELETE FROM posts WHERE posts.user_id IN (SELECT gone.id FROM gone)',
        postgresql:
          'WITH gone AS (SELECT users.id FROM users WHERE users.age IS NULL) DELETE FROM posts WHERE posts.user_id IN (SELECT gone.id FROM gone)',
        mysql:
          'WITH gone AS (SELECT users.id FROM users WHERE users.age IS NULL) DELETE FROM posts WHERE posts.user_id IN (SELECT gone.id FROM gone)',
        mariadb: {
          error:
            'MariaDB 10.11.0 does not support WITH on UPDATE or DELETE; use a subquery instead of the CTE.',
        },
        generic:
          'WITH gone AS (SELECT users.id FROM users WHERE users.age IS NULL) DELETE FROM posts WHERE posts.user_id IN (SELECT gone.id FROM gone)',
      },
    },
  ],
};
