import { resolve } from 'node:path';
import { ArgumentError, type DatabaseUrl } from '@athanor/core/dialect';

/** How to open one PGlite database, from the URL and `connectArgs`. */
export interface PGliteConnectOptions {
  /** The data directory as an absolute path, or undefined for a database in memory. */
  readonly dataDir: string | undefined;
  /**
   * How long, in milliseconds, a connection waits for a data directory that another connection
   * of this process is using in a transaction. Default 5000.
   */
  readonly timeout: number;
  /** Options for PGlite's `new PGlite(options)` (`relaxedDurability`, `extensions`, ...). */
  readonly driverOptions: Readonly<Record<string, unknown>>;
}

const supported = ['timeout', 'relaxed_durability'];

/** True for `pglite://`, `pglite:///` and `pglite:///:memory:`: a database in memory. */
export function isMemoryUrl(url: DatabaseUrl): boolean {
  return !url.database || url.database === ':memory:';
}

/**
 * Reads the URL: `pglite://` (in memory), `pglite:///relative/dir` (a data directory under the
 * working directory), `pglite:////absolute/dir`, with query options `timeout` (ms to wait for
 * a data directory another connection is using) and `relaxed_durability=on` (do not wait for
 * each write to reach the disk). PGlite runs in this process: a host, port, user or password
 * in the URL is refused rather than ignored.
 */
export function pgliteConnectOptions(
  url: DatabaseUrl,
  connectArgs: Readonly<Record<string, unknown>>,
): PGliteConnectOptions {
  for (const part of ['host', 'port', 'username', 'password'] as const) {
    if (url[part] !== null) {
      throw new ArgumentError(
        `PGlite runs inside this process, so its URL has no ${part} (in ${url}). ` +
          "Write 'pglite://' for a database in memory or 'pglite:///path/to/dir' for a data directory.",
      );
    }
  }
  for (const key of Object.keys(url.query)) {
    if (!supported.includes(key)) {
      throw new ArgumentError(
        `Unknown PGlite URL option '${key}' in ${url}. Supported: ${supported.join(', ')}; ` +
          'pass other PGlite options as createEngine(url, { connectArgs }).',
      );
    }
  }
  const driverOptions: Record<string, unknown> = {};
  const durability = url.queryValue('relaxed_durability');
  if (durability !== undefined) driverOptions.relaxedDurability = flag(durability);
  const timeout = url.queryValue('timeout') ?? '5000';
  if (!/^\d+$/.test(timeout)) {
    throw new ArgumentError(`PGlite URL option timeout is milliseconds; got '${timeout}'.`);
  }
  return {
    dataDir: isMemoryUrl(url) ? undefined : resolve(url.database as string),
    timeout: Number(timeout),
    driverOptions: { ...driverOptions, ...connectArgs },
  };
}

function flag(value: string): boolean {
  if (/^(on|true|1|yes)$/i.test(value)) return true;
  if (/^(off|false|0|no)$/i.test(value)) return false;
  throw new ArgumentError(`PGlite URL option relaxed_durability is on or off; got '${value}'.`);
}
