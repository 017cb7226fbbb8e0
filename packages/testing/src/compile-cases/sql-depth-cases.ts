import { delete_, exceptAll, func, intersectAll, select, update } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { same } from './same-sql.js';

/**
 * Aggregates with FILTER, DISTINCT ON, COLLATE, INTERSECT ALL and EXCEPT ALL; UPDATE and DELETE
 * whose WHERE names other tables (UPDATE ... FROM, DELETE ... USING).
 */
export const sqlDepthCases: CompileTopic = {
  topic: 'FILTER, DISTINCT ON, COLLATE, INTERSECT/EXCEPT ALL, UPDATE FROM, DELETE USING',
  cases: [
    {
      name: 'count(*) FILTER (WHERE ...), a CASE inside the count on MySQL',
      statement: () => select(func.count().filter(users.c.age.gt(30)).label('older')),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT count(*) FILTER (WHERE users.age > ?) AS older FROM users',
          params: [30],
        }),
        postgresql: {
          sql: 'SELECT count(*) FILTER (WHERE users.age > $1::INTEGER) AS older FROM users',
          params: [30],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT count(CASE WHEN users.age > ? THEN 1 END) AS older FROM users',
          params: [30],
        }),
      },
    },
    {
      name: 'an aggregate of a column, and of DISTINCT, with FILTER',
      statement: () =>
        select(
          func.sum(users.c.age).filter(users.c.name.ne('x')),
          func.count(users.c.age.distinct()).filter(users.c.age.isNotNull()).label('ages'),
        ),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT sum(users.age) FILTER (WHERE users.name != ?) AS sum, count(DISTINCT users.age) FILTER (WHERE users.age IS NOT NULL) AS ages FROM users',
          params: ['x'],
        }),
        postgresql: {
          sql: 'SELECT sum(users.age) FILTER (WHERE users.name != $1) AS sum, count(DISTINCT users.age) FILTER (WHERE users.age IS NOT NULL) AS ages FROM users',
          params: ['x'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT sum(CASE WHEN users.name != ? THEN users.age END) AS sum, count(DISTINCT CASE WHEN users.age IS NOT NULL THEN users.age END) AS ages FROM users',
          params: ['x'],
        }),
      },
    },
    {
      name: 'FILTER on a function without arguments, where it must be emulated',
      statement: () => select(func.rowNumber().filter(users.c.age.gt(1)).label('n')),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT row_number() FILTER (WHERE users.age > ?) AS n FROM users',
          params: [1],
        }),
        postgresql: {
          sql: 'SELECT row_number() FILTER (WHERE users.age > $1::INTEGER) AS n FROM users',
          params: [1],
        },
        mysql: {
          error:
            'The mysql dialect has no FILTER on aggregates, and row_number() has no argument to put the condition in.',
        },
        mariadb: {
          error:
            'The MariaDB 10.11.0 dialect has no FILTER on aggregates, and row_number() has no argument to put the condition in.',
        },
      },
    },
    {
      name: 'SELECT DISTINCT ON (PostgreSQL)',
      statement: () =>
        select(posts.c.userId, posts.c.title)
          .distinct(posts.c.userId)
          .orderBy(posts.c.userId, posts.c.id.desc()),
      sql: {
        ...same(
          ['postgresql', 'generic'],
          'SELECT DISTINCT ON (posts.user_id) posts.user_id AS "userId", posts.title FROM posts ORDER BY posts.user_id, posts.id DESC',
        ),
        sqlite: { error: distinctOnError('sqlite') },
        mysql: { error: distinctOnError('mysql') },
        mariadb: { error: distinctOnError('MariaDB 10.11.0') },
      },
    },
    {
      name: 'COLLATE on a column, and on an expression',
      statement: () =>
        select(users.c.name.collate('C').label('n'))
          .where(users.c.name.concat('!').collate('utf8mb4_bin').eq('Al!'))
          .orderBy(users.c.name.collate('NOCASE')),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT users.name COLLATE "C" AS n FROM users WHERE (users.name || ?) COLLATE utf8mb4_bin = ? ORDER BY users.name COLLATE "NOCASE"',
          params: ['!', 'Al!'],
        }),
        postgresql: {
          sql: 'SELECT users.name COLLATE "C" AS n FROM users WHERE (users.name || $1) COLLATE utf8mb4_bin = $2 ORDER BY users.name COLLATE "NOCASE"',
          params: ['!', 'Al!'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT users.name COLLATE `C` AS n FROM users WHERE (concat(users.name, ?)) COLLATE utf8mb4_bin = ? ORDER BY users.name COLLATE `NOCASE`',
          params: ['!', 'Al!'],
        }),
      },
    },
    {
      name: 'INTERSECT ALL and EXCEPT ALL',
      statement: () =>
        exceptAll(
          intersectAll(select(users.c.age), select(users.c.age).where(users.c.id.gt(1))),
          select(users.c.age).where(users.c.age.isNull()),
        ),
      sql: {
        ...same(['generic', 'mysql', 'mariadb'], {
          sql: '(SELECT users.age FROM users INTERSECT ALL SELECT users.age FROM users WHERE users.id > ?) EXCEPT ALL SELECT users.age FROM users WHERE users.age IS NULL',
          params: [1],
        }),
        postgresql: {
          sql: '(SELECT users.age FROM users INTERSECT ALL SELECT users.age FROM users WHERE users.id > $1::INTEGER) EXCEPT ALL SELECT users.age FROM users WHERE users.age IS NULL',
          params: [1],
        },
        sqlite: {
          error: 'The sqlite dialect has no EXCEPT ALL; use EXCEPT (without duplicates) instead.',
        },
      },
    },
    {
      name: 'INTERSECT ALL from a select',
      statement: () => select(users.c.id).intersectAll(select(posts.c.userId)),
      sql: {
        ...same(
          ['postgresql', 'generic'],
          'SELECT users.id FROM users INTERSECT ALL SELECT posts.user_id AS "userId" FROM posts',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.id FROM users INTERSECT ALL SELECT posts.user_id AS `userId` FROM posts',
        ),
        sqlite: {
          error:
            'The sqlite dialect has no INTERSECT ALL; use INTERSECT (without duplicates) instead.',
        },
      },
    },
    {
      name: 'UPDATE ... FROM the other tables WHERE names; MySQL lists them beside the target',
      statement: () =>
        update(users)
          .values({ age: users.c.age.add(1) })
          .where(posts.c.userId.eq(users.c.id), posts.c.title.eq('x')),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'UPDATE users SET age = users.age + ? FROM posts WHERE posts.user_id = users.id AND posts.title = ?',
          params: [1, 'x'],
        }),
        postgresql: {
          sql: 'UPDATE users SET age = users.age + $1::INTEGER FROM posts WHERE posts.user_id = users.id AND posts.title = $2',
          params: [1, 'x'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'UPDATE users, posts SET users.age = users.age + ? WHERE posts.user_id = users.id AND posts.title = ?',
          params: [1, 'x'],
        }),
      },
    },
    {
      name: 'DELETE ... USING the other tables WHERE names; none on SQLite',
      statement: () => delete_(posts).where(posts.c.userId.eq(users.c.id), users.c.age.lt(18)),
      sql: {
        generic: {
          sql: 'DELETE FROM posts USING users WHERE posts.user_id = users.id AND users.age < ?',
          params: [18],
        },
        postgresql: {
          sql: 'DELETE FROM posts USING users WHERE posts.user_id = users.id AND users.age < $1::INTEGER',
          params: [18],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'DELETE FROM posts USING posts, users WHERE posts.user_id = users.id AND users.age < ?',
          params: [18],
        }),
        sqlite: {
          error:
            'The sqlite dialect has no DELETE ... USING, so the WHERE of a DELETE cannot name another table (users). Use a subquery: where(table.c.id.in(select(...))).',
        },
      },
    },
    {
      name: 'a DELETE subquery on its own table, which correlating would leave without FROM',
      statement: () =>
        delete_(users).where(users.c.id.notIn(select(func.min(users.c.id)).groupBy(users.c.name))),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic', 'mysql', 'mariadb'],
          'DELETE FROM users WHERE users.id NOT IN (SELECT min(users.id) AS min FROM users GROUP BY users.name)',
        ),
      },
    },
  ],
};

function distinctOnError(dialect: string): string {
  return `The ${dialect} dialect has no DISTINCT ON (PostgreSQL's). Pick one row per group another way: a window function, rowNumber().over({ partitionBy, orderBy }), filtered to 1.`;
}
