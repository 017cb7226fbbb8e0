export { MysqlCompiler } from './mysql-compiler.js';
export { MysqlDdlCompiler } from './mysql-ddl-compiler.js';
export {
  MysqlDialect,
  type MysqlServerInfo,
  mysqlDialect,
  mysqlDialect as default,
} from './mysql-dialect.js';
export { MysqlDriver, MysqlDriverConnection, mysqlConnectOptions } from './mysql-driver.js';
export { isMysqlDisconnect, isMysqlRetryable, mysqlErrorClass } from './mysql-errors.js';
export type { MysqlServerFlags } from './mysql-server-flags.js';
export { MysqlTypeCompiler } from './mysql-type-compiler.js';
