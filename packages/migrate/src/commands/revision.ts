import { ArgumentError, type Connection } from '@athanor/core';
import { compareMetadata } from '../autogenerate/compare-metadata.js';
import { renderRevisionBody } from '../autogenerate/render-revision.js';
import { loadMetadata } from '../config/load-metadata.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { VersionTable } from '../runtime/version-table.js';
import { resolveRevision } from '../script/resolve-target.js';
import type { RevisionMap } from '../script/revision-map.js';
import { newRevisionId, writeRevisionFile } from '../script/revision-writer.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { type DatabaseOptions, withEngine } from './command-options.js';

/** Options of {@link revision}. */
export interface RevisionOptions extends DatabaseOptions {
  readonly message: string;
  /** Fill upgrade/downgrade from the differences between MetaData and the database. */
  readonly autogenerate?: boolean | undefined;
  /** The revision to follow when there are several heads (default: the one head). */
  readonly head?: string | undefined;
  readonly branchLabels?: readonly string[] | undefined;
  readonly dependsOn?: readonly string[] | undefined;
  /** A chosen id instead of a random one (12 hex characters by default). */
  readonly revisionId?: string | undefined;
}

/**
 * Writes a new revision file after the current head, empty or (with `autogenerate`) with the
 * operations that bring the database to the MetaData.
 * @returns the path of the file written.
 */
export async function revision(config: ResolvedConfig, options: RevisionOptions): Promise<string> {
  const map = await loadRevisionMap(config.migrations);
  let downRevisions: string[];
  if (options.head !== undefined) {
    downRevisions = options.head === 'base' ? [] : [resolveRevision(map, options.head).id];
  } else {
    downRevisions = map.heads.map((head) => head.id);
    if (downRevisions.length > 1) {
      throw new ArgumentError(
        `Multiple heads are present (${downRevisions.join(', ')}): pass --head REV to pick the one ` +
          'to follow, or join them first with \'athanor merge heads -m "merge"\'.',
        { code: 'multiple-heads' },
      );
    }
  }
  const dependsOn = (options.dependsOn ?? []).map((name) => resolveRevision(map, name).id);
  const body = options.autogenerate ? await autogenerateBody(config, map, options) : {};
  return writeRevisionFile(config.migrations, {
    id: options.revisionId ?? newRevisionId(),
    downRevisions,
    message: options.message,
    createDate: new Date(),
    branchLabels: options.branchLabels,
    dependsOn,
    ...body,
  });
}

async function autogenerateBody(
  config: ResolvedConfig,
  map: RevisionMap,
  options: DatabaseOptions,
): Promise<{ upgrade: string; downgrade: string; imports: string[] }> {
  const metadata = await loadMetadata(config);
  const versionTable = new VersionTable(config.versionTable, config.versionTableSchema);
  const diffs = await withEngine(config, options, async (engine) => {
    const connection = await engine.connect();
    try {
      await checkUpToDate(map, versionTable, connection);
      return await compareMetadata(connection, metadata, {
        includeObject: config.includeObject,
        versionTable: config.versionTable,
      });
    } finally {
      await connection.close();
    }
  });
  return renderRevisionBody(diffs);
}

/** Autogenerate compares with the database, so it must be at the head (Alembic's check). */
async function checkUpToDate(
  map: RevisionMap,
  versionTable: VersionTable,
  connection: Connection,
): Promise<void> {
  const applied = (await versionTable.read(connection)).sort();
  const heads = map.heads.map((head) => head.id).sort();
  if (applied.join() !== heads.join()) {
    throw new ArgumentError(
      `The database is not up to date (at ${applied.join(', ') || 'base'}, heads are ${heads.join(', ') || 'none'}): ` +
        'run athanor upgrade heads first, so autogenerate compares against the latest schema.',
      { code: 'not-up-to-date' },
    );
  }
}
