import { describe, expect, it } from 'vitest';
import { SqlCompiler, type SqlLexicalRules } from '../src/dialect/index.js';
import {
  ArgumentError,
  BigInteger,
  bindparam,
  Column,
  CompileError,
  CreateIndex,
  CreateTable,
  DateTime,
  DropTable,
  delete_,
  Index,
  Integer,
  insert,
  JSON,
  LargeBinary,
  literal,
  MetaData,
  String as Str,
  select,
  Table,
  Text,
  text,
  union,
  update,
} from '../src/index.js';

const md = new MetaData();
const users = new Table('users', md, {
  id: new Column(Integer, { primaryKey: true }),
  name: new Column(Str(50)),
  age: new Column(Integer),
});
const posts = new Table('posts', md, {
  id: new Column(Integer, { primaryKey: true }),
  userId: new Column(Integer, { foreignKey: 'users.id', name: 'user_id' }),
  title: new Column(Str(50)),
});
const row = insert(users).values({ id: 1, name: "O'Brien", age: 3 });

/** A dialect whose strings take backslash escapes, as MySQL's do. */
class BackslashCompiler extends SqlCompiler {
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: true,
    dollarQuotedStrings: false,
  };
}

describe('String(stmt): every statement kind in generic SQL', () => {
  const cases: [string, { toString(): string }, string][] = [
    [
      'select with a join',
      select(users.c.id.label('userId'), posts.c.title)
        .join(posts, users.c.id.eq(posts.c.userId))
        .where(users.c.age.gt(5)),
      'SELECT users.id AS "userId", posts.title FROM users JOIN posts ON users.id = posts.user_id WHERE users.age > ?',
    ],
    [
      'union',
      union(select(users.c.name).where(users.c.id.eq(1)), select(posts.c.title)).limit(3),
      'SELECT users.name FROM users WHERE users.id = ? UNION SELECT posts.title FROM posts LIMIT ?',
    ],
    ['insert', row, 'INSERT INTO users (id, name, age) VALUES (?, ?, ?)'],
    [
      'insert of many rows',
      insert(users).values([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]),
      'INSERT INTO users (id, name) VALUES (?, ?), (?, ?)',
    ],
    [
      'insert from a select',
      insert(users).fromSelect(['id', 'name'], select(posts.c.id, posts.c.title)),
      'INSERT INTO users (id, name) SELECT posts.id, posts.title FROM posts',
    ],
    [
      'insert returning',
      row.returning(users.c.id),
      'INSERT INTO users (id, name, age) VALUES (?, ?, ?) RETURNING id',
    ],
    [
      'upsert: do nothing',
      row.onConflictDoNothing(),
      'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ],
    [
      'upsert: on conflict do update',
      row.onConflictDoUpdate({ target: users.c.id, set: { name: row.excluded.name } }),
      'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
    ],
    [
      'upsert: on duplicate key update',
      row.onDuplicateKeyUpdate({ name: row.excluded.name, age: 7 }),
      'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), age = ?',
    ],
    [
      'update returning',
      update(users).values({ name: 'x' }).where(users.c.id.eq(2)).returning(users.c.name),
      'UPDATE users SET name = ? WHERE users.id = ? RETURNING name',
    ],
    [
      'delete',
      delete_(users).where(users.c.name.like('a%')),
      'DELETE FROM users WHERE users.name LIKE ?',
    ],
    ['text', text('SELECT * FROM users WHERE id = :id'), 'SELECT * FROM users WHERE id = :id'],
    [
      'create table',
      new CreateTable(posts),
      'CREATE TABLE posts (\n\tid INTEGER NOT NULL,\n\tuser_id INTEGER,\n\ttitle VARCHAR(50),\n' +
        '\tPRIMARY KEY (id),\n\tFOREIGN KEY (user_id) REFERENCES users (id)\n)',
    ],
    [
      'create index',
      new CreateIndex(new Index('ix_users_age', users.c.age)),
      'CREATE INDEX ix_users_age ON users (age)',
    ],
    ['drop table', new DropTable(users, { ifExists: true }), 'DROP TABLE IF EXISTS users'],
  ];
  for (const [kind, stmt, sql] of cases) {
    it(kind, () => {
      expect(String(stmt)).toBe(sql);
      expect(`${stmt}`).toBe(sql);
    });
  }
});

describe('stmt.compile()', () => {
  it('without a dialect: generic SQL and the values in placeholder order', () => {
    const compiled = row.onDuplicateKeyUpdate({ age: 7 }).compile();
    expect(compiled.sql).toBe(
      'INSERT INTO users (id, name, age) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE age = ?',
    );
    expect(compiled.params).toEqual([1, "O'Brien", 3, 7]);
    expect(String(compiled)).toBe(compiled.sql);
  });

  it('with a dialect, or a dialect on its own, writes that dialect', () => {
    class DollarCompiler extends SqlCompiler {
      override readonly paramStyle = 'numeric_dollar' as const;
    }
    const dialect = { compiler: new DollarCompiler() };
    const stmt = select(users.c.name).where(users.c.id.eq(5), users.c.age.lt(9));
    expect(stmt.compile({ dialect }).sql).toBe(
      'SELECT users.name FROM users WHERE users.id = $1 AND users.age < $2',
    );
    expect(stmt.compile(dialect).params).toEqual([5, 9]);
  });

  it('refuses something that is not a dialect, saying what to pass', () => {
    const wrong = () => select(users.c.id).compile({ dialect: 'postgresql' as never });
    expect(wrong).toThrow(ArgumentError);
    expect(wrong).toThrow('postgresDialect from @athanor/postgres');
  });

  it('gives named parameters their values from params', () => {
    const stmt = select(users.c.id).where(users.c.name.eq(bindparam('n')));
    expect(stmt.compile({ params: { n: 'x' } }).params).toEqual(['x']);
    expect(stmt.compile({ params: { n: "a'b" }, literalBinds: true }).sql).toBe(
      "SELECT users.id FROM users WHERE users.name = 'a''b'",
    );
    const missing = () => stmt.compile({ literalBinds: true });
    expect(missing).toThrow(CompileError);
    expect(missing).toThrow("no value for the parameter 'n'");
    const bound = text('SELECT * FROM users WHERE id = :id').bindParams({ id: 5 });
    expect(bound.compile({ literalBinds: true }).sql).toBe('SELECT * FROM users WHERE id = 5');
  });
});

describe('compile({ literalBinds: true })', () => {
  const literalOf = (value: unknown, type: Parameters<typeof literal>[1], compiler?: SqlCompiler) =>
    select(literal(value, type).label('v'))
      .compile({ literalBinds: true, dialect: compiler && { compiler } })
      .sql.replace(/^SELECT /, '')
      .replace(/ AS v$/, '');

  it('quotes strings, doubling quotes; backslashes too where they escape', () => {
    expect(literalOf("'); DROP TABLE x; --", Text)).toBe("'''); DROP TABLE x; --'");
    expect(literalOf("\\'", Text)).toBe("'\\'''");
    expect(literalOf("\\'); DROP TABLE x; --", Text, new BackslashCompiler())).toBe(
      "'\\\\''); DROP TABLE x; --'",
    );
    expect(literalOf('Ünïcødé 🎉', Text)).toBe("'Ünïcødé 🎉'");
  });

  it('writes numbers, bigints, booleans, null, dates, bytes and JSON', () => {
    expect(literalOf(42, Integer)).toBe('42');
    expect(literalOf(-42, Integer)).toBe('(-42)');
    expect(literalOf(-9223372036854775808n, BigInteger)).toBe('(-9223372036854775808)');
    expect(literalOf(true, undefined)).toBe('TRUE');
    expect(literalOf(null, Integer)).toBe('NULL');
    expect(literalOf(new Date('2024-02-29T23:59:58.123Z'), DateTime)).toBe(
      "'2024-02-29 23:59:58.123'",
    );
    expect(literalOf(Uint8Array.from([0, 39, 255]), LargeBinary)).toBe("X'0027ff'");
    expect(literalOf({ a: "it's" }, JSON)).toBe(`'{"a":"it''s"}'`);
  });

  it('puts a negative value after a minus sign in parentheses, so no -- comment appears', () => {
    expect(String(select(literal(-5, Integer).neg().label('v')))).toBe('SELECT -? AS v');
    expect(select(literal(-5, Integer).neg().label('v')).compile({ literalBinds: true }).sql).toBe(
      'SELECT -(-5) AS v',
    );
  });

  it('refuses values it cannot write exactly and safely, saying to bind them', () => {
    const refused: [unknown, Parameters<typeof literal>[1], string][] = [
      ['a\u0000b', Text, 'NUL character'],
      ['\uD800 alone', Text, 'unpaired surrogate'],
      [new Date(Number.NaN), undefined, 'invalid Date'],
      [{ a: 1 }, undefined, 'no SQL literal stands for it'],
    ];
    for (const [value, type, reason] of refused) {
      const write = () => literalOf(value, type);
      expect(write).toThrow(CompileError);
      expect(write).toThrow(reason);
      expect(write).toThrow('Bind it as a parameter');
    }
    // NaN and Infinity are refused before any literal is written: only a database whose floats
    // hold them (capabilities.nonFiniteFloats) takes them, and none writes them as literals.
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => literalOf(value, undefined)).toThrow(
        /Cannot bind (NaN|Infinity) to parameter 1/,
      );
    }
  });
});

