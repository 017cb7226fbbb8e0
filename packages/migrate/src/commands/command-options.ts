import { ArgumentError, type Connection, createEngine, type Engine } from '@athanor/core';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { type MigrationLock, migrationLock } from '../runtime/migration-lock.js';

/** Options every command that touches the database takes. */
export interface DatabaseOptions {
  /**
   * An engine to use instead of one made from the config's URL (the caller disposes it):
   * for an engine with a logger, or one shared with the application.
   */
  readonly engine?: Engine | undefined;
  /** Receives progress lines ("Running upgrade a -> b, message"); default: none. */
  readonly log?: ((line: string) => void) | undefined;
}

/** Runs `work` with the given engine, or one made from the config's URL and disposed after. */
export async function withEngine<T>(
  config: ResolvedConfig,
  options: DatabaseOptions,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  if (options.engine) return work(options.engine);
  const engine = createEngine(requireUrl(config));
  try {
    return await work(engine);
  } finally {
    await engine.dispose();
  }
}

export function requireUrl(config: ResolvedConfig): string {
  if (config.url) return config.url;
  throw new ArgumentError(
    `No database URL: set 'url' in ${config.configFile ?? 'the config'}, the DATABASE_URL environment variable, or pass --url.`,
    { code: 'no-url' },
  );
}

/** The run's lock: one per database and version table. */
export function lockFor(
  config: ResolvedConfig,
  engine: Engine,
  connection: Connection,
): MigrationLock {
  const table = `${config.versionTableSchema ?? ''}.${config.versionTable}`;
  return migrationLock(connection.dialect.name, engine.url.database ?? '', table);
}
