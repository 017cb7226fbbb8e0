import {
  type CompileContext,
  type CompoundSelectNode,
  type DdlCompiler,
  type ExpressionNode,
  type FunctionNode,
  type SelectNode,
  SqlCompiler,
  type TypeCompiler,
} from '@athanor/core';
import { SqliteDdlCompiler } from './sqlite-ddl-compiler.js';
import { SqliteTypeCompiler } from './sqlite-type-compiler.js';

/** SQLite's SQL: `?` placeholders, LIMIT -1 for an OFFSET alone, CURRENT_TIMESTAMP for now(). */
export class SqliteCompiler extends SqlCompiler {
  protected override createTypeCompiler(): TypeCompiler {
    return new SqliteTypeCompiler(this.settings.name);
  }

  protected override createDdlCompiler(): DdlCompiler {
    return new SqliteDdlCompiler(this);
  }

  protected override limitClause(
    limit: ExpressionNode | null,
    offset: ExpressionNode | null,
    ctx: CompileContext,
  ): string {
    let sql = '';
    if (limit || offset) sql += ` LIMIT ${limit ? this.visit(limit, ctx) : '-1'}`;
    if (offset) sql += ` OFFSET ${this.visit(offset, ctx)}`;
    return sql;
  }

  protected override functionCall(
    name: string,
    args: readonly string[],
    node: FunctionNode,
  ): string {
    if (name === 'now' && args.length === 0) return 'CURRENT_TIMESTAMP';
    return super.functionCall(name, args, node);
  }

  /**
   * SQLite takes no parentheses around the members of a UNION; a member with its own ORDER BY
   * or LIMIT becomes a subquery instead.
   */
  protected override compoundMember(
    member: SelectNode | CompoundSelectNode,
    ctx: CompileContext,
  ): string {
    const sql =
      member.kind === 'select'
        ? this.visitSelect(member, ctx)
        : this.visitCompoundSelect(member, ctx);
    const ownOrder = member.orderBy.length > 0 || member.limit !== null || member.offset !== null;
    return ownOrder || member.kind === 'compound_select' ? `SELECT * FROM (${sql})` : sql;
  }
}