describe('Select.join() without selectFrom', () => {
  it('joins from the table of the selected columns, whatever the first item is', () => {
    expect(String(select(users.c.id.label('userId'), posts.c.title).join(posts))).toBe(
      'SELECT users.id AS "userId", posts.title FROM users JOIN posts ON users.id = posts.user_id',
    );
    expect(String(select(posts.c.title, users.c.name).join(posts))).toBe(
      'SELECT posts.title, users.name FROM users JOIN posts ON users.id = posts.user_id',
    );
  });

  it('picks among several tables the one the ON condition refers to', () => {
    const boss = users.alias('boss');
    const stmt = select(boss.c.name.label('b'), users.c.name, posts.c.title).join(
      posts,
      posts.c.userId.eq(users.c.id),
    );
    expect(String(stmt)).toBe(
      'SELECT boss.name AS b, users.name, posts.title FROM users JOIN posts ON posts.user_id = users.id, users AS boss',
    );
  });

  it('says when there is nothing to join to, or several candidates', () => {
    expect(() => select(posts.c.title).join(posts)).toThrow('nothing to join it to');
    const boss = users.alias('boss');
    expect(() => select(users.c.name, boss.c.name.label('b')).join(posts)).toThrow(
      'cannot tell which FROM element to join it to (users, boss)',
    );
  });
});

describe('text() under different lexical rules', () => {
  it("scans one text() by each compiler's own rules, whichever compiled it first", () => {
    // Standard SQL: 'a\' is a whole literal and :b a parameter. With backslash escapes the
    // literal never ends, so there is no parameter.
    const clause = text("SELECT 'a\\', :b");
    const standard = new SqlCompiler();
    const backslash = new BackslashCompiler();
    expect(backslash.compileText(clause).slots).toEqual([]);
    expect(standard.compileText(clause).slots.map((slot) => slot.name)).toEqual(['b']);
    expect(backslash.compileText(clause).slots).toEqual([]);
  });
});
