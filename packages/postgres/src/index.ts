export type { PoolerMode } from './connection-pooler.js';
export { PostgresCompiler, postgresLexicalRules } from './postgres-compiler.js';
export { type PostgresConnectOptions, postgresConnectOptions } from './postgres-connect-options.js';
export { PostgresDdlCompiler } from './postgres-ddl-compiler.js';
export {
  PostgresDialect,
  postgresDialect,
  postgresDialect as default,
} from './postgres-dialect.js';
export { PostgresDialectBase } from './postgres-dialect-base.js';
export { PostgresDriver, PostgresDriverConnection } from './postgres-driver.js';
export {
  isPostgresDisconnect,
  isPostgresRetryable,
  postgresErrorClass,
} from './postgres-errors.js';
export { parseInt8Text, parseTimestampText } from './postgres-text-values.js';
export { PostgresTypeCompiler } from './postgres-type-compiler.js';
