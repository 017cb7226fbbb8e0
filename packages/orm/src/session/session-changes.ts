import type { InstanceState } from '../mapping/instance-state.js';

/**
 * What a session has to write at its next flush, and what its transaction has written, as
 * instance states: the session records changes here, the unit of work reads and settles them,
 * and commit and rollback finish them. The states hold their objects strongly (the identity
 * map is weak), so nothing with unflushed changes is collected.
 */
export class SessionChanges {
  /** New objects, in the order they were added. */
  readonly new = new Set<InstanceState>();
  /** Objects marked for deletion and not yet flushed. */
  readonly deleted = new Set<InstanceState>();
  /** Persistent objects that may have unflushed changes: attributes set, relationships changed. */
  readonly modified = new Set<InstanceState>();
  /** Objects with loaded collections, checked at each flush for changes by index or length. */
  readonly collectionOwners = new Set<InstanceState>();
  /** Objects inserted in the current transaction: rollback makes them transient again. */
  insertedInTransaction: InstanceState[] = [];
  /** Objects deleted by a flush in the current transaction: rollback brings them back. */
  readonly deletedInTransaction = new Set<InstanceState>();

  /** True when there is nothing to flush. */
  get empty(): boolean {
    return this.new.size === 0 && this.modified.size === 0 && this.deleted.size === 0;
  }

  /** An object left the session: nothing of it is flushed. */
  forget(state: InstanceState): void {
    this.new.delete(state);
    this.deleted.delete(state);
    this.modified.delete(state);
  }

  /** The transaction ended (committed or rolled back): nothing of it can be undone any more. */
  endTransaction(): void {
    this.insertedInTransaction = [];
    this.deletedInTransaction.clear();
  }
}
