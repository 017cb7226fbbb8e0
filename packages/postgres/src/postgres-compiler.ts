import {
  type BinaryNode,
  type BindNode,
  type CompileContext,
  type DateTimeType,
  type ParamStyle,
  SqlCompiler,
  type SqlLexicalRules,
} from '@athanor/core/dialect';
import { postgresReservedWords } from './postgres-reserved-words.js';

// The base type a typed parameter is cast to: no length or precision, so nothing is cut short.
const bindCasts: Partial<Record<string, string>> = {
  integer: 'INTEGER',
  small_integer: 'SMALLINT',
  big_integer: 'BIGINT',
  float: 'DOUBLE PRECISION',
  numeric: 'NUMERIC',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  time: 'TIME',
  interval: 'INTERVAL',
  json: 'JSONB',
  uuid: 'UUID',
  large_binary: 'BYTEA',
};

/** How PostgreSQL quotes and comments: for `text()` parameters, and the driver's pooler checks. */
export const postgresLexicalRules: SqlLexicalRules = {
  // standard_conforming_strings is on (the default since 9.1): only E'...' has escapes.
  backslashEscapes: false,
  dollarQuotedStrings: true,
  escapeStrings: true,
  nestedBlockComments: true,
  positionalPlaceholder: 'dollar-number',
};

/** PostgreSQL's SQL: `$1` placeholders, `$tag$` strings, native ILIKE. */
export class PostgresCompiler extends SqlCompiler {
  override readonly reservedWords: ReadonlySet<string> = postgresReservedWords;
  override readonly paramStyle: ParamStyle = 'numeric_dollar';
  override readonly lexicalRules: SqlLexicalRules = postgresLexicalRules;

  /**
   * pg sends parameters untyped, and PostgreSQL reads an untyped parameter in a column list as
   * text; a typed value is cast (`$1::INTEGER`), as SQLAlchemy's asyncpg dialect does, so
   * `select(literal(1, Integer))` and recursive CTEs get the type their values have.
   */
  protected override visitBind(node: BindNode, ctx: CompileContext): string {
    const sql = super.visitBind(node, ctx);
    if (ctx.literalBinds) return sql;
    // The type stored here: a variant's, a decorator's impl's.
    const type = node.type.dialectImpl(this.dialect);
    const cast = bindCasts[type.typeName];
    if (!cast) return sql;
    return `${sql}::${cast === 'TIMESTAMP' && (type as DateTimeType).timezone ? 'TIMESTAMPTZ' : cast}`;
  }

  protected override ilike(node: BinaryNode, ctx: CompileContext): string {
    const left = this.operand(node.left, ctx, node);
    const right = this.operand(node.right, ctx, node, true);
    return `${left} ${node.operator} ${right}${this.escapeClause(node)}`;
  }

  /**
   * A string literal that means the same whatever `standard_conforming_strings` is: one with a
   * backslash is written `E'...'`, where backslashes are always escapes, and doubled.
   */
  protected override stringLiteral(value: string): string {
    const quoted = value.replace(/'/g, "''");
    return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
  }

  /** Bytes as a bytea: PostgreSQL reads `X'..'` as a bit string. */
  protected override bytesLiteral(value: Uint8Array): string {
    return `decode('${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}', 'hex')`;
  }
}
