// @athanor/core: what an application uses. What a dialect author needs besides (the compilers,
// the statement tree, drivers, type processors, reflection) is on `@athanor/core/dialect`.

// Engine and connections

// What `engine.dialect.capabilities` tells an application about its database.
export type { DialectCapabilities } from './compiler/capabilities.js';
export type { Dialect } from './dialect/dialect.js';
export type { IsolationLevel, TransactionOptions } from './dialect/driver.js';
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
export {
  DatabaseUrl,
  type DatabaseUrlParts,
  makeUrl,
  type RenderOptions,
  URL,
  type URLParts,
} from './engine/url.js';

// Events

export type {
  AnyExecutable,
  CursorContext,
  CursorResult,
  EngineEvents,
  ErrorContext,
  ListenerResult,
  PoolConnectionInfo,
} from './event/engine-events.js';
export type { EventMap, ListenOptions } from './event/event-dispatcher.js';
export {
  contains,
  type EventsOf,
  type Listenable,
  listen,
  listensFor,
  removeListener,
} from './event/listen.js';

// Transactions

export {
  isRetryableError,
  type RetryCaller,
  retryTransaction,
} from './engine/retrying-transaction.js';
export { NestedTransaction, Transaction, type TransactionHost } from './engine/transaction.js';
export type {
  BackoffFunction,
  BackoffOptions,
  TransactionRetryOptions,
} from './engine/transaction-retry-options.js';

// Results

export {
  AsyncMappingResult,
  AsyncResult,
  AsyncResultView,
  AsyncScalarResult,
  StreamedRows,
} from './engine/async-result.js';
export { BufferedRows, MappingResult, Result, ResultView, ScalarResult } from './engine/result.js';
export { type Row, RowBase, type RowPositions } from './engine/row.js';

// Errors

export {
  ArgumentError,
  AthanorError,
  type AthanorErrorOptions,
  CompileError,
  DatabaseError,
  DataError,
  DBAPIError,
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

// Schema: tables, columns, constraints, DDL statements, reading a database's schema

export { Inspector, inspect } from './engine/inspector.js';
export {
  AddColumn,
  AlterColumn,
  type AlterColumnChanges,
  type ConstraintType,
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
  type StoredType,
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
export {
  type AddableConstraint,
  AddConstraint,
  CreateIndex,
  CreateTable,
  DeferForeignKeys,
  DropConstraint,
  DropIndex,
  DropTable,
  type NamedConstraint,
  SetComment,
} from './schema/ddl.js';
export {
  type CreateDropOptions,
  type DdlBind,
  type DdlConnection,
  type DdlDialect,
  type DdlEngine,
  MetaData,
  type ReflectOptions,
} from './schema/metadata.js';
export type {
  ReflectedCheckConstraint,
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedIndex,
  ReflectedPrimaryKey,
  ReflectedUniqueConstraint,
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

// SQL expression language: statements

export type { Executable, RowShapeOf, RowTupleOf } from './sql/executable.js';
export {
  Insert,
  type InsertValuesOf,
  insert,
  type OnConflictDoUpdate,
  type RowOfTable,
} from './sql/insert.js';
export {
  CompoundSelect,
  type Condition,
  except_,
  exceptAll,
  type ForUpdateOptions,
  intersect,
  intersectAll,
  type OrderTerm,
  Select,
  SelectBase,
  select,
  union,
  unionAll,
} from './sql/select.js';
export {
  CompilableStatement,
  type CompiledSql,
  type CompileOptions,
  type CompileTarget,
} from './sql/statement-rendering.js';
export { TextClause, text } from './sql/text-clause.js';
export { Delete, delete_, Update, type UpdateValuesOf, update } from './sql/update.js';

// SQL expression language: expressions, functions, FROM clauses

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
export {
  and,
  asc,
  bindparam,
  case_,
  cast,
  collate,
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

// SQL expression language: the row types a statement's result has

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

// Types

export * from './types/index.js';

// Used by @athanor/orm to build on the expression language (not for applications)

export { adaptColumns, type ColumnSource, replaceColumns } from './sql/adapt.js';
export { clauseElement, type HasClauseElement, resolveClause } from './sql/clause-element.js';
// Also on @athanor/core/dialect, with the rest of the statement tree.
export type { ColumnNode, ExpressionNode, SelectNode } from './sql/nodes.js';
