import type { InstanceState, ObjectStatus } from '../mapping/instance-state.js';
import type { IdentityMap } from './identity-map.js';

interface Before {
  readonly values: unknown[];
  readonly committed: Map<number, unknown> | null;
  readonly status: ObjectStatus;
  readonly key: unknown;
}

/**
 * What a flush did to the objects, so that a failed flush can put them back as they were and a
 * successful one can mark them flushed. Every object is recorded before its first change.
 */
export class FlushJournal {
  readonly #before = new Map<InstanceState, Before>();
  /**
   * New objects the flush fills in without touching anything else: for each, which columns were
   * unset before it (a bit per column), to unset them again. Cheaper than a copy, for the
   * thousands of objects a bulk insert makes.
   */
  readonly #unsetStates: InstanceState[] = [];
  readonly #unsetMasks: number[] = [];
  readonly inserted: InstanceState[] = [];
  readonly deleted: InstanceState[] = [];

  /** Records an object's state before the flush changes it (once). */
  touch(state: InstanceState): void {
    if (this.#before.has(state)) return;
    this.#before.set(state, {
      values: [...state.values],
      committed: state.committed && new Map(state.committed),
      status: state.status,
      key: state.key,
    });
  }

  /** Records a new object about to be inserted (before its defaults and keys are filled in). */
  touchNew(state: InstanceState): void {
    const values = state.values;
    if (this.#before.has(state)) return;
    if (values.length > 30) {
      this.touch(state);
      return;
    }
    let mask = 0;
    for (let index = 0; index < values.length; index++) {
      if (values[index] === undefined) mask |= 1 << index;
    }
    this.#unsetStates.push(state);
    this.#unsetMasks.push(mask);
  }

  /** The flush failed: every object is as it was before it. */
  undo(identityMap: IdentityMap): void {
    for (const state of this.inserted) {
      if (state.key !== undefined) identityMap.delete(state.mapper, state.key);
    }
    for (const [i, state] of this.#unsetStates.entries()) {
      const mask = this.#unsetMasks[i] ?? 0;
      for (let index = 0; index < state.values.length; index++) {
        if (mask & (1 << index)) state.values[index] = undefined;
      }
      state.status = 'pending';
      state.key = undefined;
    }
    for (const [state, before] of this.#before) {
      state.values = before.values;
      state.committed = before.committed;
      state.status = before.status;
      state.key = before.key;
    }
  }

  /** The flush succeeded: inserted objects are persistent, deleted ones deleted, values clean. */
  commit(identityMap: IdentityMap): void {
    for (const state of this.inserted) state.status = 'persistent';
    for (const state of this.#before.keys()) state.commitValues();
    for (const state of this.deleted) {
      state.status = 'deleted';
      state.markedForDeletion = false;
      identityMap.delete(state.mapper, state.key);
    }
  }
}
