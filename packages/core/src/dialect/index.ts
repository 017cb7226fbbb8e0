// @athanor/core/dialect: the face for dialect authors. It holds everything the root entry
// (`@athanor/core`) gives applications, so a dialect imports from this one place, and besides:
// the dialect base and interface, the driver interfaces, the three compilers a dialect wires
// side by side, the statement tree they read, type processors, capabilities, reserved words
// and the reflection interfaces.

export * from '../index.js';

// The dialect

export { defaultCapabilities } from '../compiler/capabilities.js';
export { reservedWords } from '../compiler/reserved-words.js';
export type { DBAPIErrorClass } from '../errors.js';
export { bindOnly } from './bind-only.js';
export { DefaultDialect } from './default-dialect.js';
export { type DialectProvision, dialectSpecVersion } from './dialect.js';
export { genericDialect } from './generic-dialect.js';

// Events: what a target (an engine, a session, a model) keeps its listeners in

export { EventDispatcher } from '../event/event-dispatcher.js';
export { eventsKey } from '../event/listen.js';

// The driver under a dialect

export type {
  Driver,
  DriverConnection,
  DriverCursor,
  DriverOptions,
  DriverResult,
  ExecuteOptions,
} from './driver.js';

// The compilers: statements, DDL and types, wired together by the dialect

export { CompileContext, type SelectScope } from '../compiler/compile-context.js';
export type {
  CompiledStatement,
  ParamSlot,
  ValuesRowTemplate,
} from '../compiler/compiled-statement.js';
export type { DdlWriter, SqlWriter, TypeWriter } from '../compiler/compiler-parts.js';
export { DdlCompiler } from '../compiler/ddl-compiler.js';
export { GenericSqlCompiler } from '../compiler/generic-sql-compiler.js';
export { codeOutsideQuotes, type SqlLexicalRules } from '../compiler/named-param-scanner.js';
export {
  type CompileResult,
  type CompilerSettings,
  type ManyValues,
  type ParamStyle,
  SqlCompiler,
} from '../compiler/sql-compiler.js';
export { TableDdlCompiler } from '../compiler/table-ddl-compiler.js';
export { TypeCompiler } from '../compiler/type-compiler.js';
export { truncateIdentifier } from '../schema/naming.js';
export type { StatementWriter } from '../sql/statement-rendering.js';

// The statement tree the compilers read

export type {
  AddColumnNode,
  AlterColumnNode,
  DropColumnNode,
  RenameColumnNode,
  RenameTableNode,
} from '../schema/alter-ddl.js';
export type {
  AddConstraintNode,
  CreateIndexNode,
  CreateTableNode,
  DdlNode,
  DeferForeignKeysNode,
  DropConstraintNode,
  DropIndexNode,
  DropTableNode,
  SetCommentNode,
} from '../schema/ddl.js';
export type {
  AggregateFilterNode,
  AliasNode,
  BinaryNode,
  BinaryOperator,
  BindNode,
  CaseNode,
  CastNode,
  ClauseListNode,
  CollateNode,
  CompoundSelectNode,
  CteNode,
  DeleteNode,
  ExcludedNode,
  FromNode,
  FunctionNode,
  GroupingNode,
  InsertNode,
  JoinNode,
  KeywordNode,
  LabelNode,
  LockingClause,
  NodeKind,
  OnConflictNode,
  OrderByNode,
  OverNode,
  RawNode,
  ScalarSubqueryNode,
  SqlNode,
  StatementNode,
  SubqueryNode,
  TableNode,
  TextNode,
  TupleNode,
  UnaryNode,
  UpdateNode,
} from '../sql/nodes.js';

// Values on their way to and from the driver

export {
  bindFloatOrNonFinite,
  bindUntyped,
  bindUntypedOrNonFinite,
  type DefaultProcessor,
  defaultTypeProcessors,
  extendDefaultProcessors,
  type Processor,
  type ProcessorExtension,
  parseTimestamp,
  type TypeProcessor,
  TypeProcessors,
  type TypeProcessorTable,
  utcDate,
  utcTimestamp,
} from '../compiler/type-processors.js';
export { decoratorBinds } from '../types/type-decorator.js';
// Exact decimals, for databases that compare or store Numeric through doubles.
export {
  comparedAtScale,
  decimalString,
  type ExactDecimal,
  parseDecimal,
} from '../util/exact-decimal.js';

// Reading the schema back

export type { QueryRunner, ReflectionQueries } from '../schema/reflected.js';
export { byName, type CatalogRows, nameOf, queryRows } from './reflection-helpers.js';

// For @athanor/orm (internal): the flush and relationship loading build on these; not for
// dialects or applications.

export { insertFetching } from '../engine/insert-fetching.js';
export { equalTo, inValues } from '../sql/runtime-values.js';
