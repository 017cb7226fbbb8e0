import type { RevisionMap } from './revision-map.js';

/**
 * The heads the version table holds after stamping `destinations` over `current` (Alembic's
 * `stamp`): each destination moves only the heads on its own line of history. A current head
 * below or above the destination (dependencies count) is replaced by it, so stamping up or
 * down one branch leaves the other branch's row alone; a destination no current head shares
 * history with becomes a new row; one already recorded changes nothing. An empty
 * `destinations` is `base`: every row goes.
 */
export function stampHeads(
  map: RevisionMap,
  current: readonly string[],
  destinations: readonly string[],
): string[] {
  let heads = [...current];
  if (destinations.length === 0) return [];
  for (const destination of destinations) {
    if (heads.includes(destination)) continue;
    const line = new Set([...map.ancestors([destination]), ...map.descendants([destination])]);
    heads = [...heads.filter((head) => !line.has(head)), destination];
  }
  return heads;
}
