import { ArgumentError } from '@athanor/core';
import type { Revision } from './revision.js';
import type { RevisionMap } from './revision-map.js';

/** One migration to run: a revision and the direction. */
export interface MigrationStep {
  readonly revision: Revision;
  readonly direction: 'upgrade' | 'downgrade';
}

/**
 * The revisions to upgrade, parents first, from the applied heads `current` to `destination`:
 * everything below the destination (dependencies included) that is not applied yet.
 */
export function upgradeSteps(
  map: RevisionMap,
  current: readonly string[],
  destination: readonly string[],
): MigrationStep[] {
  const applied = map.ancestors(current);
  const wanted = map.ancestors(destination);
  return map.ordered
    .filter((revision) => wanted.has(revision.id) && !applied.has(revision.id))
    .map((revision) => ({ revision, direction: 'upgrade' }));
}

/**
 * The revisions to downgrade, children first, from the applied heads `current` down to
 * `destination` (null: base): the applied revisions above it. A revision on another branch
 * than the destination stays applied, as in Alembic.
 * @throws {ArgumentError} when the destination is not applied.
 */
export function downgradeSteps(
  map: RevisionMap,
  current: readonly string[],
  destination: string | null,
): MigrationStep[] {
  const applied = map.ancestors(current);
  if (destination !== null && !applied.has(destination)) {
    throw new ArgumentError(
      `Cannot downgrade to ${destination}: it is not applied (current: ${current.join(', ') || 'base'}). ` +
        'Use athanor upgrade to go forward.',
      { code: 'bad-target' },
    );
  }
  const above = destination === null ? applied : map.descendants([destination]);
  return map.ordered
    .filter((revision) => applied.has(revision.id) && above.has(revision.id))
    .filter((revision) => revision.id !== destination)
    .reverse()
    .map((revision) => ({ revision, direction: 'downgrade' }));
}

/**
 * The applied heads after `step` (what the version table holds): a revision replaces the heads
 * below it; undoing one puts back each parent no other head still covers. Branch points and
 * merges fall out of that (a branch adds a row, a merge removes all but one).
 */
export function headsAfter(
  map: RevisionMap,
  heads: readonly string[],
  step: MigrationStep,
): string[] {
  const { revision } = step;
  if (step.direction === 'upgrade') {
    const below = map.ancestors([revision.id], false);
    return [...heads.filter((head) => !below.has(head)), revision.id];
  }
  const rest = heads.filter((head) => head !== revision.id);
  const covered = map.ancestors(rest, false);
  return [...rest, ...revision.downRevisions.filter((parent) => !covered.has(parent))];
}
