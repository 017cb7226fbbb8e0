import { describe, expect, it } from 'vitest';
import { scanNamedParams } from '../src/compiler/named-param-scanner.js';

const standard = { backslashEscapes: false, dollarQuotedStrings: false };
const postgres = { backslashEscapes: false, dollarQuotedStrings: true };
const mysql = { backslashEscapes: true, dollarQuotedStrings: false };

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
