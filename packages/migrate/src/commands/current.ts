import type { ResolvedConfig } from '../config/resolved-config.js';
import { VersionTable } from '../runtime/version-table.js';
import { type DatabaseOptions, withEngine } from './command-options.js';

/** The revision ids the database's version table records as applied (none: base). */
export async function current(
  config: ResolvedConfig,
  options: DatabaseOptions = {},
): Promise<string[]> {
  const versionTable = new VersionTable(config.versionTable, config.versionTableSchema);
  return withEngine(config, options, async (engine) => {
    const connection = await engine.connect();
    try {
      return await versionTable.read(connection);
    } finally {
      await connection.close();
    }
  });
}
