import { ArgumentError, type Connection, type MetaData } from '@athanor/core';
import type { IncludeObject } from '../config/define-config.js';

/**
 * The one place commands reach autogenerate (src/autogenerate, MIGRATE.md's interface):
 * `compareMetadata` finds the differences between MetaData and the database, and
 * `renderRevisionBody` writes them as the bodies of `upgrade` and `downgrade`.
 */
interface AutogenerateModule {
  compareMetadata(
    connection: Connection,
    metadata: MetaData,
    options?: {
      readonly includeObject?: IncludeObject | undefined;
      readonly versionTable: string;
      readonly schema?: string | undefined;
    },
  ): Promise<readonly unknown[]>;
  renderRevisionBody(diffs: readonly unknown[]): {
    upgrade: string;
    downgrade: string;
    imports: string[];
  };
}

/** The module's path, in a variable so this package builds before autogenerate is merged in. */
const autogenerateModule = '../autogenerate/index.js';

async function loadAutogenerate(): Promise<AutogenerateModule> {
  try {
    return (await import(autogenerateModule)) as AutogenerateModule;
  } catch (error) {
    throw new ArgumentError(
      'This build of @athanor/migrate has no autogenerate: write the revision by hand (athanor revision -m "...").',
      { cause: error, code: 'no-autogenerate' },
    );
  }
}

/** The differences between `metadata` and the database on `connection`. */
export async function compareSchema(
  connection: Connection,
  metadata: MetaData,
  options: { readonly includeObject: IncludeObject | undefined; readonly versionTable: string },
): Promise<readonly unknown[]> {
  const autogenerate = await loadAutogenerate();
  return autogenerate.compareMetadata(connection, metadata, {
    includeObject: options.includeObject,
    versionTable: options.versionTable,
  });
}

/** The bodies of a revision's `upgrade` and `downgrade` for the differences found. */
export async function renderBody(
  diffs: readonly unknown[],
): Promise<{ upgrade: string; downgrade: string; imports: string[] }> {
  const autogenerate = await loadAutogenerate();
  return autogenerate.renderRevisionBody(diffs);
}
