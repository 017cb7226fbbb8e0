import {
  createEngine,
  type DatabaseUrl,
  type Dialect,
  type Engine,
  makeUrl,
  text,
} from '@athanor/core';

/** Databases made on a server for one test run: their URLs, and how to remove them. */
export interface PrivateDatabases {
  /** A URL per database, in order: the server's URL with the database's name in it. */
  readonly urls: readonly string[];
  /** Drops the databases (and disposes the admin engine when it was made here). */
  drop(): Promise<void>;
}

/** Options of {@link createPrivateDatabases}. */
export interface PrivateDatabasesOptions {
  /**
   * The server: an engine on it to borrow for CREATE and DROP DATABASE, or the dialect and a
   * URL to make an admin engine from (disposed by `drop()`).
   */
  readonly server:
    | { readonly engine: Engine }
    | { readonly dialect: Dialect; readonly url: string | DatabaseUrl };
  /** The start of each name, saying what made it, so a leftover can be traced (`athanor_shard`). */
  readonly prefix: string;
  /** How many databases; one by default. */
  readonly count?: number;
}

/**
 * Makes `count` empty databases on a server, named `<prefix>_<run>_<i>` with a part unique to
 * this run, so runs side by side (and a leftover of a killed run) never meet. Each test file
 * that needs a database of its own (tables with any name, sharding over two databases, a
 * migration's whole history) gets it here. When one cannot be made, those made before it are
 * dropped and the error is thrown.
 *
 * @example
 * const { urls, drop } = await createPrivateDatabases({
 *   server: { dialect: postgresDialect, url: 'postgresql://postgres@127.0.0.1:5432/test' },
 *   prefix: 'athanor_shard',
 *   count: 2,
 * });
 */
export async function createPrivateDatabases(
  options: PrivateDatabasesOptions,
): Promise<PrivateDatabases> {
  const { server, prefix, count = 1 } = options;
  const owned = !('engine' in server);
  const admin =
    'engine' in server
      ? server.engine
      : // A short connect timeout: an unreachable server fails here quickly, and the caller skips.
        createEngine(server.url, { dialect: server.dialect, connectTimeout: 5000 });
  const quote = (name: string) => admin.dialect.compiler.quoteIdentifier(name);
  // PostgreSQL refuses to drop a database another session is still on; FORCE ends those
  // sessions (a pool's idle connection, a child process's), as the test is over anyway.
  const force = admin.dialect.name === 'postgresql' ? ' WITH (FORCE)' : '';
  const run = `${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  const names = Array.from({ length: count }, (_, i) => `${prefix}_${run}_${i}`);
  const created: string[] = [];

  const drop = async () => {
    try {
      for (const name of created.splice(0)) {
        await adminStatement(admin, `DROP DATABASE ${quote(name)}${force}`);
      }
    } finally {
      if (owned) await admin.dispose();
    }
  };

  try {
    for (const name of names) {
      await adminStatement(admin, `CREATE DATABASE ${quote(name)}`);
      created.push(name);
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  const base = makeUrl(admin.url);
  return {
    urls: names.map((database) => base.set({ database }).renderAsString({ hidePassword: false })),
    drop,
  };
}

/** Runs one statement outside any transaction: CREATE and DROP DATABASE refuse to run in one. */
async function adminStatement(engine: Engine, sql: string): Promise<void> {
  const connection = await engine.connect();
  try {
    await connection.setIsolationLevel('AUTOCOMMIT');
    await connection.execute(text(sql));
  } finally {
    await connection.close();
  }
}
