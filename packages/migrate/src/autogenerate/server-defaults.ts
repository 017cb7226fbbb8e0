import type { Column, Dialect, ServerDefaultExpression } from '@athanor/core';
import { CompileContext, type SqlNode } from '@athanor/core/dialect';
import type { ServerDefaultSpec } from './schema-diff.js';

/** A server default reduced to what it means, as far as autogenerate can tell. */
type DefaultMeaning =
  | { readonly kind: 'none' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'now' }
  | { readonly kind: 'unknown'; readonly text: string };

/** The model's server default as a spec: a literal stays a literal; an expression becomes SQL. */
export function metadataServerDefault(column: Column, dialect: Dialect): ServerDefaultSpec | null {
  const value = column.serverDefault;
  if (value === undefined) return null;
  if (typeof value !== 'object') return { kind: 'literal', value };
  return { kind: 'sql', sql: expressionSql(value, dialect) };
}

/** An expression default as the dialect's DDL writes it (values inline). */
function expressionSql(value: ServerDefaultExpression, dialect: Dialect): string {
  const node = value.node as SqlNode;
  if (node.kind === 'text') return node.sql;
  const ctx = new CompileContext([], () => ({}));
  ctx.literalBinds = true;
  return dialect.compiler.visit(node, ctx);
}

/** The SQL a default spec stands for on the dialect (a literal written as createAll writes it). */
function defaultSql(spec: ServerDefaultSpec, column: Column | null, dialect: Dialect): string {
  if (spec.kind === 'sql') return spec.sql;
  return dialect.compiler.renderLiteral(spec.value, column?.type);
}

/** Removes parentheses that wrap the whole expression: `((0))` → `0`. */
function unwrap(sql: string): string {
  let text = sql.trim();
  while (text.startsWith('(') && text.endsWith(')')) {
    let depth = 0;
    let wrapsAll = true;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
      if (depth === 0 && i < text.length - 1) {
        wrapsAll = false;
        break;
      }
    }
    if (!wrapsAll) break;
    text = text.slice(1, -1).trim();
  }
  return text;
}

// PostgreSQL's casts on a stored default: `'x'::character varying`, `'-5'::integer`, `'{}'::text[]`.
const trailingCast = /::\s*"?[a-z_][a-z0-9_ ]*"?(?:\(\d+(?:\s*,\s*\d+)?\))?(?:\[\])*$/i;
const stringLiteral = /^'((?:[^']|'')*)'$/s;
const numberLiteral = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
// The current time, however each database spells it: CURRENT_TIMESTAMP, current_timestamp(6), now().
const currentTime = /^(?:current_timestamp|now|localtimestamp|getdate)\s*(?:\(\s*\d*\s*\))?$/i;

/** What a default's SQL means: casts, parentheses and the database's own spellings removed. */
function meaningOf(sql: string | null, dialect: Dialect): DefaultMeaning {
  if (sql === null) return { kind: 'none' };
  let text = unwrap(sql);
  for (let cast = trailingCast.exec(text); cast; cast = trailingCast.exec(text)) {
    text = unwrap(text.slice(0, cast.index));
  }
  const quoted = stringLiteral.exec(text);
  if (quoted) {
    let value = (quoted[1] as string).replace(/''/g, "'");
    // MySQL reads a backslash in a string literal as an escape.
    if (dialect.name === 'mysql') value = value.replace(/\\(.)/gs, '$1');
    return { kind: 'string', value };
  }
  if (numberLiteral.test(text)) return { kind: 'number', value: Number(text) };
  if (/^(?:true|false)$/i.test(text)) return { kind: 'boolean', value: /^true$/i.test(text) };
  if (/^null$/i.test(text)) return { kind: 'none' };
  if (currentTime.test(text)) return { kind: 'now' };
  return { kind: 'unknown', text: text.replace(/\s+/g, ' ').toLowerCase() };
}

/** A number the meaning stands for (a quoted number, or 0/1 for false/true), if any. */
function asNumber(meaning: DefaultMeaning): number | undefined {
  if (meaning.kind === 'number') return meaning.value;
  if (meaning.kind === 'boolean') return meaning.value ? 1 : 0;
  if (meaning.kind === 'string' && numberLiteral.test(meaning.value.trim())) {
    return Number(meaning.value);
  }
  return undefined;
}

/**
 * True when the model's server default and the one the database reports mean the same. Each
 * database stores a default in its own spelling (PostgreSQL adds casts, `'x'::character
 * varying`; MySQL writes `current_timestamp(6)`; SQLite keeps `TRUE` as written; booleans are 1
 * and 0 on MySQL), so both sides are reduced to a literal value where possible and compared
 * there. Expressions autogenerate cannot read are taken as equal: it never proposes a change it
 * is not sure of (Alembic does not compare server defaults at all by default).
 */
export function sameServerDefault(
  metadata: ServerDefaultSpec | null,
  reflected: string | null,
  column: Column | null,
  dialect: Dialect,
): boolean {
  const expected = meaningOf(
    metadata === null ? null : defaultSql(metadata, column, dialect),
    dialect,
  );
  const found = meaningOf(reflected, dialect);
  if (expected.kind === 'none' || found.kind === 'none') return expected.kind === found.kind;
  if (expected.kind === 'unknown' || found.kind === 'unknown') return true;
  if (expected.kind === 'now' || found.kind === 'now') return expected.kind === found.kind;
  if (expected.kind === 'string' && found.kind === 'string') return expected.value === found.value;
  const a = asNumber(expected);
  const b = asNumber(found);
  return a !== undefined && a === b;
}
