import { compareMetadata } from '../autogenerate/compare-metadata.js';
import type { SchemaDiff } from '../autogenerate/schema-diff.js';
import { loadMetadata } from '../config/load-metadata.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { type DatabaseOptions, withEngine } from './command-options.js';

/** What {@link check} found. */
export interface CheckResult {
  /** True when the database matches the MetaData. */
  readonly inSync: boolean;
  /** The differences, as autogenerate describes them. */
  readonly diffs: readonly SchemaDiff[];
}

/**
 * Compares the MetaData with the database (Alembic's `check`): for CI, to fail when a model
 * changed and no revision was written. The CLI exits 1 when they differ.
 */
export async function check(
  config: ResolvedConfig,
  options: DatabaseOptions = {},
): Promise<CheckResult> {
  const metadata = await loadMetadata(config);
  const diffs = await withEngine(config, options, async (engine) => {
    const connection = await engine.connect();
    try {
      return await compareMetadata(connection, metadata, {
        includeObject: config.includeObject,
        versionTable: config.versionTable,
      });
    } finally {
      await connection.close();
    }
  });
  return { inSync: diffs.length === 0, diffs };
}
