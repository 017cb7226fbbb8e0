import { delete_, func, select, update } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { everyDialect, same } from './same-sql.js';

/** UPDATE and DELETE: WHERE, expressions, subqueries, CTEs, RETURNING. */
export const updateDeleteCases: CompileTopic = {
  topic: 'update and delete',
  cases: [
    {
      name: 'UPDATE with WHERE',
      statement: () => update(users).where(users.c.id.eq(5)).values({ name: 'Ann', age: null }),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'UPDATE users SET name = ?, age = NULL WHERE users.id = ?',
          params: ['Ann', 5],
        }),
        postgresql: {
          sql: 'UPDATE users SET name = $1, age = NULL WHERE users.id = $2::INTEGER',
          params: ['Ann', 5],
        },
      },
    },
    {
      name: 'UPDATE with an expression',
      statement: () => update(users).values({ age: users.c.age.add(1) }),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'UPDATE users SET age = users.age + ?',
          params: [1],
        }),
        postgresql: { sql: 'UPDATE users SET age = users.age + $1::INTEGER', params: [1] },
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
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS "userId" FROM posts)',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'UPDATE users SET age = (SELECT count(posts.id) AS count FROM posts WHERE posts.user_id = users.id) WHERE users.id IN (SELECT posts.user_id AS `userId` FROM posts)',
        ),
      },
    },
    {
      name: 'UPDATE ... RETURNING',
      statement: () =>
        update(users).where(users.c.id.eq(1)).values({ age: 2 }).returning(users.c.age),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'UPDATE users SET age = ? WHERE users.id = ? RETURNING age',
          params: [2, 1],
        }),
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
        ...same(['sqlite', 'mysql', 'generic'], {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET age = ? WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        }),
        postgresql: {
          sql: 'WITH old AS (SELECT users.id FROM users WHERE users.age > $1::INTEGER) UPDATE users SET age = $2::INTEGER WHERE users.id IN (SELECT old.id FROM old)',
          params: [90, 90],
        },
        mariadb: {
          error:
            'MariaDB 10.11.0 does not support WITH on UPDATE or DELETE; use a subquery instead of the CTE.',
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
        ...same(['mysql', 'mariadb'], {
          sql: 'DELETE FROM posts WHERE posts.score < CAST(? AS DECIMAL(65, 30)) AND posts.published IS NULL',
          params: ['1'],
        }),
        generic: {
          sql: 'DELETE FROM posts WHERE posts.score < ? AND posts.published IS NULL',
          params: ['1'],
        },
      },
    },
    {
      name: 'DELETE of every row',
      statement: () => delete_(posts),
      sql: same(everyDialect, 'DELETE FROM posts'),
    },
    {
      name: 'DELETE with EXISTS on another table',
      statement: () =>
        delete_(posts).where(
          select(users.c.id).where(users.c.id.eq(posts.c.userId), users.c.age.lt(13)).exists(),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users WHERE users.id = posts.user_id AND users.age < ?)',
          params: [13],
        }),
        postgresql: {
          sql: 'DELETE FROM posts WHERE EXISTS (SELECT users.id FROM users WHERE users.id = posts.user_id AND users.age < $1::INTEGER)',
          params: [13],
        },
      },
    },
    {
      name: 'DELETE ... RETURNING',
      statement: () => delete_(users).where(users.c.id.eq(1)).returning(users.c.id, users.c.name),
      sql: {
        ...same(['sqlite', 'mariadb', 'generic'], {
          sql: 'DELETE FROM users WHERE users.id = ? RETURNING id, name',
          params: [1],
        }),
        postgresql: {
          sql: 'DELETE FROM users WHERE users.id = $1::INTEGER RETURNING id, name',
          params: [1],
        },
        mysql: {
          error:
            'DELETE ... RETURNING is not supported by mysql. Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        },
      },
    },
    {
      name: 'DELETE with a CTE',
      statement: () => {
        const gone = select(users.c.id).where(users.c.age.isNull()).cte('gone');
        return delete_(posts).where(posts.c.userId.in(select(gone.c.id)));
      },
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'mysql', 'generic'],
          'WITH gone AS (SELECT users.id FROM users WHERE users.age IS NULL) DELETE FROM posts WHERE posts.user_id IN (SELECT gone.id FROM gone)',
        ),
        mariadb: {
          error:
            'MariaDB 10.11.0 does not support WITH on UPDATE or DELETE; use a subquery instead of the CTE.',
        },
      },
    },
  ],
};
