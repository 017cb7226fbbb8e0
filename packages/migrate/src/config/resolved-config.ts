import type { MetaData } from '@athanor/core';
import type { IncludeObject } from './define-config.js';

/** A config with its paths made absolute and the overrides applied: what commands take. */
export interface ResolvedConfig {
  /** The database URL (after `--url` and `DATABASE_URL`); undefined when none was given. */
  readonly url: string | undefined;
  /** The metadata module's absolute path with an optional `#Export`, or a MetaData given in code. */
  readonly metadata: string | MetaData | undefined;
  /** The migrations folder (absolute). */
  readonly migrations: string;
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly includeObject: IncludeObject | undefined;
  /** The config file it came from, when there was one. */
  readonly configFile: string | undefined;
}
