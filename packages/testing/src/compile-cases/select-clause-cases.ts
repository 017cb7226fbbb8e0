import { and, func, select } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { everyDialect, same } from './same-sql.js';

/** SELECT: joins, GROUP BY / HAVING, ORDER BY, LIMIT / OFFSET, DISTINCT, FOR UPDATE. */
export const selectClauseCases: CompileTopic = {
  topic: 'select: joins, grouping, ordering, paging, locking',
  cases: [
    {
      name: 'an inner join on a foreign key',
      statement: () => select(users.c.name, posts.c.title).join(posts),
      sql: same(
        everyDialect,
        'SELECT users.name, posts.title FROM users JOIN posts ON users.id = posts.user_id',
      ),
    },
    {
      name: 'an inner join with an ON condition',
      statement: () =>
        select(users.c.name).join(posts, and(users.c.id.eq(posts.c.userId), posts.c.score.gt('1'))),
      sql: {
        sqlite: {
          sql: "SELECT users.name FROM users JOIN posts ON users.id = posts.user_id AND CASE WHEN (posts.score < '0') <> (? < '0') THEN NOT posts.score < '0' WHEN posts.score < '0' THEN (instr(posts.score || '.', '.'), posts.score) < (instr(? || '.', '.'), ?) ELSE (instr(posts.score || '.', '.'), posts.score) > (instr(? || '.', '.'), ?) END",
          params: ['1.00', '1.00', '1.00', '1.00', '1.00'],
        },
        postgresql: {
          sql: 'SELECT users.name FROM users JOIN posts ON users.id = posts.user_id AND posts.score > $1::NUMERIC',
          params: ['1'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT users.name FROM users JOIN posts ON users.id = posts.user_id AND posts.score > CAST(? AS DECIMAL(65, 30))',
          params: ['1'],
        }),
        generic: {
          sql: 'SELECT users.name FROM users JOIN posts ON users.id = posts.user_id AND posts.score > ?',
          params: ['1'],
        },
      },
    },
    {
      name: 'a left outer join',
      statement: () => select(users.c.name, posts.c.title).outerJoin(posts),
      sql: same(
        everyDialect,
        'SELECT users.name, posts.title FROM users LEFT OUTER JOIN posts ON users.id = posts.user_id',
      ),
    },
    {
      name: 'a full outer join',
      statement: () => select(users.c.name, posts.c.title).fullJoin(posts),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.name, posts.title FROM users FULL OUTER JOIN posts ON users.id = posts.user_id',
        ),
        mysql: { error: 'The mysql dialect has no FULL OUTER JOIN.' },
        mariadb: { error: 'The MariaDB 10.11.0 dialect has no FULL OUTER JOIN.' },
      },
    },
    {
      name: 'a self join through an alias',
      statement: () => {
        const other = users.alias('other');
        return select(users.c.name, other.c.name.label('otherName')).join(
          other,
          users.c.age.eq(other.c.age),
        );
      },
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.name, other.name AS "otherName" FROM users JOIN users AS other ON users.age = other.age',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.name, other.name AS `otherName` FROM users JOIN users AS other ON users.age = other.age',
        ),
      },
    },
    {
      name: 'two tables in FROM (a cross join)',
      statement: () => select(users.c.id, posts.c.id.label('postId')),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.id, posts.id AS "postId" FROM users, posts',
        ),
        ...same(['mysql', 'mariadb'], 'SELECT users.id, posts.id AS `postId` FROM users, posts'),
      },
    },
    {
      name: 'GROUP BY with HAVING',
      statement: () =>
        select(posts.c.userId, func.count(posts.c.id).label('n'))
          .groupBy(posts.c.userId)
          .having(func.count(posts.c.id).gt(2)),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT posts.user_id AS "userId", count(posts.id) AS n FROM posts GROUP BY posts.user_id HAVING count(posts.id) > ?',
          params: [2],
        }),
        postgresql: {
          sql: 'SELECT posts.user_id AS "userId", count(posts.id) AS n FROM posts GROUP BY posts.user_id HAVING count(posts.id) > $1::INTEGER',
          params: [2],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT posts.user_id AS `userId`, count(posts.id) AS n FROM posts GROUP BY posts.user_id HAVING count(posts.id) > ?',
          params: [2],
        }),
      },
    },
    {
      name: 'ORDER BY asc and desc',
      statement: () => select(users.c.id).orderBy(users.c.name.asc(), users.c.age.desc()),
      sql: same(everyDialect, 'SELECT users.id FROM users ORDER BY users.name ASC, users.age DESC'),
    },
    {
      name: 'ORDER BY with NULLS FIRST and NULLS LAST',
      statement: () =>
        select(users.c.id).orderBy(users.c.age.nullsFirst(), users.c.email.desc().nullsLast()),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.id FROM users ORDER BY users.age NULLS FIRST, users.email DESC NULLS LAST',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.id FROM users ORDER BY users.age IS NOT NULL, users.age, users.email IS NULL, users.email DESC',
        ),
      },
    },
    {
      name: 'LIMIT and OFFSET',
      statement: () => select(users.c.id).orderBy(users.c.id).limit(10).offset(20),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT ? OFFSET ?',
          params: [10, 20],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT $1::INTEGER OFFSET $2::INTEGER',
          params: [10, 20],
        },
      },
    },
    {
      name: 'OFFSET without LIMIT',
      statement: () => select(users.c.id).orderBy(users.c.id).offset(5),
      sql: {
        sqlite: {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT -1 OFFSET ?',
          params: [5],
        },
        postgresql: {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT ALL OFFSET $1::INTEGER',
          params: [5],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT 18446744073709551615 OFFSET ?',
          params: [5],
        }),
        generic: {
          sql: 'SELECT users.id FROM users ORDER BY users.id LIMIT ALL OFFSET ?',
          params: [5],
        },
      },
    },
    {
      name: 'SELECT DISTINCT and count(DISTINCT)',
      statement: () =>
        select(users.c.age).distinct().addColumns(func.count(users.c.name.distinct())),
      sql: same(
        everyDialect,
        'SELECT DISTINCT users.age, count(DISTINCT users.name) AS count FROM users',
      ),
    },
    {
      name: 'FOR UPDATE',
      statement: () => select(users.c.id).where(users.c.id.eq(1)).forUpdate(),
      sql: {
        sqlite: { sql: 'SELECT users.id FROM users WHERE users.id = ?', params: [1] },
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.id = $1::INTEGER FOR UPDATE',
          params: [1],
        },
        ...same(['mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.id = ? FOR UPDATE',
          params: [1],
        }),
      },
    },
    {
      name: 'FOR UPDATE NOWAIT',
      statement: () => select(users.c.id).forUpdate({ nowait: true }),
      sql: {
        sqlite: 'SELECT users.id FROM users',
        ...same(
          ['postgresql', 'mysql', 'mariadb', 'generic'],
          'SELECT users.id FROM users FOR UPDATE NOWAIT',
        ),
      },
    },
    {
      name: 'FOR UPDATE SKIP LOCKED',
      statement: () => select(users.c.id).forUpdate({ skipLocked: true }),
      sql: {
        sqlite: 'SELECT users.id FROM users',
        ...same(
          ['postgresql', 'mysql', 'mariadb', 'generic'],
          'SELECT users.id FROM users FOR UPDATE SKIP LOCKED',
        ),
      },
    },
    {
      name: 'FOR SHARE',
      statement: () => select(users.c.id).forUpdate({ readOnly: true }),
      sql: {
        sqlite: 'SELECT users.id FROM users',
        ...same(['postgresql', 'mysql', 'generic'], 'SELECT users.id FROM users FOR SHARE'),
        mariadb: 'SELECT users.id FROM users LOCK IN SHARE MODE',
      },
    },
  ],
};
