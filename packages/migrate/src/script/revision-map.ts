import { ArgumentError } from '@athanor/core';
import type { Revision } from './revision.js';

/**
 * The graph of revisions (Alembic's `RevisionMap`): each revision points down to the ones it
 * follows, so history can branch (two revisions with one parent) and merge (one revision with
 * two parents). `dependsOn` adds edges that order revisions without joining their branches.
 */
export class RevisionMap {
  readonly #byId = new Map<string, Revision>();
  readonly #children = new Map<string, string[]>();
  readonly #dependents = new Map<string, string[]>();
  readonly #labels = new Map<string, string>();
  /** Every revision, parents before children (ties in file-name order). */
  readonly ordered: readonly Revision[];

  constructor(revisions: readonly Revision[]) {
    for (const revision of revisions) {
      const existing = this.#byId.get(revision.id);
      if (existing) {
        throw new ArgumentError(
          `Two revision files have the id '${revision.id}': ${existing.path} and ${revision.path}. ` +
            'Give one of them a new id (and fix the downRevision that points at it).',
          { code: 'duplicate-revision' },
        );
      }
      this.#byId.set(revision.id, revision);
      this.#children.set(revision.id, []);
      this.#dependents.set(revision.id, []);
    }
    for (const revision of revisions) {
      this.#link(revision, revision.downRevisions, this.#children, 'downRevision');
      this.#link(revision, revision.dependsOn, this.#dependents, 'dependsOn');
      for (const label of revision.branchLabels) this.#addLabel(label, revision);
    }
    this.ordered = this.#sort(revisions);
  }

  /** Revisions nothing follows: where `upgrade head(s)` goes. */
  get heads(): Revision[] {
    return this.ordered.filter((revision) => this.children(revision.id).length === 0);
  }

  /** Revisions that follow nothing. */
  get bases(): Revision[] {
    return this.ordered.filter((revision) => revision.downRevisions.length === 0);
  }

  /** Revisions with more than one child: where history branched. */
  get branchPoints(): Revision[] {
    return this.ordered.filter((revision) => this.children(revision.id).length > 1);
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The revision with exactly this id. */
  get(id: string): Revision {
    const revision = this.#byId.get(id);
    if (!revision) {
      throw new ArgumentError(`No revision '${id}' in the versions folder.`, {
        code: 'unknown-revision',
      });
    }
    return revision;
  }

  /** The revision a branch label names, if any. */
  labelled(label: string): Revision | undefined {
    const id = this.#labels.get(label);
    return id === undefined ? undefined : this.get(id);
  }

  /** The revisions that follow `id` directly. */
  children(id: string): Revision[] {
    return (this.#children.get(id) ?? []).map((child) => this.get(child));
  }

  /**
   * `ids` and every revision below them. With `dependencies`, revisions they depend on (and
   * theirs) count too: those must be applied first.
   */
  ancestors(ids: Iterable<string>, dependencies = true): Set<string> {
    return this.#walk(ids, (revision) =>
      dependencies ? [...revision.downRevisions, ...revision.dependsOn] : revision.downRevisions,
    );
  }

  /** `ids` and every revision above them, dependents included. */
  descendants(ids: Iterable<string>): Set<string> {
    return this.#walk(ids, (revision) => [
      ...(this.#children.get(revision.id) ?? []),
      ...(this.#dependents.get(revision.id) ?? []),
    ]);
  }

  #walk(start: Iterable<string>, next: (revision: Revision) => readonly string[]): Set<string> {
    const seen = new Set<string>();
    const pending = [...start];
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      if (seen.has(id)) continue;
      seen.add(id);
      pending.push(...next(this.get(id)));
    }
    return seen;
  }

  #link(
    revision: Revision,
    targets: readonly string[],
    edges: Map<string, string[]>,
    exportName: string,
  ): void {
    for (const target of targets) {
      const list = edges.get(target);
      if (!list) {
        throw new ArgumentError(
          `Revision ${revision.id} (${revision.path}) has ${exportName} '${target}', ` +
            'but no revision file has that id. Correct the id, or restore the missing file.',
          { code: 'missing-down-revision' },
        );
      }
      list.push(revision.id);
    }
  }

  #addLabel(label: string, revision: Revision): void {
    const owner = this.#labels.get(label);
    if (owner !== undefined || this.#byId.has(label)) {
      throw new ArgumentError(
        `Branch label '${label}' on ${revision.id} is already ${owner ? `the label of ${owner}` : 'a revision id'}.`,
        { code: 'duplicate-branch-label' },
      );
    }
    this.#labels.set(label, revision.id);
  }

  /** Kahn's algorithm over both kinds of edge; a revision left over is on a cycle. */
  #sort(revisions: readonly Revision[]): Revision[] {
    const waiting = new Map(
      revisions.map((revision) => [
        revision.id,
        new Set([...revision.downRevisions, ...revision.dependsOn]).size,
      ]),
    );
    const sorted: Revision[] = [];
    const ready = revisions.filter((revision) => waiting.get(revision.id) === 0);
    while (ready.length > 0) {
      const revision = ready.shift() as Revision;
      sorted.push(revision);
      const next = new Set([
        ...(this.#children.get(revision.id) ?? []),
        ...(this.#dependents.get(revision.id) ?? []),
      ]);
      for (const id of next) {
        const left = (waiting.get(id) ?? 0) - 1;
        waiting.set(id, left);
        if (left === 0) ready.push(this.get(id));
      }
    }
    if (sorted.length < revisions.length) {
      const cycle = revisions.filter((revision) => (waiting.get(revision.id) ?? 0) > 0);
      throw new ArgumentError(
        `The revisions ${cycle.map((revision) => revision.id).join(', ')} form a cycle through ` +
          'downRevision/dependsOn: a revision cannot follow itself. Fix their downRevision exports.',
        { code: 'revision-cycle' },
      );
    }
    return sorted;
  }
}
