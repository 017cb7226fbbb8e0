import { ArgumentError } from '@athanor/core';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { resolveRevision } from '../script/resolve-target.js';
import { newRevisionId, writeRevisionFile } from '../script/revision-writer.js';
import { loadRevisionMap } from '../script/script-directory.js';

/**
 * Writes a revision that joins branches: its `downRevision` lists `revisions` (`['heads']` for
 * every head). Its upgrade and downgrade start empty; upgrading through it joins the
 * version table's rows into one.
 * @returns the path of the file written.
 */
export async function merge(
  config: ResolvedConfig,
  revisions: readonly string[],
  options: { readonly message: string; readonly revisionId?: string | undefined },
): Promise<string> {
  const map = await loadRevisionMap(config.migrations);
  const ids =
    revisions.length === 1 && revisions[0] === 'heads'
      ? map.heads.map((head) => head.id)
      : revisions.map((name) => resolveRevision(map, name).id);
  if (new Set(ids).size < 2) {
    throw new ArgumentError(
      `Merge needs at least two revisions to join, got ${ids.join(', ') || 'none'} (athanor heads lists them).`,
      { code: 'bad-merge' },
    );
  }
  return writeRevisionFile(config.migrations, {
    id: options.revisionId ?? newRevisionId(),
    downRevisions: [...new Set(ids)],
    message: options.message,
    createDate: new Date(),
  });
}
