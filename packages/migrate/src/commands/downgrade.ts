import type { ResolvedConfig } from '../config/resolved-config.js';
import type { MigrationStep } from '../script/migration-path.js';
import { type RunOptions, runMigrations } from './run-migrations.js';

/**
 * Undoes the applied revisions above `target`: `-N`, `base`, or a revision id or prefix.
 * Offline (`{ sql: true }`) the target must say where to start: `'head:base'`.
 *
 * @example
 * await downgrade(config, '-1');
 */
export function downgrade(
  config: ResolvedConfig,
  target: string,
  options: RunOptions = {},
): Promise<MigrationStep[]> {
  return runMigrations(config, 'downgrade', target, options);
}
