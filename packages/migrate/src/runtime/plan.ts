import { ArgumentError } from '@athanor/core';
import { downgradeSteps, type MigrationStep, upgradeSteps } from '../script/migration-path.js';
import { downgradeDestination, upgradeDestination } from '../script/resolve-target.js';
import type { RevisionMap } from '../script/revision-map.js';

/** Which way a run goes. */
export type Direction = 'upgrade' | 'downgrade';

/**
 * Where a run ends, fixed once from the heads read under the lock, so `+1` means one step from
 * where the run started even when steps are planned again after each migration.
 */
export type Destination =
  | { readonly direction: 'upgrade'; readonly heads: readonly string[] }
  | { readonly direction: 'downgrade'; readonly revision: string | null };

export function resolveDestination(
  map: RevisionMap,
  direction: Direction,
  target: string,
  current: readonly string[],
): Destination {
  return direction === 'upgrade'
    ? { direction, heads: upgradeDestination(map, target, current) }
    : { direction, revision: downgradeDestination(map, target, current) };
}

/** The steps from `current` to the destination, in the order they run. */
export function planSteps(
  map: RevisionMap,
  current: readonly string[],
  destination: Destination,
): MigrationStep[] {
  return destination.direction === 'upgrade'
    ? upgradeSteps(map, current, destination.heads)
    : downgradeSteps(map, current, destination.revision);
}

/** Refuses a version row no revision file has (a deleted file, another project's database). */
export function checkKnownHeads(map: RevisionMap, heads: readonly string[], table: string): void {
  for (const head of heads) {
    if (!map.has(head)) {
      throw new ArgumentError(
        `The database's ${table} table says revision '${head}' is applied, but no file in the ` +
          "versions folder has that id. Restore the file, or set the version with 'athanor stamp'.",
        { code: 'unknown-applied-revision' },
      );
    }
  }
}

/** `Running upgrade a -> b, message` (Alembic's line). */
export function describeStep(step: MigrationStep): string {
  const { revision } = step;
  const from = step.direction === 'upgrade' ? revision.downRevisions : [revision.id];
  const to = step.direction === 'upgrade' ? [revision.id] : revision.downRevisions;
  return `Running ${step.direction} ${from.join(', ')} -> ${to.join(', ')}, ${revision.message}`;
}
