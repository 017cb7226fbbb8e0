export { type PGliteConnectOptions, pgliteConnectOptions } from './pglite-connect-options.js';
export { PGliteDatabase } from './pglite-database.js';
export { PGliteDialect, pgliteDialect, pgliteDialect as default } from './pglite-dialect.js';
export { PGliteDriver, PGliteDriverConnection } from './pglite-driver.js';
