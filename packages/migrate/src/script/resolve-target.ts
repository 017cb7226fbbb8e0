import { ArgumentError } from '@athanor/core';
import type { Revision } from './revision.js';
import type { RevisionMap } from './revision-map.js';

/**
 * Finds the revision a name means: a full id, a prefix only one id starts with, a branch
 * label, or `REV@head` / `LABEL@head` (the one head above that revision).
 * @throws {ArgumentError} for an unknown name or a prefix several ids share (listing them).
 */
export function resolveRevision(map: RevisionMap, name: string): Revision {
  const at = name.indexOf('@');
  if (at >= 0) {
    const [base, where] = [name.slice(0, at), name.slice(at + 1)];
    if (where !== 'head') {
      throw badTarget(`'${name}': only '@head' may follow a revision or branch label`);
    }
    return headAbove(map, resolveRevision(map, base), name);
  }
  if (map.has(name)) return map.get(name);
  const labelled = map.labelled(name);
  if (labelled) return labelled;
  const matches = map.ordered.filter((revision) => revision.id.startsWith(name));
  if (matches.length === 1) return matches[0] as Revision;
  if (matches.length > 1) {
    throw new ArgumentError(
      `Revision prefix '${name}' is ambiguous: it starts ${matches.map(describe).join(', ')}. ` +
        'Give more characters of the id.',
      { code: 'ambiguous-revision' },
    );
  }
  throw new ArgumentError(
    `No revision '${name}' in the versions folder. Run athanor history to list the revisions.`,
    { code: 'unknown-revision' },
  );
}

/** The single head that descends from `revision`. */
function headAbove(map: RevisionMap, revision: Revision, name: string): Revision {
  const above = map.descendants([revision.id]);
  const heads = map.heads.filter((head) => above.has(head.id));
  if (heads.length !== 1) {
    throw badTarget(
      `'${name}' is ambiguous: ${heads.length} heads descend from ${revision.id} (${heads.map(describe).join(', ')})`,
    );
  }
  return heads[0] as Revision;
}

/**
 * The revisions `upgrade TARGET` should end at: `head` (the only head), `heads` (all),
 * `+N` (N steps above the current head), or a revision name.
 */
export function upgradeDestination(
  map: RevisionMap,
  target: string,
  current: readonly string[],
): string[] {
  if (target === 'heads') return map.heads.map((head) => head.id);
  if (target === 'head') return [singleHead(map).id];
  const relative = /^\+(\d+)$/.exec(target);
  if (relative) return [stepUp(map, current, Number(relative[1]))];
  if (target === 'base') throw badTarget("'base' is a downgrade target; upgrade goes to 'head'");
  return [resolveRevision(map, target).id];
}

/**
 * The revision `downgrade TARGET` should end at, or null for `base` (nothing applied): `-N`
 * (N steps below the current head), `base`, or a revision name.
 */
export function downgradeDestination(
  map: RevisionMap,
  target: string,
  current: readonly string[],
): string | null {
  if (target === 'base') return null;
  const relative = /^-(\d+)$/.exec(target);
  if (relative) return stepDown(map, current, Number(relative[1]));
  if (target === 'head' || target === 'heads') {
    throw badTarget(`'${target}' is an upgrade target; downgrade goes to -N, a revision or base`);
  }
  return resolveRevision(map, target).id;
}

/** The one head; with several, says how to choose. */
export function singleHead(map: RevisionMap): Revision {
  const heads = map.heads;
  if (heads.length === 1) return heads[0] as Revision;
  if (heads.length === 0) throw badTarget('there are no revisions yet (athanor revision -m)');
  throw new ArgumentError(
    `Multiple heads are present (${heads.map(describe).join(', ')}): name one, use 'heads' ` +
      'for all, or join them with \'athanor merge heads -m "merge"\'.',
    { code: 'multiple-heads' },
  );
}

function stepUp(map: RevisionMap, current: readonly string[], steps: number): string {
  if (current.length > 1) {
    throw badTarget(`+${steps} is ambiguous with ${current.length} current heads; name a revision`);
  }
  let here: Revision | undefined = current[0] === undefined ? undefined : map.get(current[0]);
  for (let step = 0; step < steps; step++) {
    const next: Revision[] = here ? map.children(here.id) : map.bases;
    if (next.length !== 1) {
      throw badTarget(
        next.length === 0
          ? `+${steps} goes past the head (only ${step} revision(s) above the current one)`
          : `+${steps} is ambiguous: history branches at ${here?.id ?? 'base'}; name a revision`,
      );
    }
    here = next[0] as Revision;
  }
  if (!here) throw badTarget('+0 names no revision');
  return here.id;
}

function stepDown(map: RevisionMap, current: readonly string[], steps: number): string | null {
  if (current.length !== 1) {
    throw badTarget(
      current.length === 0
        ? `-${steps}: nothing is applied yet`
        : `-${steps} is ambiguous with ${current.length} current heads; name a revision`,
    );
  }
  let here: string | null = current[0] as string;
  for (let step = 0; step < steps; step++) {
    if (here === null) throw badTarget(`-${steps} goes below base (only ${step} applied)`);
    const parents: readonly string[] = map.get(here).downRevisions;
    if (parents.length > 1) {
      throw badTarget(`-${steps} is ambiguous: ${here} is a merge point; name a revision`);
    }
    here = parents[0] ?? null;
  }
  return here;
}

function describe(revision: Revision): string {
  return revision.message ? `${revision.id} (${revision.message})` : revision.id;
}

function badTarget(problem: string): ArgumentError {
  return new ArgumentError(`Bad migration target: ${problem}.`, { code: 'bad-target' });
}
