import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Revision } from '../script/revision.js';
import { loadRevisionMap } from '../script/script-directory.js';

/** Every revision, newest first (children before parents), as `athanor history` lists them. */
export async function history(config: ResolvedConfig): Promise<Revision[]> {
  const map = await loadRevisionMap(config.migrations);
  return [...map.ordered].reverse();
}

/** The revisions nothing follows yet. More than one means history has unmerged branches. */
export async function heads(config: ResolvedConfig): Promise<Revision[]> {
  return (await loadRevisionMap(config.migrations)).heads;
}

/** The revisions where history branches (more than one revision follows them). */
export async function branches(config: ResolvedConfig): Promise<Revision[]> {
  return (await loadRevisionMap(config.migrations)).branchPoints;
}
