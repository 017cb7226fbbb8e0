import { type InstanceState, mappedState } from '../mapping/instance-state.js';
import type { Relationship } from '../mapping/relationship.js';

/**
 * A foreign key to write before a row is inserted or updated: `child`'s columns take `parent`'s
 * values (its key, once inserted), or NULL when there is no parent any more.
 */
export interface SyncRule {
  readonly child: InstanceState;
  readonly childIndexes: readonly number[];
  readonly parent: InstanceState | null;
  readonly parentIndexes: readonly number[];
  /** Written by a second UPDATE after both rows exist (`postUpdate`). */
  readonly postUpdate: boolean;
  /** The relationship that implies it. */
  readonly relationship: Relationship;
}

/** A row of a many-to-many's association table to add or remove. */
export interface AssociationChange {
  readonly relationship: Relationship;
  readonly owner: InstanceState;
  readonly member: InstanceState;
}

/**
 * What the flush must do for relationships, worked out by comparing each loaded relationship
 * with what was loaded (SQLAlchemy's dependency processors): foreign keys to set or clear,
 * orphans to delete, association rows to add or remove.
 */
export class FlushPlan {
  readonly rules: SyncRule[] = [];
  readonly orphans: InstanceState[] = [];
  readonly associationAdds: AssociationChange[] = [];
  readonly associationRemoves: AssociationChange[] = [];
  readonly #snapshots: { state: InstanceState; key: string; value: unknown }[] = [];

  /** The plan for the relationships of these objects. */
  static build(states: Iterable<InstanceState>): FlushPlan {
    const plan = new FlushPlan();
    for (const state of states) plan.#add(state);
    return plan;
  }

  /** Clears the foreign key of a child whose parent is deleted without a delete cascade. */
  clearParent(child: InstanceState, relationship: Relationship): void {
    this.rules.push({
      child,
      childIndexes: relationship.remoteIndexes,
      parent: null,
      parentIndexes: [],
      postUpdate: false,
      relationship,
    });
  }

  /**
   * True when `child` is given a parent other than `from` along `relationship` (or its mirror)
   * in this flush: it moved, so it is neither an orphan nor deleted with `from`.
   */
  movedAway(child: InstanceState, relationship: Relationship, from: InstanceState | null): boolean {
    const reverse = relationship.reverse;
    return (this.#rulesOf(child) ?? []).some(
      (rule) =>
        rule.parent !== null &&
        rule.parent !== from &&
        (rule.relationship === relationship || rule.relationship === reverse),
    );
  }

  #byChild: Map<InstanceState, SyncRule[]> | null = null;
  #indexed = 0;

  /** The rules for one child, from an index kept up to date as rules are added. */
  #rulesOf(child: InstanceState): SyncRule[] | undefined {
    this.#byChild ??= new Map();
    for (; this.#indexed < this.rules.length; this.#indexed++) {
      const rule = this.rules[this.#indexed] as SyncRule;
      const list = this.#byChild.get(rule.child);
      if (list) list.push(rule);
      else this.#byChild.set(rule.child, [rule]);
    }
    return this.#byChild.get(child);
  }

  /** After a successful flush: what is in memory is now what is in the database. */
  commit(): void {
    for (const { state, key, value } of this.#snapshots) {
      state.relatedLoaded ??= new Map();
      state.relatedLoaded.set(key, Array.isArray(value) ? [...value] : value);
    }
  }

  #add(state: InstanceState): void {
    const related = state.related;
    if (!related) return;
    for (const relationship of state.mapper.relationships.values()) {
      if (relationship.viewonly || !related.has(relationship.key)) continue;
      const current = related.get(relationship.key);
      const loaded = state.relatedLoaded;
      const known = loaded?.has(relationship.key) ?? false;
      const before = known ? loaded?.get(relationship.key) : undefined;
      this.#snapshots.push({ state, key: relationship.key, value: current });
      if (relationship.uselist) {
        this.#collection(
          state,
          relationship,
          (current as object[]) ?? [],
          (before as object[] | undefined) ?? [],
        );
      } else if (!known || current !== before) {
        this.#scalar(
          state,
          relationship,
          current as object | null,
          (before as object | null) ?? null,
        );
      }
    }
  }

  #scalar(
    state: InstanceState,
    relationship: Relationship,
    current: object | null,
    before: object | null,
  ): void {
    if (relationship.direction === 'many-to-one') {
      this.rules.push({
        child: state,
        childIndexes: relationship.localIndexes,
        parent: current ? mappedState(current) : null,
        parentIndexes: relationship.remoteIndexes,
        postUpdate: relationship.postUpdate,
        relationship,
      });
      // `post.user = null` under a `delete-orphan` on User.posts: the post is an orphan, whether
      // or not the user's collection is loaded.
      const hadParent =
        before !== null ||
        relationship.localIndexes.some((index) => state.committedValue(index) != null);
      if (current === null && hadParent && relationship.reverse?.cascade.has('delete-orphan')) {
        this.orphans.push(state);
      }
      return;
    }
    // A one-to-one held from the side without the key: the object holds the key.
    if (before && before !== current) this.#leave(state, relationship, before);
    if (current) this.#join(state, relationship, current);
  }

  #collection(
    state: InstanceState,
    relationship: Relationship,
    current: readonly object[],
    before: readonly object[],
  ): void {
    const now = new Set(current);
    const then = new Set(before);
    for (const member of before) if (!now.has(member)) this.#leave(state, relationship, member);
    for (const member of current) if (!then.has(member)) this.#join(state, relationship, member);
  }

  #join(state: InstanceState, relationship: Relationship, member: object): void {
    const memberState = mappedState(member);
    if (relationship.direction === 'many-to-many') {
      this.associationAdds.push({ relationship, owner: state, member: memberState });
      return;
    }
    this.rules.push({
      child: memberState,
      childIndexes: relationship.remoteIndexes,
      parent: state,
      parentIndexes: relationship.localIndexes,
      postUpdate: relationship.postUpdate,
      relationship,
    });
  }

  #leave(state: InstanceState, relationship: Relationship, member: object): void {
    const memberState = mappedState(member);
    if (relationship.direction === 'many-to-many') {
      this.associationRemoves.push({ relationship, owner: state, member: memberState });
    } else if (relationship.cascade.has('delete-orphan')) {
      this.orphans.push(memberState);
    } else {
      this.clearParent(memberState, relationship);
    }
  }
}
