import { ArgumentError } from '@athanor/core';
import type { Operations } from '../operations/operations.js';

/** A migration step, as a revision file exports it (Alembic's `Script`). */
export interface Revision {
  /** The revision id: 12 hex characters when `revision` wrote it. */
  readonly id: string;
  /** The revisions this one follows: none for a base, one usually, several for a merge. */
  readonly downRevisions: readonly string[];
  /** Revisions (usually on another branch) that must be applied before this one. */
  readonly dependsOn: readonly string[];
  /** Names a branch can be called by: `upgrade mylabel@head`. */
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly createDate: string | undefined;
  /** The file it was loaded from; null for revisions made in code. */
  readonly path: string | null;
  upgrade(op: Operations): Promise<void>;
  downgrade(op: Operations): Promise<void>;
}

/** What a revision module exports (checked by {@link revisionFromModule}). */
type RevisionModule = Readonly<Record<string, unknown>>;

/**
 * Checks a loaded revision module's exports and turns them into a {@link Revision}.
 * @throws {ArgumentError} naming the file and the export that is missing or wrong.
 */
export function revisionFromModule(module: RevisionModule, path: string): Revision {
  const fail = (problem: string): never => {
    throw new ArgumentError(
      `Revision file ${path}: ${problem}. A revision exports revision, downRevision, message, ` +
        'and the async functions upgrade(op) and downgrade(op) (see athanor revision -m).',
      { code: 'bad-revision-file' },
    );
  };
  const id = module.revision;
  if (typeof id !== 'string' || !/^\w+$/.test(id)) {
    fail(`'export const revision' must be the revision id (letters, digits, _), got ${show(id)}`);
  }
  if (!('downRevision' in module)) {
    fail("it has no 'export const downRevision' (null for the first revision)");
  }
  const downRevisions = idList(module.downRevision, 'downRevision', fail);
  const dependsOn = idList(module.dependsOn ?? null, 'dependsOn', fail);
  const labels = module.branchLabels ?? null;
  const branchLabels = idList(labels, 'branchLabels', fail);
  const { upgrade, downgrade } = module;
  if (typeof upgrade !== 'function') fail("it has no 'export async function upgrade(op)'");
  if (typeof downgrade !== 'function') fail("it has no 'export async function downgrade(op)'");
  const message = module.message ?? '';
  if (typeof message !== 'string') fail(`'message' must be a string, got ${show(message)}`);
  const createDate = module.createDate;
  if (createDate !== undefined && typeof createDate !== 'string') {
    fail(`'createDate' must be an ISO date string, got ${show(createDate)}`);
  }
  return {
    id: id as string,
    downRevisions,
    dependsOn,
    branchLabels,
    message: message as string,
    createDate: createDate as string | undefined,
    path,
    upgrade: upgrade as Revision['upgrade'],
    downgrade: downgrade as Revision['downgrade'],
  };
}

/** `null`, one id, or a list of ids, as a list. */
function idList(value: unknown, name: string, fail: (problem: string) => never): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    return [...value];
  }
  return fail(`'${name}' must be null, a revision id or a list of ids, got ${show(value)}`);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
