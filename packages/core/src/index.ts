// Engine

export type { CompiledStatement } from './compiler/compiled-statement.js';
export type { SqlLexicalRules } from './compiler/named-param-scanner.js';
// Compiler
export { type ParamStyle, SqlCompiler } from './compiler/sql-compiler.js';
export { type DialectCapabilities, defaultCapabilities } from './dialect/capabilities.js';
export { DefaultDialect } from './dialect/default-dialect.js';
// The dialect interface
export {
  type Dialect,
  type DialectProvision,
  dialectSpecVersion,
} from './dialect/dialect.js';
export type {
  Driver,
  DriverConnection,
  DriverCursor,
  DriverResult,
  IsolationLevel,
} from './dialect/driver.js';
export {
  AsyncMappingResult,
  AsyncResult,
  AsyncResultView,
  AsyncScalarResult,
} from './engine/async-result.js';
export { Connection, type Params, type StreamOptions } from './engine/connection.js';
export {
  type DialectLoader,
  knownBackends,
  registerDialect,
} from './engine/dialect-registry.js';
export { createEngine, Engine, type EngineOptions } from './engine/engine.js';
export { consoleLogHandler, type LogHandler, type LogRecord } from './engine/logger.js';
export {
  type PoolEvent,
  type PooledConnection,
  type PoolOptions,
  QueuePool,
} from './engine/pool.js';
export { MappingResult, Result, ResultView, ScalarResult } from './engine/result.js';
export type { Row, RowPositions } from './engine/row.js';
export { NestedTransaction, Transaction } from './engine/transaction.js';
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
export type { Executable, RowShapeOf, RowTupleOf } from './sql/executable.js';
// SQL
export { TextClause, text } from './sql/text-clause.js';
