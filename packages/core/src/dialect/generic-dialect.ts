import { DdlCompiler } from '../compiler/ddl-compiler.js';
import { GenericSqlCompiler } from '../compiler/generic-sql-compiler.js';
import { TypeCompiler } from '../compiler/type-compiler.js';
import type { CompileTarget } from '../sql/statement-rendering.js';

const typeCompiler = new TypeCompiler('default');
let ddlCompiler: DdlCompiler | undefined;
const compiler: GenericSqlCompiler = new GenericSqlCompiler({
  typeCompiler,
  // Made on first use: the DDL compiler writes names and expressions with `compiler`.
  ddlCompiler: () => {
    ddlCompiler ??= new DdlCompiler(compiler, typeCompiler);
    return ddlCompiler;
  },
});

/**
 * The generic dialect: what `String(stmt)` and `stmt.compile()` write when no dialect is given,
 * for reading (SQLAlchemy's `StrSQLCompiler`). Its statement, DDL and type compilers are the
 * standard ones, wired side by side as a dialect wires its own.
 * @example genericDialect.compiler.compileToSql(select(users.c.id)).sql // 'SELECT users.id FROM users'
 */
export const genericDialect: CompileTarget & { readonly compiler: GenericSqlCompiler } = {
  compiler,
};
