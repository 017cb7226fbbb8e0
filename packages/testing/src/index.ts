export { barrier } from './barrier.js';
export type { CompileCase, CompileTopic } from './compile-cases/compile-case.js';
export { compileTopics } from './compile-cases/index.js';
export {
  type CompileCasesOptions,
  runCompileCases,
} from './compile-cases/run-compile-cases.js';
export {
  type ConflictingTransactions,
  type ConflictOptions,
  conflictingTransactions,
  crossingUpdates,
  type RetryingTransaction,
  retryingTransaction,
} from './conflicting-transactions.js';
export {
  type CompilableSql,
  type ExpectedSql,
  type ExpectedSqlByDialect,
  expectCompiled,
  expectSql,
  genericSql,
  type SqlDialectKey,
  type SqlDialects,
} from './expect-sql.js';
export { freePort } from './free-port.js';
export { type ConformanceOptions, conformanceTest, errorFrom, Harness } from './harness.js';
export { type LiveDatabase, useLiveDatabase } from './live-database.js';
export {
  createPrivateDatabases,
  type PrivateDatabases,
  type PrivateDatabasesOptions,
} from './private-databases.js';
export { expectRestartMidTransaction } from './restart-mid-transaction.js';
export { runConformanceSuite } from './run-conformance-suite.js';
export {
  type ReplicaCooldownSuiteOptions,
  runReplicaCooldownSuite,
} from './suites/replica-cooldown-suite.js';
export {
  runShardingSuite,
  type ShardDatabases,
  type ShardingSuiteOptions,
} from './suites/sharding-suite.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
