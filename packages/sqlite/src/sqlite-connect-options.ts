import { ArgumentError, type DatabaseUrl } from '@athanor/core/dialect';

/** How to open one SQLite database, from the URL and `connectArgs`. */
export interface SqliteConnectOptions {
  /** A file path, or `:memory:`. */
  readonly filename: string;
  /** Options for better-sqlite3's `new Database(filename, options)`. */
  readonly driverOptions: Readonly<Record<string, unknown>>;
  /** Enforce foreign keys (`PRAGMA foreign_keys = ON`). Default true. */
  readonly foreignKeys: boolean;
  /** `PRAGMA journal_mode`, when the URL sets one (`?journal_mode=DELETE`); a file gets WAL. */
  readonly journalMode: string | undefined;
}

const supported = ['mode', 'timeout', 'foreign_keys', 'journal_mode'];

/** True for `sqlite://`, `sqlite:///:memory:` and `sqlite:///` (no file). */
export function isMemoryUrl(url: DatabaseUrl): boolean {
  return !url.database || url.database === ':memory:';
}

/**
 * Reads the URL: `sqlite:///relative.db`, `sqlite:////absolute/path.db`, `sqlite://` (memory),
 * with query options `mode=ro`, `timeout` (ms to wait for a lock), `foreign_keys=off`,
 * `journal_mode` (WAL by default on a file).
 */
export function sqliteConnectOptions(
  url: DatabaseUrl,
  connectArgs: Readonly<Record<string, unknown>>,
): SqliteConnectOptions {
  for (const key of Object.keys(url.query)) {
    if (!supported.includes(key)) {
      throw new ArgumentError(
        `Unknown SQLite URL option '${key}' in ${url}. Supported: ${supported.join(', ')}; ` +
          'pass other better-sqlite3 options as createEngine(url, { connectArgs }).',
      );
    }
  }
  const driverOptions: Record<string, unknown> = {};
  const mode = url.queryValue('mode');
  if (mode === 'ro') driverOptions.readonly = true;
  else if (mode !== undefined && mode !== 'rw' && mode !== 'rwc') {
    throw new ArgumentError(`SQLite URL option mode must be ro, rw or rwc; got '${mode}'.`);
  }
  const timeout = url.queryValue('timeout');
  if (timeout !== undefined) {
    if (!/^\d+$/.test(timeout)) {
      throw new ArgumentError(`SQLite URL option timeout is milliseconds; got '${timeout}'.`);
    }
    driverOptions.timeout = Number(timeout);
  }
  const foreignKeys = url.queryValue('foreign_keys');
  return {
    filename: isMemoryUrl(url) ? ':memory:' : (url.database as string),
    driverOptions: { ...driverOptions, ...connectArgs },
    foreignKeys: foreignKeys === undefined || !/^(off|false|0|no)$/i.test(foreignKeys),
    journalMode: url.queryValue('journal_mode'),
  };
}
