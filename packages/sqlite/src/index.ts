export { SqliteCompiler } from './sqlite-compiler.js';
export { type SqliteConnectOptions, sqliteConnectOptions } from './sqlite-connect-options.js';
export { SqliteDdlCompiler } from './sqlite-ddl-compiler.js';
export { SqliteDialect, sqliteDialect, sqliteDialect as default } from './sqlite-dialect.js';
export {
  SqliteDriver,
  SqliteDriverConnection,
  type SqliteFileLocking,
} from './sqlite-driver.js';
export { isSqliteRetryable, sqliteErrorClass } from './sqlite-errors.js';
export { SqliteTypeCompiler } from './sqlite-type-compiler.js';
