import type { SqlNode } from '../sql/nodes.js';
import type { TypeDialect, TypeEngine } from '../types/type-engine.js';
import type { DialectCapabilities } from './capabilities.js';
import type { CompileContext } from './compile-context.js';
import type { CompiledStatement } from './compiled-statement.js';

/*
 * A dialect has three compilers side by side: the statement compiler (`SqlCompiler`), the DDL
 * compiler (`DdlCompiler`) and the type compiler (`TypeCompiler`). None of them imports another:
 * each names what it needs of the others with these interfaces, and the dialect constructs the
 * three and wires them together (`DefaultDialect`).
 */

/** What the statement and DDL compilers ask of the type compiler. */
export interface TypeWriter {
  /** The dialect, as custom types see it (variants and decorators' impls are chosen by it). */
  readonly dialect: TypeDialect;
  /** The type as DDL writes it: `VARCHAR(50)`, `TIMESTAMP WITH TIME ZONE`. */
  process(type: TypeEngine): string;
  /** The type as a CAST target. */
  castTarget(type: TypeEngine): string;
  /** True when the database has an ENUM type; otherwise an enum column gets a CHECK. */
  enumIsNative(): boolean;
}

/** What the statement compiler hands a DDL statement to. */
export interface DdlWriter {
  compile(node: { readonly kind: string }): CompiledStatement;
}

/** What the DDL compiler asks of the statement compiler: names, literals and expressions. */
export interface SqlWriter {
  /** The dialect's name, for messages. */
  readonly settings: { readonly name: string };
  readonly capabilities: DialectCapabilities;
  /** An identifier, quoted where it must be. */
  quote(name: string): string;
  /** A table's name with its schema. */
  tableName(name: string, schema: string | null): string;
  /** A value written into the SQL as a literal. */
  renderLiteral(value: unknown, type?: TypeEngine): string;
  /** An expression's SQL. */
  visit(node: SqlNode, ctx: CompileContext): string;
}
