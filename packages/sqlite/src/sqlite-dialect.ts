import {
  type CompilerSettings,
  type DatabaseUrl,
  type DBAPIErrorClass,
  type DdlCompiler,
  DefaultDialect,
  type DialectCapabilities,
  type Driver,
  defaultCapabilities,
  defaultTypeProcessors,
  type NumericType,
  type Processor,
  type ReflectionQueries,
  type SqlCompiler,
  type TypeCompiler,
  type TypeProcessorTable,
} from '@athanor/core/dialect';
import { SqliteCompiler } from './sqlite-compiler.js';
import { isMemoryUrl, sqliteConnectOptions } from './sqlite-connect-options.js';
import { SqliteDdlCompiler } from './sqlite-ddl-compiler.js';
import { SqliteDriver } from './sqlite-driver.js';
import { isSqliteRetryable, sqliteErrorClass } from './sqlite-errors.js';
import { decimalText, withScaleText } from './sqlite-numeric.js';
import { sqliteReflection } from './sqlite-reflection.js';
import { SqliteTypeCompiler } from './sqlite-type-compiler.js';

/**
 * A double written with `scale` decimals, as a database with a decimal type writes the column:
 * its shortest form padded with zeros (`toFixed` alone would show the binary noise past the 15th
 * digit), rounded only when it has more decimals than the scale.
 */
function withScale(value: number, scale: number): string {
  const text = String(value);
  if (text.includes('e')) return Math.abs(value) < 1e21 ? value.toFixed(scale) : text;
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals > scale) return value.toFixed(scale);
  if (decimals === scale) return text;
  return `${text}${dot < 0 ? '.' : ''}${'0'.repeat(scale - decimals)}`;
}

/**
 * SQLite through better-sqlite3 (version 12): `sqlite:///file.db`, `sqlite:////abs/path.db`,
 * `sqlite://` for a database in memory.
 *
 * An in-memory database lives inside its one connection, so an engine on one keeps exactly one
 * connection and hands it out to one `Connection` at a time. On a file (in WAL mode unless the
 * URL names another journal mode), transactions of the process take turns to write, waiting
 * without blocking the event loop (see sqlite-write-lock.ts). Foreign keys are enforced
 * (`PRAGMA foreign_keys = ON`) unless the URL says `?foreign_keys=off`.
 */
export class SqliteDialect extends DefaultDialect {
  readonly name = 'sqlite';
  readonly driverName = 'better-sqlite3';
  readonly packageName = '@athanor/sqlite';
  override readonly capabilities: DialectCapabilities = {
    ...defaultCapabilities,
    // better-sqlite3 12 bundles SQLite 3.4x; RETURNING arrived in 3.35.
    insertReturning: true,
    updateReturning: true,
    deleteReturning: true,
    upsertStyle: 'on-conflict',
    maxParameters: 32766,
    // better-sqlite3 steps the statement row by row, which holds no more rows than a cursor.
    serverSideCursors: true,
    transactionalDdl: true,
    maxIdentifierLength: 1024,
    isolationLevels: ['SERIALIZABLE', 'READ UNCOMMITTED'],
    // SQLite cannot ALTER TABLE ... ADD CONSTRAINT; it checks foreign keys only on DML, so
    // tables in a cycle are created with their foreign keys inline instead.
    alterForeignKeys: false,
    // ALTER TABLE changes no column's type, NULL or default: migrations re-create the table.
    alterColumn: false,
    commentStyle: 'none',
    // Numeric columns hold decimal text (NUMERIC_TEXT): every digit survives.
    exactDecimals: true,
    rowLocking: false,
    // SQLite has INTERSECT and EXCEPT, not their ALL forms.
    compoundAll: false,
    // UPDATE ... FROM came with SQLite 3.33; DELETE has no USING.
    deleteUsing: false,
    // BEGIN with PRAGMA query_only; on a file, such a transaction skips the one-writer lock.
    readOnlyTransactions: true,
    // Rows of one INSERT take consecutive rowids, and the driver reports the last.
    multiRowInsertIds: 'last',
  };

  /**
   * SQLite has no boolean, decimal, date or JSON types: booleans are 1/0, dates and times ISO
   * strings, decimals plain decimal text (see sqlite-numeric.ts). A JSON column has NUMERIC
   * affinity, so a number in it is stored as a number (and read as a bigint when the statement
   * reads exact integers). Untyped values (booleans, Dates) are converted by the driver.
   */
  override readonly typeProcessors: TypeProcessorTable = {
    boolean: (type) => {
      const bind = defaultTypeProcessors.boolean?.(type).bind as Processor;
      return {
        bind: (value) => (bind(value) ? 1 : 0),
        result: (value) => value !== 0 && value !== 0n,
      };
    },
    numeric: (type) => {
      const { precision, scale, asNumber } = type as NumericType<boolean>;
      const digits = precision === undefined ? undefined : (scale ?? 0);
      const check = defaultTypeProcessors.numeric?.(type).bind as Processor;
      return {
        bind: (value) => decimalText(check(value) as string | number, digits),
        // A number comes from an expression (min(), sum(), arithmetic) or a column SQLite
        // created before Numeric was stored as text.
        result: asNumber
          ? (value) => (typeof value === 'number' ? value : Number(value))
          : (value) =>
              typeof value === 'string'
                ? withScaleText(value, digits)
                : digits === undefined
                  ? String(value)
                  : typeof value === 'bigint'
                    ? `${value}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`
                    : withScale(value as number, digits),
      };
    },
    // Dates are stored as the strings they read as.
    date: (type) => ({ bind: defaultTypeProcessors.date?.(type).bind }),
    json: (type) => ({
      bind: defaultTypeProcessors.json?.(type).bind,
      result: (value) =>
        typeof value === 'string'
          ? JSON.parse(value)
          : typeof value === 'bigint'
            ? Number(value)
            : value,
    }),
  };

  protected override createCompiler(settings: CompilerSettings): SqlCompiler {
    return new SqliteCompiler(settings);
  }

  protected override createDdlCompiler(sql: SqlCompiler, types: TypeCompiler): DdlCompiler {
    return new SqliteDdlCompiler(sql, types);
  }

  protected override createTypeCompiler(name: string): TypeCompiler {
    return new SqliteTypeCompiler(name);
  }

  override get reflection(): ReflectionQueries {
    return sqliteReflection;
  }

  createDriver(url: DatabaseUrl, connectArgs: Readonly<Record<string, unknown>>): Driver {
    return new SqliteDriver(sqliteConnectOptions(url, connectArgs));
  }

  override errorClassFor(error: unknown): DBAPIErrorClass {
    return sqliteErrorClass(error);
  }

  override isRetryable(error: unknown): boolean {
    return isSqliteRetryable(error);
  }

  override isDisconnect(error: unknown): boolean {
    // The only way to lose an embedded database: it was closed under us.
    return error instanceof TypeError && /database connection is not open/.test(error.message);
  }

  override poolClassFor(url: DatabaseUrl): 'queue' | 'static' {
    return isMemoryUrl(url) ? 'static' : 'queue';
  }
}

/** The SQLite dialect; `createEngine` loads it for `sqlite://` URLs. */
export const sqliteDialect = new SqliteDialect();
