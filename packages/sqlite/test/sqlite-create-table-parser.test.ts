import { describe, expect, it } from 'vitest';
import { parseCreateTable } from '../src/sqlite-create-table-parser.js';

describe('parseCreateTable', () => {
  it('reads nothing from a table without constraints', () => {
    expect(parseCreateTable('CREATE TABLE t (a INTEGER, b TEXT)')).toEqual({
      primaryKeyName: null,
      uniques: [],
      checks: [],
      foreignKeys: [],
    });
  });

  it('names the primary key when a CONSTRAINT clause names it, on the table or a column', () => {
    expect(
      parseCreateTable('CREATE TABLE t (a INTEGER, b INTEGER, CONSTRAINT pk_t PRIMARY KEY (a, b))')
        .primaryKeyName,
    ).toBe('pk_t');
    expect(
      parseCreateTable('CREATE TABLE t (id INTEGER CONSTRAINT "t pk" PRIMARY KEY)').primaryKeyName,
    ).toBe('t pk');
    expect(parseCreateTable('CREATE TABLE t (id INTEGER PRIMARY KEY)').primaryKeyName).toBeNull();
  });

  it('reads UNIQUE constraints of columns and of the table, named or not', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (a TEXT UNIQUE, b TEXT CONSTRAINT uq_b UNIQUE, c TEXT, d TEXT, ' +
        'CONSTRAINT uq_cd UNIQUE (c, "d" COLLATE nocase), UNIQUE (a DESC, c))',
    );
    expect(parsed.uniques).toEqual([
      { name: null, columns: ['a'] },
      { name: 'uq_b', columns: ['b'] },
      { name: 'uq_cd', columns: ['c', 'd'] },
      { name: null, columns: ['a', 'c'] },
    ]);
  });

  it('keeps the text of CHECK conditions as written, nested parentheses included', () => {
    const parsed = parseCreateTable(
      "CREATE TABLE t (n INTEGER CHECK (n > 0), s TEXT, CONSTRAINT ck_s CHECK (length(s) IN (1, 2) OR s = ')'))",
    );
    expect(parsed.checks).toEqual([
      { name: null, sqltext: 'n > 0' },
      { name: 'ck_s', sqltext: "length(s) IN (1, 2) OR s = ')'" },
    ]);
  });

  it('reads FOREIGN KEY clauses and column REFERENCES, with the referred table unqualified', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (id INTEGER, p INTEGER CONSTRAINT fk_p REFERENCES parent (id), ' +
        'q INTEGER REFERENCES "other parent", a INTEGER, b INTEGER, ' +
        'CONSTRAINT fk_ab FOREIGN KEY (a, b) REFERENCES main.pair (x, y) ON DELETE CASCADE)',
    );
    expect(parsed.foreignKeys).toEqual([
      { name: 'fk_p', columns: ['p'], referredTable: 'parent' },
      { name: null, columns: ['q'], referredTable: 'other parent' },
      { name: 'fk_ab', columns: ['a', 'b'], referredTable: 'pair' },
    ]);
  });

  it('reads names in all four quotings, doubled quotes included', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t ("a""b" TEXT CONSTRAINT [u 1] UNIQUE, `c` TEXT CONSTRAINT \'u2\' UNIQUE)',
    );
    expect(parsed.uniques).toEqual([
      { name: 'u 1', columns: ['a"b'] },
      { name: 'u2', columns: ['c'] },
    ]);
  });

  it('passes over comments and does not take a constraint word inside one or a string', () => {
    const parsed = parseCreateTable(
      'CREATE TABLE t (\n' +
        "  a TEXT DEFAULT 'UNIQUE', -- UNIQUE (a)\n" +
        '  /* CONSTRAINT x CHECK (a) */ b TEXT\n' +
        ')',
    );
    expect(parsed).toEqual({ primaryKeyName: null, uniques: [], checks: [], foreignKeys: [] });
  });

  it('reads nothing from text that has no definitions', () => {
    expect(parseCreateTable('CREATE TABLE t AS SELECT 1')).toEqual({
      primaryKeyName: null,
      uniques: [],
      checks: [],
      foreignKeys: [],
    });
  });
});
