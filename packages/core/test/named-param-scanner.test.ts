import { describe, expect, it } from 'vitest';
import {
  codeOutsideQuotes,
  type SqlLexicalRules,
  scanNamedParams,
} from '../src/compiler/named-param-scanner.js';
import { CompileError } from '../src/errors.js';

// The rule sets the dialects declare (each dialect's compiler holds its own copy).
const standard: SqlLexicalRules = { backslashEscapes: false, dollarQuotedStrings: false };
const postgres: SqlLexicalRules = {
  backslashEscapes: false,
  dollarQuotedStrings: true,
  escapeStrings: true,
  nestedBlockComments: true,
  positionalPlaceholder: 'dollar-number',
};
const mysql: SqlLexicalRules = {
  backslashEscapes: true,
  dollarQuotedStrings: false,
  doubleQuotedStrings: true,
  backtickIdentifiers: true,
  hashComments: true,
  dashCommentNeedsSpace: true,
  positionalPlaceholder: 'question-mark',
};
const sqlite: SqlLexicalRules = {
  backslashEscapes: false,
  dollarQuotedStrings: false,
  backtickIdentifiers: true,
  bracketIdentifiers: true,
  positionalPlaceholder: 'question-mark',
};

describe('scanNamedParams', () => {
  it('splits SQL around its parameters', () => {
    expect(scanNamedParams('SELECT * FROM t WHERE a = :a AND b = :b', standard)).toEqual({
      parts: ['SELECT * FROM t WHERE a = ', ' AND b = ', ''],
      names: ['a', 'b'],
    });
  });

  it.each([
    ['SELECT \':a\', "x:y", `p:q` FROM t', standard],
    ["SELECT 'it''s :a' FROM t", standard],
    ['SELECT 1 -- :a\nFROM t', standard],
    ['SELECT 1 /* :a */ FROM t', standard],
    ['SELECT $$ :a $$, $tag$ :b $tag$ FROM t', postgres],
    ["SELECT 'it\\'s :a' FROM t", mysql],
    ['SELECT a::text, x:y FROM t', standard],
  ] as const)('finds no parameter in %j', (sql, rules) => {
    const scanned = scanNamedParams(sql, rules);
    expect(scanned.names).toEqual([]);
    expect(scanned.parts).toEqual([sql]);
  });

  describe.each([
    ['PostgreSQL', postgres, "SELECT E'it\\'s :a', :b", ["SELECT E'it\\'s :a', ", '']],
    ['PostgreSQL', postgres, "SELECT e'\\\\', :b", ["SELECT e'\\\\', ", '']],
    ['PostgreSQL', postgres, 'SELECT /* x /* :a */ :c */ :b', ['SELECT /* x /* :a */ :c */ ', '']],
    [
      'PostgreSQL',
      postgres,
      'SELECT $q$ :a $q$, $$ $q$ :c $$, :b',
      ['SELECT $q$ :a $q$, $$ $q$ :c $$, ', ''],
    ],
    ['PostgreSQL', postgres, 'SELECT 1 # 3, :b', ['SELECT 1 # 3, ', '']],
    ['PostgreSQL', postgres, 'SELECT x$1 AS "$1", :b', ['SELECT x$1 AS "$1", ', '']],
    ['MySQL', mysql, 'SELECT "it\\"s :a", :b', ['SELECT "it\\"s :a", ', '']],
    ['MySQL', mysql, "SELECT 'a\\\\', :b", ["SELECT 'a\\\\', ", '']],
    ['MySQL', mysql, 'SELECT 1 # :a\n, :b', ['SELECT 1 # :a\n, ', '']],
    ['MySQL', mysql, 'SELECT 1 -- :a\n, :b', ['SELECT 1 -- :a\n, ', '']],
    ['MySQL', mysql, 'SELECT 1 --\t:a\n, :b', ['SELECT 1 --\t:a\n, ', '']],
    ['MySQL', mysql, 'SELECT 1--:b', ['SELECT 1--', '']],
    ['MySQL', mysql, 'SELECT 1 /* /* :a */ :b', ['SELECT 1 /* /* :a */ ', '']],
    ['MySQL', mysql, 'SELECT `:a``?` , :b', ['SELECT `:a``?` , ', '']],
    ['SQLite', sqlite, 'SELECT 1 AS [:a], :b', ['SELECT 1 AS [:a], ', '']],
    ['SQLite', sqlite, 'SELECT 1 AS [a?"], :b', ['SELECT 1 AS [a?"], ', '']],
    ['SQLite', sqlite, 'SELECT 1 AS `:a`, :b', ['SELECT 1 AS `:a`, ', '']],
    ['SQLite', sqlite, 'SELECT 1 /* /* :a */ :b', ['SELECT 1 /* /* :a */ ', '']],
    ['standard SQL', standard, 'SELECT "it\\" :b', ['SELECT "it\\" ', '']],
    ['standard SQL', standard, "SELECT e'it\\', :b", ["SELECT e'it\\', ", '']],
  ] as const)('%s rules', (_name, rules, sql, parts) => {
    it(`find only :b in ${JSON.stringify(sql)}`, () => {
      expect(scanNamedParams(sql, rules)).toEqual({ parts, names: ['b'] });
    });
  });

  it.each([
    ['$1', postgres, 'SELECT * FROM t WHERE a = $1 AND b = :v'],
    ['$12', postgres, 'SELECT ($12)'],
    ['?', mysql, 'SELECT * FROM t WHERE a = ? AND b = :v'],
    ['?', sqlite, 'SELECT ?'],
    ['?2', sqlite, 'SELECT ?2, :v'],
  ] as const)(
    'refuses the positional placeholder %s, naming it and :name',
    (placeholder, rules, sql) => {
      let error: unknown;
      try {
        scanNamedParams(sql, rules);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).code).toBe('positional-placeholder');
      expect((error as Error).message).toContain(`placeholder ${placeholder} `);
      expect((error as Error).message).toContain(':name');
    },
  );

  it.each([
    // PostgreSQL's jsonb operators are question marks, not placeholders there.
    ['PostgreSQL', postgres, "SELECT '{}'::jsonb ? 'k', :b"],
    ['PostgreSQL', postgres, 'SELECT \'$1\', "$2", $$ $3 $$, a$4, :b -- $5'],
    ['MySQL', mysql, 'SELECT \'?\', "?", `?`, $1, :b # ?'],
    ['SQLite', sqlite, 'SELECT \'?\', "?", `?`, [?], :b -- ?'],
  ] as const)(
    '%s: leaves placeholders inside literals, names and comments alone',
    (_n, rules, sql) => {
      expect(scanNamedParams(sql, rules).names).toEqual(['b']);
    },
  );

  it('takes a parameter followed by a cast', () => {
    expect(scanNamedParams('SELECT :id::int', postgres)).toEqual({
      parts: ['SELECT ', '::int'],
      names: ['id'],
    });
  });

  it('writes \\: as a plain colon', () => {
    expect(scanNamedParams('SELECT \\:a, :b', standard)).toEqual({
      parts: ['SELECT :a, ', ''],
      names: ['b'],
    });
  });

  it('reads unicode, digits and underscores in names, and stops at other characters', () => {
    expect(scanNamedParams('(:bödy,:p_1):_x2', standard).names).toEqual(['bödy', 'p_1', '_x2']);
  });

  it('treats a backslash as plain text in standard strings', () => {
    // In PostgreSQL 'C:\' is a complete literal, so :a after it is a parameter.
    expect(scanNamedParams("SELECT 'C:\\', :a", postgres).names).toEqual(['a']);
  });

  it('runs to the end of an unterminated literal or comment without a parameter', () => {
    expect(scanNamedParams("SELECT ':a", standard).names).toEqual([]);
    expect(scanNamedParams('SELECT /* :a', standard).names).toEqual([]);
  });
});

describe('codeOutsideQuotes', () => {
  it('blanks literals, quoted names and comments by the dialect rules, and keeps the rest', () => {
    expect(codeOutsideQuotes('/* LISTEN */ SELECT \'LISTEN\' AS "x", a -- LISTEN', postgres)).toBe(
      '  SELECT   AS  , a  ',
    );
    expect(codeOutsideQuotes("SELECT $f$ LISTEN $f$, E'it\\'s' LISTEN", postgres)).toBe(
      'SELECT  ,   LISTEN',
    );
    expect(codeOutsideQuotes('SELECT "a\\" LISTEN " # x', mysql)).toBe('SELECT    ');
  });
});
