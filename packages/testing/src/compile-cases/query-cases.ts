import {
  case_,
  cast,
  exists,
  func,
  Integer,
  literal,
  null_,
  String as SqlString,
  select,
  true_,
  union,
  unionAll,
} from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { everyDialect, same } from './same-sql.js';

/** Subqueries, CTEs, compound selects, window functions, CASE, CAST and functions. */
export const queryCases: CompileTopic = {
  topic: 'select: subqueries, CTEs, unions, windows, expressions',
  cases: [
    {
      name: 'a subquery in FROM',
      statement: () => {
        const adults = select(users.c.id, users.c.name)
          .where(users.c.age.ge(18))
          .subquery('adults');
        return select(adults.c.name).where(adults.c.id.gt(3));
      },
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT adults.name FROM (SELECT users.id, users.name FROM users WHERE users.age >= ?) AS adults WHERE adults.id > ?',
          params: [18, 3],
        }),
        postgresql: {
          sql: 'SELECT adults.name FROM (SELECT users.id, users.name FROM users WHERE users.age >= $1::INTEGER) AS adults WHERE adults.id > $2::INTEGER',
          params: [18, 3],
        },
      },
    },
    {
      name: 'a scalar subquery as a column',
      statement: () =>
        select(
          users.c.name,
          select(func.count(posts.c.id))
            .where(posts.c.userId.eq(users.c.id))
            .scalarSubquery()
            .label('postCount'),
        ),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.name, (SELECT count(posts.id) AS count FROM posts WHERE posts.user_id = users.id) AS "postCount" FROM users',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.name, (SELECT count(posts.id) AS count FROM posts WHERE posts.user_id = users.id) AS `postCount` FROM users',
        ),
      },
    },
    {
      name: 'EXISTS with a correlated subquery',
      statement: () =>
        select(users.c.id).where(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id)))),
      sql: same(
        everyDialect,
        'SELECT users.id FROM users WHERE EXISTS (SELECT posts.id FROM posts WHERE posts.user_id = users.id)',
      ),
    },
    {
      name: 'a CTE',
      statement: () => {
        const busy = select(posts.c.userId).where(posts.c.score.gt('10')).cte('busy');
        return select(users.c.name).where(users.c.id.in(select(busy.c.userId)));
      },
      sql: {
        sqlite: {
          sql: "WITH busy AS (SELECT posts.user_id AS \"userId\" FROM posts WHERE CASE WHEN (posts.score < '0') <> (? < '0') THEN NOT posts.score < '0' WHEN posts.score < '0' THEN (instr(posts.score || '.', '.'), posts.score) < (instr(? || '.', '.'), ?) ELSE (instr(posts.score || '.', '.'), posts.score) > (instr(? || '.', '.'), ?) END) SELECT users.name FROM users WHERE users.id IN (SELECT busy.\"userId\" FROM busy)",
          params: ['10.00', '10.00', '10.00', '10.00', '10.00'],
        },
        postgresql: {
          sql: 'WITH busy AS (SELECT posts.user_id AS "userId" FROM posts WHERE posts.score > $1::NUMERIC) SELECT users.name FROM users WHERE users.id IN (SELECT busy."userId" FROM busy)',
          params: ['10'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'WITH busy AS (SELECT posts.user_id AS `userId` FROM posts WHERE posts.score > CAST(? AS DECIMAL(65, 30))) SELECT users.name FROM users WHERE users.id IN (SELECT busy.`userId` FROM busy)',
          params: ['10'],
        }),
        generic: {
          sql: 'WITH busy AS (SELECT posts.user_id AS "userId" FROM posts WHERE posts.score > ?) SELECT users.name FROM users WHERE users.id IN (SELECT busy."userId" FROM busy)',
          params: ['10'],
        },
      },
    },
    {
      name: 'a recursive CTE',
      statement: () => {
        const seed = select(literal(1, Integer).label('n')).cte('counter', { recursive: true });
        const counter = seed.unionAll(select(seed.c.n.add(1)).where(seed.c.n.lt(5)));
        return select(counter.c.n);
      },
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'WITH RECURSIVE counter (n) AS (SELECT ? AS n UNION ALL SELECT counter.n + ? AS anon_1 FROM counter WHERE counter.n < ?) SELECT counter.n FROM counter',
          params: [1, 1, 5],
        }),
        postgresql: {
          sql: 'WITH RECURSIVE counter (n) AS (SELECT $1::INTEGER AS n UNION ALL SELECT counter.n + $2::INTEGER AS anon_1 FROM counter WHERE counter.n < $3::INTEGER) SELECT counter.n FROM counter',
          params: [1, 1, 5],
        },
      },
    },
    {
      name: 'UNION with ORDER BY and LIMIT',
      statement: () =>
        union(select(users.c.name), select(posts.c.title)).orderBy(users.c.name).limit(5),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.name FROM users UNION SELECT posts.title FROM posts ORDER BY name LIMIT ?',
          params: [5],
        }),
        postgresql: {
          sql: 'SELECT users.name FROM users UNION SELECT posts.title FROM posts ORDER BY name LIMIT $1::INTEGER',
          params: [5],
        },
      },
    },
    {
      name: 'UNION ALL, INTERSECT, EXCEPT',
      statement: () =>
        unionAll(
          select(users.c.id).intersect(select(posts.c.userId)),
          select(users.c.id).except_(select(posts.c.id)),
        ),
      sql: {
        sqlite:
          'SELECT * FROM (SELECT users.id FROM users INTERSECT SELECT posts.user_id AS "userId" FROM posts) UNION ALL SELECT * FROM (SELECT users.id FROM users EXCEPT SELECT posts.id FROM posts)',
        ...same(
          ['postgresql', 'generic'],
          '(SELECT users.id FROM users INTERSECT SELECT posts.user_id AS "userId" FROM posts) UNION ALL (SELECT users.id FROM users EXCEPT SELECT posts.id FROM posts)',
        ),
        ...same(
          ['mysql', 'mariadb'],
          '(SELECT users.id FROM users INTERSECT SELECT posts.user_id AS `userId` FROM posts) UNION ALL (SELECT users.id FROM users EXCEPT SELECT posts.id FROM posts)',
        ),
      },
    },
    {
      name: 'window functions',
      statement: () =>
        select(
          users.c.name,
          func.rowNumber().over({ orderBy: users.c.id }).label('rn'),
          func.rank().over({ partitionBy: users.c.age, orderBy: users.c.name.desc() }).label('r'),
          func.sum(users.c.age).over().label('total'),
        ),
      sql: same(
        everyDialect,
        'SELECT users.name, row_number() OVER (ORDER BY users.id) AS rn, rank() OVER (PARTITION BY users.age ORDER BY users.name DESC) AS r, sum(users.age) OVER () AS total FROM users',
      ),
    },
    {
      name: 'CASE with ELSE',
      statement: () =>
        select(
          case_(
            [
              [users.c.age.lt(13), 'child'],
              [users.c.age.lt(20), 'teen'],
            ],
            { else: 'adult' },
          ).label('band'),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT CASE WHEN users.age < ? THEN ? WHEN users.age < ? THEN ? ELSE ? END AS band FROM users',
          params: [13, 'child', 20, 'teen', 'adult'],
        }),
        postgresql: {
          sql: 'SELECT CASE WHEN users.age < $1::INTEGER THEN $2 WHEN users.age < $3::INTEGER THEN $4 ELSE $5 END AS band FROM users',
          params: [13, 'child', 20, 'teen', 'adult'],
        },
      },
    },
    {
      name: 'CAST',
      statement: () =>
        select(cast(users.c.age, SqlString(10)), users.c.name.cast(Integer).label('n')),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT CAST(users.age AS VARCHAR(10)) AS age, CAST(users.name AS INTEGER) AS n FROM users',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT CAST(users.age AS CHAR) AS age, CAST(users.name AS SIGNED) AS n FROM users',
        ),
      },
    },
    {
      name: 'aggregate and scalar functions',
      statement: () =>
        select(
          func.count(),
          func.max(users.c.age),
          func.avg(users.c.age),
          func.coalesce(users.c.email, 'none'),
          func.lower(users.c.name),
          func.length(users.c.name),
        ),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT count(*) AS count, max(users.age) AS max, avg(users.age) AS avg, coalesce(users.email, ?) AS coalesce, lower(users.name) AS lower, length(users.name) AS length FROM users',
          params: ['none'],
        }),
        postgresql: {
          sql: 'SELECT count(*) AS count, max(users.age) AS max, avg(users.age) AS avg, coalesce(users.email, $1) AS "coalesce", lower(users.name) AS lower, length(users.name) AS length FROM users',
          params: ['none'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT count(*) AS count, max(users.age) AS max, avg(users.age) AS avg, coalesce(users.email, ?) AS coalesce, lower(users.name) AS lower, char_length(users.name) AS length FROM users',
          params: ['none'],
        }),
      },
    },
    {
      name: 'NULL, TRUE and literal values',
      statement: () => select(null_().label('a'), true_().label('b'), literal('x').label('c')),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT NULL AS a, TRUE AS b, ? AS c',
          params: ['x'],
        }),
        postgresql: { sql: 'SELECT NULL AS a, TRUE AS b, $1 AS c', params: ['x'] },
      },
    },
  ],
};
