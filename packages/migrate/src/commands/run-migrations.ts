import type { Engine } from '@athanor/core';
import { createEngine } from '@athanor/core';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { runOffline } from '../runtime/offline-run.js';
import { runOnline } from '../runtime/online-run.js';
import type { Direction } from '../runtime/plan.js';
import { VersionTable } from '../runtime/version-table.js';
import type { MigrationStep } from '../script/migration-path.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { type DatabaseOptions, lockFor, requireUrl, withEngine } from './command-options.js';

/** Options of `upgrade` and `downgrade`. */
export interface RunOptions extends DatabaseOptions {
  /**
   * Offline: write the SQL instead of running it, without connecting (`--sql`). The target may
   * be `FROM:TARGET` to start from a revision other than base.
   */
  readonly sql?: boolean | undefined;
  /** Receives the offline script (default: standard output). */
  readonly output?: ((text: string) => void) | undefined;
}

/** Upgrades or downgrades online, or writes the SQL offline; returns the steps taken. */
export async function runMigrations(
  config: ResolvedConfig,
  direction: Direction,
  target: string,
  options: RunOptions,
): Promise<MigrationStep[]> {
  const map = await loadRevisionMap(config.migrations);
  const versionTable = new VersionTable(config.versionTable, config.versionTableSchema);
  if (options.sql) {
    // Only the dialect is needed: loading it does not connect.
    const dialect = await (options.engine ?? createEngine(requireUrl(config))).loadDialect();
    const write = options.output ?? ((text: string) => process.stdout.write(text));
    return runOffline(dialect, { map, versionTable, direction, target, write });
  }
  return withEngine(config, options, async (engine: Engine) => {
    const connection = await engine.connect();
    try {
      const lock = lockFor(config, engine, connection);
      return await runOnline(connection, {
        map,
        versionTable,
        lock,
        direction,
        target,
        log: options.log ?? (() => undefined),
      });
    } finally {
      await connection.close();
    }
  });
}
