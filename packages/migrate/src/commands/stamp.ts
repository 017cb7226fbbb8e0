import type { ResolvedConfig } from '../config/resolved-config.js';
import { holdingLock } from '../runtime/migration-lock.js';
import { VersionTable } from '../runtime/version-table.js';
import { resolveRevision, singleHead } from '../script/resolve-target.js';
import { loadRevisionMap } from '../script/script-directory.js';
import { stampHeads } from '../script/stamp-heads.js';
import { type DatabaseOptions, lockFor, withEngine } from './command-options.js';

export interface StampOptions extends DatabaseOptions {
  /**
   * Empty the version table first (Alembic's `--purge`): for rows naming revisions that no
   * longer exist, which a per-branch stamp would otherwise keep.
   */
  readonly purge?: boolean | undefined;
}

/**
 * Sets the version table to `target` without running any migration (Alembic's `stamp`): for a
 * database whose schema was made another way. `head`, `heads`, `base` or revision names
 * (several joined with `,`). As in Alembic, a revision moves only the row of its own branch
 * (up or down); another branch's row stays, and a revision on no recorded branch adds a row.
 * @returns the heads recorded afterwards.
 */
export async function stamp(
  config: ResolvedConfig,
  target: string,
  options: StampOptions = {},
): Promise<string[]> {
  const map = await loadRevisionMap(config.migrations);
  const wanted =
    target === 'base'
      ? []
      : target === 'heads'
        ? map.heads.map((head) => head.id)
        : target
            .split(',')
            .map((name) => (name === 'head' ? singleHead(map) : resolveRevision(map, name)).id);
  const versionTable = new VersionTable(config.versionTable, config.versionTableSchema);
  return withEngine(config, options, async (engine) => {
    const connection = await engine.connect();
    const lock = lockFor(config, engine, connection);
    try {
      return await holdingLock(lock, connection, async () => {
        await connection.begin();
        if (!(await versionTable.exists(connection))) {
          await connection.execute(versionTable.create());
        }
        const before = await versionTable.read(connection);
        const after = stampHeads(map, options.purge ? [] : before, wanted).sort();
        for (const statement of versionTable.changes(before, after)) {
          await connection.execute(statement);
        }
        await connection.commit();
        options.log?.(`Stamped ${after.join(', ') || 'base'}`);
        return after;
      });
    } finally {
      await connection.close();
    }
  });
}
