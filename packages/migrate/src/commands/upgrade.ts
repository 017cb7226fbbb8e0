import type { ResolvedConfig } from '../config/resolved-config.js';
import type { MigrationStep } from '../script/migration-path.js';
import { type RunOptions, runMigrations } from './run-migrations.js';

/**
 * Applies the revisions up to `target`: `head` (default), `heads`, `+N`, or a revision id or
 * unique prefix. Each runs in its own transaction with its version-table update.
 *
 * @example
 * await upgrade(await loadConfig(), 'head');
 * await upgrade(config, 'head', { sql: true, output: (text) => script.push(text) });
 */
export function upgrade(
  config: ResolvedConfig,
  target = 'head',
  options: RunOptions = {},
): Promise<MigrationStep[]> {
  return runMigrations(config, 'upgrade', target, options);
}
