import {
  type BinaryNode,
  type CompileContext,
  type DdlCompiler,
  type ParamStyle,
  SqlCompiler,
  type SqlLexicalRules,
  type TypeCompiler,
} from '@athanor/core';
import { PostgresDdlCompiler } from './postgres-ddl-compiler.js';
import { PostgresTypeCompiler } from './postgres-type-compiler.js';

/** PostgreSQL's SQL: `$1` placeholders, `$tag$` strings, native ILIKE. */
export class PostgresCompiler extends SqlCompiler {
  override readonly paramStyle: ParamStyle = 'numeric_dollar';
  override readonly lexicalRules: SqlLexicalRules = {
    backslashEscapes: false,
    dollarQuotedStrings: true,
  };

  protected override createTypeCompiler(): TypeCompiler {
    return new PostgresTypeCompiler(this.settings.name);
  }

  protected override createDdlCompiler(): DdlCompiler {
    return new PostgresDdlCompiler(this);
  }

  protected override ilike(node: BinaryNode, ctx: CompileContext): string {
    const left = this.operand(node.left, ctx, node);
    const right = this.operand(node.right, ctx, node, true);
    return `${left} ${node.operator} ${right}${this.escapeClause(node)}`;
  }
}
