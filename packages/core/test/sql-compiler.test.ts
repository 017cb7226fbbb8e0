import { describe, expect, it } from 'vitest';
import { type ParamStyle, SqlCompiler } from '../src/dialect/index.js';
import { Column, Integer, MetaData, select, Table, text } from '../src/index.js';

class DollarCompiler extends SqlCompiler {
  override readonly paramStyle: ParamStyle = 'numeric_dollar';
}

describe('SqlCompiler.compileText', () => {
  const sql = 'SELECT * FROM t WHERE a = :x OR b = :y OR c = :x';

  it('writes ? for each parameter, repeating a repeated one', () => {
    const compiled = new SqlCompiler().compileText(text(sql));
    expect(compiled.sql).toBe('SELECT * FROM t WHERE a = ? OR b = ? OR c = ?');
    expect(compiled.slots.map((slot) => slot.name)).toEqual(['x', 'y', 'x']);
  });

  it('numbers $n placeholders in order', () => {
    const compiled = new DollarCompiler().compileText(text(sql));
    expect(compiled.sql).toBe('SELECT * FROM t WHERE a = $1 OR b = $2 OR c = $3');
    expect(compiled.slots.map((slot) => slot.name)).toEqual(['x', 'y', 'x']);
  });

  it('compiles a clause once and reuses the result', () => {
    const compiler = new SqlCompiler();
    const clause = text(sql);
    expect(compiler.compileText(clause)).toBe(compiler.compileText(clause));
  });

  it('tells DML from queries, so rows from RETURNING count as affected', () => {
    const compiler = new SqlCompiler();
    expect(compiler.compileText(text('INSERT INTO t VALUES (1) RETURNING id')).isDml).toBe(true);
    expect(compiler.compileText(text('  delete from t')).isDml).toBe(true);
    expect(compiler.compileText(text('WITH x AS (SELECT 1) UPDATE t SET a = 1')).isDml).toBe(true);
    expect(compiler.compileText(text('SELECT 1')).isDml).toBe(false);
    expect(compiler.compileText(text('WITH x AS (SELECT 1) SELECT * FROM x')).isDml).toBe(false);
  });

  it('quotes identifiers, doubling quote characters inside them', () => {
    expect(new SqlCompiler().quoteIdentifier('a "b"')).toBe('"a ""b"""');
  });
});

describe('aliases of tables', () => {
  it('read a column by its key and write it by its SQL name', () => {
    const posts = new Table('posts', new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      userId: new Column(Integer, { name: 'user_id' }),
    });
    const p = posts.alias('p');
    expect(String(select(p.c.userId).where(p.c.userId.eq(1)))).toBe(
      'SELECT p.user_id AS "userId" FROM posts AS p WHERE p.user_id = ?',
    );
  });
});

describe('the structural cache key', () => {
  const make = () =>
    new Table('things', new MetaData(), {
      id: new Column(Integer, { primaryKey: true }),
      name: new Column(Integer),
    });

  it('is the same for the same statement over equal tables, whatever the values', () => {
    const a = make();
    const b = make();
    const compiler = new SqlCompiler();
    const first = compiler.compile(select(a.c.id).where(a.c.name.eq(1)));
    const second = compiler.compile(select(b.c.id).where(b.c.name.eq(2)));
    expect(second.compiled).toBe(first.compiled);
  });

  it('differs for different columns, tables and shapes', () => {
    const a = make();
    const compiler = new SqlCompiler();
    const sqls = new Set(
      [
        select(a.c.id).where(a.c.name.eq(1)),
        select(a.c.name).where(a.c.name.eq(1)),
        select(a.c.id).where(a.c.id.eq(1)),
        select(a.c.id).where(a.c.name.gt(1)),
        select(a.alias('x').c.id),
        select(a.c.id),
      ].map((stmt) => compiler.compile(stmt).compiled.sql),
    );
    expect(sqls.size).toBe(6);
  });

  it('shares the text of a whole table selected, yet tells tables, aliases and queries apart', () => {
    const a = make();
    const compiler = new SqlCompiler();
    const inner = (value: number) => select(a).where(a.c.name.eq(value));
    const statements = [
      select(a),
      select(a).where(a.c.id.eq(1)),
      select(a.alias('x')),
      select(make().alias('y')),
      select(inner(1).subquery('s')),
      select(inner(2).subquery('s')), // same shape: the same SQL, its own value
      select(select(a.c.id).subquery('s')),
      select(inner(1).cte('c')),
      select(select(a.c.name).cte('c')),
    ];
    const compiled = statements.map((stmt) => compiler.compileToSql(stmt));
    // Twice: the second time the shared text is remembered, and must give the same SQL.
    expect(statements.map((stmt) => compiler.compileToSql(stmt))).toEqual(compiled);
    expect(compiled.map((c) => c.sql)).toEqual([
      'SELECT things.id, things.name FROM things',
      'SELECT things.id, things.name FROM things WHERE things.id = ?',
      'SELECT x.id, x.name FROM things AS x',
      'SELECT y.id, y.name FROM things AS y',
      'SELECT s.id, s.name FROM (SELECT things.id, things.name FROM things WHERE things.name = ?) AS s',
      'SELECT s.id, s.name FROM (SELECT things.id, things.name FROM things WHERE things.name = ?) AS s',
      'SELECT s.id FROM (SELECT things.id FROM things) AS s',
      'WITH c AS (SELECT things.id, things.name FROM things WHERE things.name = ?) SELECT c.id, c.name FROM c',
      'WITH c AS (SELECT things.name FROM things) SELECT c.name FROM c',
    ]);
    expect(compiled[5]?.params).toEqual([2]);
  });
});
