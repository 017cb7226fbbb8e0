// Engine

export { type DialectCapabilities, defaultCapabilities } from './compiler/capabilities.js';
export { CompileContext, type SelectScope } from './compiler/compile-context.js';
export type {
  CompiledStatement,
  ParamSlot,
  ValuesRowTemplate,
} from './compiler/compiled-statement.js';
export { DdlCompiler } from './compiler/ddl-compiler.js';
// Loaded for its effect too: statements print and compile() with it when no dialect is given.
export { GenericSqlCompiler } from './compiler/generic-sql-compiler.js';
export { codeOutsideQuotes, type SqlLexicalRules } from './compiler/named-param-scanner.js';
// Compiler
export {
  type CompiledSql,
  type CompileResult,
  type CompilerSettings,
  type ManyValues,
  type ParamStyle,
  SqlCompiler,
} from './compiler/sql-compiler.js';
export { TableDdlCompiler } from './compiler/table-ddl-compiler.js';
export { TypeCompiler } from './compiler/type-compiler.js';
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
} from './compiler/type-processors.js';
// For dialect packages
export { bindOnly } from './dialect/bind-only.js';
export { DefaultDialect } from './dialect/default-dialect.js';
// The dialect interface
export { type Dialect, type DialectProvision, dialectSpecVersion } from './dialect/dialect.js';
export type {
  Driver,
  DriverConnection,
  DriverCursor,
  DriverOptions,
  DriverResult,
  ExecuteOptions,
  IsolationLevel,
  TransactionOptions,
} from './dialect/driver.js';
export { byName, type CatalogRows, nameOf, queryRows } from './dialect/reflection-helpers.js';
export {
  AsyncMappingResult,
  AsyncResult,
  AsyncResultView,
  AsyncScalarResult,
  StreamedRows,
} from './engine/async-result.js';
export {
  Connection,
  type ExecuteParams,
  type ExecutionOptions,
  type Params,
  type StreamOptions,
} from './engine/connection.js';
export { type DialectLoader, knownBackends, registerDialect } from './engine/dialect-registry.js';
export {
  createEngine,
  Engine,
  type EngineOptions,
  type EngineTransactionOptions,
} from './engine/engine.js';
// For @athanor/orm (internal)
export { insertFetching } from './engine/insert-fetching.js';
export { Inspector, inspect } from './engine/inspector.js';
export { consoleLogHandler, type LogHandler, type LogRecord } from './engine/logger.js';
export {
  type PoolEvent,
  type PooledConnection,
  type PoolHooks,
  type PoolOptions,
  QueuePool,
} from './engine/pool.js';
export { routesToReplica } from './engine/replicas/read-routing.js';
export type { ReplicaSelection } from './engine/replicas/replica-set.js';
export { BufferedRows, MappingResult, Result, ResultView, ScalarResult } from './engine/result.js';
export {
  isRetryableError,
  type RetryCaller,
  retryTransaction,
} from './engine/retrying-transaction.js';
export type { Row, RowPositions } from './engine/row.js';
export { RowBase } from './engine/row.js';
export { NestedTransaction, Transaction, type TransactionHost } from './engine/transaction.js';
export type {
  BackoffFunction,
  BackoffOptions,
  TransactionRetryOptions,
} from './engine/transaction-retry-options.js';
export { makeUrl, type RenderOptions, URL, type URLParts } from './engine/url.js';
// Errors
export {
  ArgumentError,
  AthanorError,
  type AthanorErrorOptions,
  CompileError,
  DatabaseError,
  DataError,
  DBAPIError,
  type DBAPIErrorClass,
  IntegrityError,
  InterfaceError,
  InternalError,
  InvalidRequestError,
  MultipleResultsFound,
  NoResultFound,
  NoSuchModuleError,
  NotSupportedError,
  OperationalError,
  ProgrammingError,
  ResourceClosedError,
  StatementError,
  type StatementErrorOptions,
  TimeoutError,
} from './errors.js';
export type {
  AddColumnNode,
  AlterColumnChanges,
  AlterColumnNode,
  ConstraintType,
  DropColumnNode,
  RenameColumnNode,
  RenameTableNode,
} from './schema/alter-ddl.js';
export {
  AddColumn,
  AlterColumn,
  DropColumn,
  RenameColumn,
  RenameTable,
} from './schema/alter-ddl.js';
export {
  Column,
  type ColumnBindOf,
  type ColumnOptions,
  type ColumnValueOf,
  type IsNotNull,
  type IsOptionalOnInsert,
  type ServerDefault,
  type ServerDefaultExpression,
} from './schema/column.js';
export {
  CheckConstraint,
  Constraint,
  ForeignKey,
  ForeignKeyConstraint,
  type ForeignKeyOptions,
  Index,
  type IndexOptions,
  PrimaryKeyConstraint,
  type ReferentialAction,
  type SqlExpression,
  UniqueConstraint,
} from './schema/constraints.js';
export type {
  AddableConstraint,
  AddConstraintNode,
  CreateIndexNode,
  CreateTableNode,
  DdlNode,
  DeferForeignKeysNode,
  DropConstraintNode,
  DropIndexNode,
  DropTableNode,
  NamedConstraint,
  SetCommentNode,
} from './schema/ddl.js';
export {
  AddConstraint,
  CreateIndex,
  CreateTable,
  DeferForeignKeys,
  DropConstraint,
  DropIndex,
  DropTable,
  SetComment,
} from './schema/ddl.js';
// Schema
export {
  type CreateDropOptions,
  type DdlBind,
  type DdlConnection,
  type DdlDialect,
  type DdlEngine,
  MetaData,
  type ReflectOptions,
} from './schema/metadata.js';
export { truncateIdentifier } from './schema/naming.js';
export type {
  QueryRunner,
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedPrimaryKey,
  ReflectedUniqueConstraint,
  ReflectionQueries,
} from './schema/reflected.js';
export { sortTables, type TableOrder } from './schema/sort-tables.js';
export {
  type AnyTable,
  type ColumnMap,
  type InsertExpression,
  type OptionalKeys,
  type RequiredKeys,
  Table,
  type TableColumns,
  type TableInsert,
  type TableOptions,
  type TableRow,
  type TableUpdate,
} from './schema/table.js';
export { adaptColumns, type ColumnSource, replaceColumns } from './sql/adapt.js';
export { clauseElement, type HasClauseElement, resolveClause } from './sql/clause-element.js';
export {
  type AutoescapeOptions,
  type BindValue,
  type BooleanElement,
  ColumnElement,
  type LikeOptions,
  type NumberElement,
  type Operand,
  type SelectSource,
  SortElement,
  type StringElement,
  type ValueOfType,
} from './sql/column-element.js';
export type { Executable, RowShapeOf, RowTupleOf } from './sql/executable.js';
export {
  and,
  asc,
  bindparam,
  case_,
  cast,
  desc,
  distinct,
  exists,
  false_,
  literal,
  literalColumn,
  not,
  null_,
  or,
  true_,
  tuple,
} from './sql/expressions.js';
export {
  Alias,
  ColumnProxy,
  type ColumnsOf,
  CTE,
  FromClause,
  Join,
  type JoinOptions,
  Subquery,
  TableClause,
} from './sql/from-clauses.js';
export {
  type AnyFunction,
  type Func,
  FunctionElement,
  func,
  functionCall,
  type KnownFunctions,
  type Numberish,
  type OverOptions,
} from './sql/functions.js';
export {
  Insert,
  type InsertValuesOf,
  insert,
  type OnConflictDoUpdate,
  type RowOfTable,
} from './sql/insert.js';
// The expression tree, for dialect compilers
export type {
  AliasNode,
  BinaryNode,
  BinaryOperator,
  BindNode,
  CaseNode,
  CastNode,
  ClauseListNode,
  ColumnNode,
  CompoundSelectNode,
  CteNode,
  DeleteNode,
  ExcludedNode,
  ExpressionNode,
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
  SelectNode,
  SqlNode,
  StatementNode,
  SubqueryNode,
  TableNode,
  TextNode,
  TupleNode,
  UnaryNode,
  UpdateNode,
} from './sql/nodes.js';
export type {
  ElementInfo,
  FoldRow,
  HasFrom,
  ItemRow,
  ItemValue,
  RowOf,
  SelectItem,
  Simplify,
  TupleOf,
} from './sql/row-types.js';
export { equalTo, inValues } from './sql/runtime-values.js';
export {
  CompoundSelect,
  type Condition,
  except_,
  type ForUpdateOptions,
  intersect,
  type OrderTerm,
  Select,
  SelectBase,
  select,
  union,
  unionAll,
} from './sql/select.js';
// SQL expression language
export {
  CompilableStatement,
  type CompileOptions,
  type CompileTarget,
  type StatementWriter,
} from './sql/statement-rendering.js';
export { TextClause, text } from './sql/text-clause.js';
export { Delete, delete_, Update, type UpdateValuesOf, update } from './sql/update.js';
// Types
export * from './types/index.js';
// Exact decimals, for dialects whose database compares or stores Numeric through doubles
export {
  comparedAtScale,
  decimalString,
  type ExactDecimal,
  parseDecimal,
} from './util/exact-decimal.js';
