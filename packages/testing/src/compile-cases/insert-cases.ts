import { insert, select } from '@athanor/core';
import type { CompileTopic } from './compile-case.js';
import { counters, posts, users } from './compile-tables.js';
import { same } from './same-sql.js';

/** INSERT: values, many rows, from a select, RETURNING, defaults, upserts. */
export const insertCases: CompileTopic = {
  topic: 'insert',
  cases: [
    {
      name: 'one row',
      statement: () => insert(users).values({ id: 1, name: 'Ann', age: 30 }),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'INSERT INTO users (id, name, age) VALUES (?, ?, ?)',
          params: [1, 'Ann', 30],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name, age) VALUES ($1::INTEGER, $2, $3::INTEGER)',
          params: [1, 'Ann', 30],
        },
      },
    },
    {
      name: 'many rows',
      statement: () =>
        insert(users).values([
          { id: 1, name: 'Ann' },
          { id: 2, name: 'Bob' },
        ]),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'INSERT INTO users (id, name) VALUES (?, ?), (?, ?)',
          params: [1, 'Ann', 2, 'Bob'],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name) VALUES ($1::INTEGER, $2), ($3::INTEGER, $4)',
          params: [1, 'Ann', 2, 'Bob'],
        },
      },
    },
    {
      name: 'only defaults',
      statement: () => insert(counters).values({}),
      sql: {
        ...same(['sqlite', 'postgresql', 'generic'], 'INSERT INTO counters DEFAULT VALUES'),
        ...same(['mysql', 'mariadb'], 'INSERT INTO counters () VALUES ()'),
      },
    },
    {
      name: 'from a select',
      statement: () =>
        insert(posts).fromSelect(
          ['userId', 'title'],
          select(users.c.id, users.c.name).where(users.c.age.gt(18)),
        ),
      sql: {
        ...same(['sqlite', 'mysql', 'mariadb', 'generic'], {
          sql: 'INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users.age > ?',
          params: [18],
        }),
        postgresql: {
          sql: 'INSERT INTO posts (user_id, title) SELECT users.id, users.name FROM users WHERE users.age > $1::INTEGER',
          params: [18],
        },
      },
    },
    {
      name: 'RETURNING',
      statement: () => insert(users).values({ name: 'Ann' }).returning(users.c.id, users.c.name),
      sql: {
        ...same(['sqlite', 'mariadb', 'generic'], {
          sql: 'INSERT INTO users (name) VALUES (?) RETURNING id, name',
          params: ['Ann'],
        }),
        postgresql: {
          sql: 'INSERT INTO users (name) VALUES ($1) RETURNING id, name',
          params: ['Ann'],
        },
        mysql: {
          error:
            'INSERT ... RETURNING is not supported by mysql. Read the rows back with a SELECT instead, or check dialect.capabilities first.',
        },
      },
    },
    {
      name: 'ON CONFLICT DO NOTHING',
      statement: () => insert(users).values({ id: 1, name: 'Ann' }).onConflictDoNothing(),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING',
          params: [1, 'Ann'],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name) VALUES ($1::INTEGER, $2) ON CONFLICT DO NOTHING',
          params: [1, 'Ann'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'INSERT IGNORE INTO users (id, name) VALUES (?, ?)',
          params: [1, 'Ann'],
        }),
      },
    },
    {
      name: 'ON CONFLICT (target) DO NOTHING',
      statement: () =>
        insert(users)
          .values({ id: 1, name: 'Ann' })
          .onConflictDoNothing({ target: [users.c.id] }),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
          params: [1, 'Ann'],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name) VALUES ($1::INTEGER, $2) ON CONFLICT (id) DO NOTHING',
          params: [1, 'Ann'],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'INSERT IGNORE INTO users (id, name) VALUES (?, ?)',
          params: [1, 'Ann'],
        }),
      },
    },
    {
      name: 'ON CONFLICT DO UPDATE with the excluded row',
      statement: () => {
        const stmt = insert(users).values({ id: 1, name: 'Ann', age: 3 });
        return stmt.onConflictDoUpdate({
          target: users.c.id,
          set: { name: stmt.excluded.name, age: users.c.age.add(1) },
        });
      },
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = users.age + ?',
          params: [1, 'Ann', 3, 1],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name, age) VALUES ($1::INTEGER, $2, $3::INTEGER) ON CONFLICT (id) DO UPDATE SET name = excluded.name, age = users.age + $4::INTEGER',
          params: [1, 'Ann', 3, 1],
        },
        ...same(['mysql', 'mariadb'], {
          sql: 'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), age = users.age + ?',
          params: [1, 'Ann', 3, 1],
        }),
      },
    },
    {
      name: 'ON CONFLICT DO UPDATE ... WHERE',
      statement: () =>
        insert(users)
          .values({ id: 1, name: 'Ann' })
          .onConflictDoUpdate({ target: users.c.id, set: { age: 0 }, where: users.c.age.gt(1) }),
      sql: {
        ...same(['sqlite', 'generic'], {
          sql: 'INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET age = ? WHERE users.age > ?',
          params: [1, 'Ann', 0, 1],
        }),
        postgresql: {
          sql: 'INSERT INTO users (id, name) VALUES ($1::INTEGER, $2) ON CONFLICT (id) DO UPDATE SET age = $3::INTEGER WHERE users.age > $4::INTEGER',
          params: [1, 'Ann', 0, 1],
        },
        ...same(['mysql', 'mariadb'], { error: 'ON DUPLICATE KEY UPDATE has no WHERE (MySQL)' }),
      },
    },
    {
      name: 'ON DUPLICATE KEY UPDATE with the inserted row',
      statement: () => {
        const stmt = insert(users).values({ id: 1, name: 'Ann' });
        return stmt.onDuplicateKeyUpdate({ name: stmt.inserted.name, age: 7 });
      },
      sql: {
        sqlite: {
          error:
            "onDuplicateKeyUpdate() is MySQL's upsert; on sqlite use onConflictDoUpdate({ target, set }).",
        },
        postgresql: {
          error:
            "onDuplicateKeyUpdate() is MySQL's upsert; on postgresql use onConflictDoUpdate({ target, set }).",
        },
        ...same(['mysql', 'mariadb', 'generic'], {
          sql: 'INSERT INTO users (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), age = ?',
          params: [1, 'Ann', 7],
        }),
      },
    },
  ],
};
