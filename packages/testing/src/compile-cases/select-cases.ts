import { and, not, or, select, tuple } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { everyDialect, same } from './same-sql.js';

/** SELECT: columns, labels, and WHERE with every operator family. */
export const selectCases: CompileTopic = {
  topic: 'select: columns and where',
  cases: [
    {
      name: 'a whole table',
      statement: () => select(users),
      sql: same(everyDialect, 'SELECT users.id, users.name, users.age, users.email FROM users'),
    },
    {
      name: 'columns with a label',
      statement: () => select(users.c.id, users.c.name.label('userName')),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.id, users.name AS "userName" FROM users',
        ),
        ...same(['mysql', 'mariadb'], 'SELECT users.id, users.name AS `userName` FROM users'),
      },
    },
    {
      name: 'comparisons: = != < <= > >=',
      statement: () =>
        select(users.c.id).where(
          users.c.id.eq(1),
          users.c.id.ne(2),
          users.c.age.lt(3),
          users.c.age.le(4),
          users.c.age.gt(5),
          users.c.age.ge(6),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.id = ? AND users.id != ? AND users.age < ? AND users.age <= ? AND users.age > ? AND users.age >= ?',
          params: [1, 2, 3, 4, 5, 6],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.id = $1::INTEGER AND users.id != $2::INTEGER AND users.age < $3::INTEGER AND users.age <= $4::INTEGER AND users.age > $5::INTEGER AND users.age >= $6::INTEGER',
          params: [1, 2, 3, 4, 5, 6],
        },
      },
    },
    {
      name: 'eq(null) and ne(null) are IS NULL and IS NOT NULL',
      statement: () => select(users.c.id).where(users.c.email.eq(null), users.c.age.ne(null)),
      sql: same(
        everyDialect,
        'SELECT users.id FROM users WHERE users.email IS NULL AND users.age IS NOT NULL',
      ),
    },
    {
      name: 'isNull and isNotNull',
      statement: () => select(users.c.id).where(users.c.email.isNull(), users.c.age.isNotNull()),
      sql: same(
        everyDialect,
        'SELECT users.id FROM users WHERE users.email IS NULL AND users.age IS NOT NULL',
      ),
    },
    {
      name: 'and, or, not',
      statement: () =>
        select(users.c.id).where(
          or(and(users.c.age.gt(1), users.c.age.lt(9)), not(users.c.name.eq('x'))),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.age > ? AND users.age < ? OR NOT users.name = ?',
          params: [1, 9, 'x'],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.age > $1::INTEGER AND users.age < $2::INTEGER OR NOT users.name = $3',
          params: [1, 9, 'x'],
        },
      },
    },
    {
      name: 'in and notIn a list',
      statement: () =>
        select(users.c.id).where(users.c.id.in([1, 2, 3]), users.c.name.notIn(['a', 'b'])),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.id IN (?, ?, ?) AND users.name NOT IN (?, ?)',
          params: [1, 2, 3, 'a', 'b'],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.id IN ($1::INTEGER, $2::INTEGER, $3::INTEGER) AND users.name NOT IN ($4, $5)',
          params: [1, 2, 3, 'a', 'b'],
        },
      },
    },
    {
      name: 'in an empty list',
      statement: () => select(users.c.id).where(users.c.id.in([])),
      sql: same(everyDialect, 'SELECT users.id FROM users WHERE 1 != 1'),
    },
    {
      name: 'in a subquery',
      statement: () => select(users.c.id).where(users.c.id.in(select(posts.c.userId))),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id AS "userId" FROM posts)',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.id FROM users WHERE users.id IN (SELECT posts.user_id AS `userId` FROM posts)',
        ),
      },
    },
    {
      name: 'a tuple in a list of tuples',
      statement: () =>
        select(users.c.id).where(
          tuple(users.c.id, users.c.name).in([
            [1, 'a'],
            [2, 'b'],
          ]),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE (users.id, users.name) IN ((?, ?), (?, ?))',
          params: [1, 'a', 2, 'b'],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE (users.id, users.name) IN (($1::INTEGER, $2), ($3::INTEGER, $4))',
          params: [1, 'a', 2, 'b'],
        },
      },
    },
    {
      name: 'between and notBetween',
      statement: () =>
        select(users.c.id).where(users.c.age.between(18, 65), users.c.id.notBetween(5, 7)),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.age BETWEEN ? AND ? AND users.id NOT BETWEEN ? AND ?',
          params: [18, 65, 5, 7],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.age BETWEEN $1::INTEGER AND $2::INTEGER AND users.id NOT BETWEEN $3::INTEGER AND $4::INTEGER',
          params: [18, 65, 5, 7],
        },
      },
    },
    {
      name: 'like, notLike, ilike, notIlike',
      statement: () =>
        select(users.c.id).where(
          users.c.name.like('a%'),
          users.c.name.notLike('b%'),
          users.c.email.ilike('%@X.org'),
          users.c.email.notIlike('%@y.org'),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT users.id FROM users WHERE users.name LIKE ? AND users.name NOT LIKE ? AND lower(users.email) LIKE lower(?) AND lower(users.email) NOT LIKE lower(?)',
          params: ['a%', 'b%', '%@X.org', '%@y.org'],
        }),
        postgresql: {
          sql: 'SELECT users.id FROM users WHERE users.name LIKE $1 AND users.name NOT LIKE $2 AND users.email ILIKE $3 AND users.email NOT ILIKE $4',
          params: ['a%', 'b%', '%@X.org', '%@y.org'],
        },
      },
    },
    {
      name: 'startsWith, endsWith, contains with autoescape',
      statement: () =>
        select(users.c.id).where(
          users.c.name.startsWith('a_'),
          users.c.name.endsWith('%z', { autoescape: true }),
          users.c.email.contains('@'),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: "SELECT users.id FROM users WHERE users.name LIKE ? ESCAPE '/' AND users.name LIKE ? ESCAPE '/' AND users.email LIKE ? ESCAPE '/'",
          params: ['a/_%', '%/%z', '%@%'],
        }),
        postgresql: {
          sql: "SELECT users.id FROM users WHERE users.name LIKE $1 ESCAPE '/' AND users.name LIKE $2 ESCAPE '/' AND users.email LIKE $3 ESCAPE '/'",
          params: ['a/_%', '%/%z', '%@%'],
        },
      },
    },
    {
      name: 'arithmetic and string concatenation',
      statement: () =>
        select(
          users.c.age.add(1).mul(2),
          users.c.age.sub(1).div(3),
          users.c.age.mod(2),
          users.c.age.neg(),
          users.c.name.concat('!'),
        ),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'SELECT (users.age + ?) * ? AS anon_1, (users.age - ?) / ? AS anon_2, users.age % ? AS anon_3, -users.age AS anon_4, users.name || ? AS anon_5 FROM users',
          params: [1, 2, 1, 3, 2, '!'],
        }),
        postgresql: {
          sql: 'SELECT (users.age + $1::INTEGER) * $2::INTEGER AS anon_1, (users.age - $3::INTEGER) / $4::INTEGER AS anon_2, users.age % $5::INTEGER AS anon_3, -users.age AS anon_4, users.name || $6 AS anon_5 FROM users',
          params: [1, 2, 1, 3, 2, '!'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT (users.age + ?) * ? AS anon_1, (users.age - ?) / ? AS anon_2, users.age % ? AS anon_3, -users.age AS anon_4, concat(users.name, ?) AS anon_5 FROM users',
          params: [1, 2, 1, 3, 2, '!'],
        }),
      },
    },
    {
      name: 'a Numeric compared with a value',
      statement: () => select(posts.c.id).where(posts.c.score.gt('9.5')),
      sql: {
        sqlite: {
          sql: "SELECT posts.id FROM posts WHERE CASE WHEN (posts.score < '0') <> (? < '0') THEN NOT posts.score < '0' WHEN posts.score < '0' THEN (instr(posts.score || '.', '.'), posts.score) < (instr(? || '.', '.'), ?) ELSE (instr(posts.score || '.', '.'), posts.score) > (instr(? || '.', '.'), ?) END",
          params: ['9.50', '9.50', '9.50', '9.50', '9.50'],
        },
        postgresql: {
          sql: 'SELECT posts.id FROM posts WHERE posts.score > $1::NUMERIC',
          params: ['9.5'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'SELECT posts.id FROM posts WHERE posts.score > CAST(? AS DECIMAL(65, 30))',
          params: ['9.5'],
        }),
        generic: { sql: 'SELECT posts.id FROM posts WHERE posts.score > ?', params: ['9.5'] },
      },
    },
    {
      name: 'a boolean column as a condition',
      statement: () => select(posts.c.id).where(posts.c.published.eq(true)),
      sql: {
        sqlite: { sql: 'SELECT posts.id FROM posts WHERE posts.published = ?', params: [1] },
        postgresql: {
          sql: 'SELECT posts.id FROM posts WHERE posts.published = $1::BOOLEAN',
          params: [true],
        },
        ...same(['mysql', 'mariadb', 'generic'], {
          sql: 'SELECT posts.id FROM posts WHERE posts.published = ?',
          params: [true],
        }),
      },
    },
  ],
};
