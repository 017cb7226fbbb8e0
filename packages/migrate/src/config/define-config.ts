import type { MetaData } from '@athanor/core';
import type { IncludeObject } from '../autogenerate/schema-diff.js';

export type { IncludeObject };

/** What `athanor.config.ts` exports (through {@link defineConfig}). */
export interface AthanorConfig {
  /** The database URL. `DATABASE_URL` and `--url` override it. */
  readonly url?: string | undefined;
  /**
   * The module with the models, relative to the config file: it exports `metadata`, a
   * declarative `Base` (with `.metadata`) or a default of either. `'./models.ts#AppBase'`
   * picks an export by name. Only `revision --autogenerate` and `check` need it.
   */
  readonly metadata?: string | MetaData | undefined;
  /** The migrations folder, relative to the config file (default `./migrations`). */
  readonly migrations?: string | undefined;
  /** The table that records the applied revisions (default `athanor_version`). */
  readonly versionTable?: string | undefined;
  /** The schema of the version table, where the database has schemas. */
  readonly versionTableSchema?: string | undefined;
  /** Filters what autogenerate compares. */
  readonly includeObject?: IncludeObject | undefined;
}

/**
 * Types a config file's default export.
 *
 * @example
 * // athanor.config.ts
 * import { defineConfig } from '@athanor/migrate';
 * export default defineConfig({
 *   url: 'sqlite:///app.db',
 *   metadata: './src/models.ts',
 *   migrations: './migrations',
 * });
 */
export function defineConfig(config: AthanorConfig): AthanorConfig {
  return config;
}
