import { bindparam, insert, literal, select, text, update } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { posts, users } from './compile-tables.js';
import { same } from './same-sql.js';

/** Values written into the SQL (`literalBinds`), named parameters and `text()`. */
export const literalCases: CompileTopic = {
  topic: 'literal binds, named parameters, text',
  cases: [
    {
      name: 'strings, numbers, NULL and booleans as literals',
      statement: () =>
        select(users.c.id).where(
          users.c.name.eq("O'Brien"),
          users.c.age.in([1, 2]),
          users.c.email.eq(null),
          posts.c.published.eq(false),
        ),
      options: { literalBinds: true },
      sql: {
        sqlite:
          "SELECT users.id FROM users, posts WHERE users.name = 'O''Brien' AND users.age IN (1, 2) AND users.email IS NULL AND posts.published = 0",
        postgresql:
          "SELECT users.id FROM users, posts WHERE users.name = 'O''Brien' AND users.age IN (1::INTEGER, 2::INTEGER) AND users.email IS NULL AND posts.published = FALSE::BOOLEAN",
        ...same(
          ['mysql', 'mariadb', 'generic'],
          "SELECT users.id FROM users, posts WHERE users.name = 'O''Brien' AND users.age IN (1, 2) AND users.email IS NULL AND posts.published = FALSE",
        ),
      },
    },
    {
      name: 'a backslash in a literal string',
      statement: () => select(literal('a\\b').label('s')),
      options: { literalBinds: true },
      sql: {
        ...same(['sqlite', 'generic'], "SELECT 'a\\b' AS s"),
        postgresql: "SELECT E'a\\\\b' AS s",
        ...same(['mysql', 'mariadb'], "SELECT 'a\\\\b' AS s"),
      },
    },
    {
      name: 'an INSERT with literal values',
      statement: () => insert(users).values({ id: 1, name: 'x', age: null }),
      options: { literalBinds: true },
      sql: {
        ...same(
          ['sqlite', 'mysql', 'mariadb', 'generic'],
          "INSERT INTO users (id, name, age) VALUES (1, 'x', NULL)",
        ),
        postgresql: "INSERT INTO users (id, name, age) VALUES (1::INTEGER, 'x', NULL)",
      },
    },
    {
      name: 'LIMIT and OFFSET as literals',
      statement: () => select(users.c.id).limit(3).offset(6),
      options: { literalBinds: true },
      sql: {
        ...same(
          ['sqlite', 'mysql', 'mariadb', 'generic'],
          'SELECT users.id FROM users LIMIT 3 OFFSET 6',
        ),
        postgresql: 'SELECT users.id FROM users LIMIT 3::INTEGER OFFSET 6::INTEGER',
      },
    },
    {
      name: 'named parameters given at compile time',
      statement: () =>
        update(users)
          .where(users.c.id.eq(bindparam('key')))
          .values({ name: bindparam('newName') }),
      options: { params: { key: 7, newName: 'Zed' } },
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'UPDATE users SET name = ? WHERE users.id = ?',
          params: ['Zed', 7],
        }),
        postgresql: { sql: 'UPDATE users SET name = $1 WHERE users.id = $2', params: ['Zed', 7] },
      },
    },
    {
      name: 'text() with named parameters',
      statement: () => text('SELECT * FROM users WHERE id = :id AND name = :name'),
      options: { params: { id: 1, name: 'a' } },
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'SELECT * FROM users WHERE id = ? AND name = ?',
          params: [1, 'a'],
        }),
        postgresql: { sql: 'SELECT * FROM users WHERE id = $1 AND name = $2', params: [1, 'a'] },
      },
    },
    {
      name: 'a name that needs quoting',
      statement: () => select(users.c.id.label('select'), users.c.name.label('Mixed Case')),
      sql: {
        ...same(
          ['sqlite', 'postgresql', 'generic'],
          'SELECT users.id AS "select", users.name AS "Mixed Case" FROM users',
        ),
        ...same(
          ['mysql', 'mariadb'],
          'SELECT users.id AS `select`, users.name AS `Mixed Case` FROM users',
        ),
      },
    },
  ],
};
