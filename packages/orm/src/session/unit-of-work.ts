import type { Connection, Engine } from '@athanor/core';
import { type EventDispatcher, eventsKey } from '@athanor/core/dialect';
import { FlushContext, type SessionEvents } from '../events/session-events.js';
import type { InstanceState, SessionLike } from '../mapping/instance-state.js';
import { cascadeDeletes, cascadeSaves, type DeletingSession } from './cascades.js';
import { flushChanges } from './flush-changes.js';
import { FlushPlan } from './flush-plan.js';
import type { IdentityMap } from './identity-map.js';
import type { Session } from './session.js';
import type { BindTarget } from './session-binds.js';
import type { SessionChanges } from './session-changes.js';

/** The session a unit of work flushes, as its objects and loaders know it. */
export interface FlushingSession extends SessionLike, DeletingSession {
  readonly identityMap: IdentityMap;
  /** The engine an object's row is written on. */
  getBind(target: BindTarget): Engine;
  /** What loads the rows the delete cascade reads on an engine. */
  loaderFor(engine: Engine): DeletingSession;
}

/** What the session keeps to itself and shares with its unit of work. */
export interface SessionInternals {
  /** The session's new, modified and deleted states. */
  readonly changes: SessionChanges;
  /** The session's connection to an engine's primary, in its transaction. */
  primary(engine: Engine): Promise<Connection>;
  /** A statement of the flush failed and its transaction was rolled back. */
  failed(error: Error): void;
  /** The session itself, as the session events' listeners receive it. */
  readonly session: Session;
}

/** What one engine's part of a flush wrote, for the events after it. */
interface Flushed {
  readonly connection: Connection;
  readonly pending: readonly InstanceState[];
  readonly candidates: readonly InstanceState[];
  readonly deleted: readonly InstanceState[];
}

/**
 * Writes a session's changes (SQLAlchemy's unit of work): from the session's new, modified and
 * deleted states it works out the cascades and orphans, the foreign keys relationships imply
 * ({@link FlushPlan}), and writes each engine's share on that engine's primary
 * ({@link flushChanges}), in the session's transaction. Then the session's bookkeeping follows:
 * what was flushed is no longer pending, and is remembered so a rollback can undo it.
 */
export class UnitOfWork {
  /** A flush is running: loads made by its cascades must not start another. */
  #flushing = false;

  constructor(
    readonly session: FlushingSession,
    readonly internals: SessionInternals,
  ) {}

  /** The engine a state's row is written on. */
  #bindOf(state: InstanceState): Engine {
    return this.session.getBind({ mapper: state.mapper, instance: state.owner });
  }

  /**
   * Writes pending changes. If a statement fails, the transaction is rolled back, the objects
   * and the session's changes are left as they were before the flush, and the session is told
   * ({@link SessionInternals.failed}).
   */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    const changes = this.internals.changes;
    this.#noteCollections();
    if (changes.empty) return;
    this.#flushing = true;
    const events = this.internals.session[eventsKey];
    let context: FlushContext | undefined;
    try {
      // Its listeners may add, change and delete objects: all of it is written now.
      if (events.has('beforeFlush')) {
        context = new FlushContext(this.internals.session);
        await events.fire('beforeFlush', this.internals.session, context);
        this.#noteCollections();
        if (changes.empty) return;
      }
      // New objects reached through relationships join first (cascade save-update).
      cascadeSaves(
        [...changes.new, ...changes.modified].filter((state) => state.related),
        (member) => this.session.cascadeAdd(member),
      );
      // Each engine's objects are written on its primary, one engine after the other.
      const engines = new Map<InstanceState, Engine>();
      for (const state of [...changes.new, ...changes.modified, ...changes.deleted]) {
        engines.set(state, this.#bindOf(state));
      }
      const distinct = new Set(engines.values());
      const flushed: Flushed[] = [];
      for (const engine of distinct) {
        const inGroup =
          distinct.size === 1
            ? () => true
            : (state: InstanceState) => (engines.get(state) ?? this.#bindOf(state)) === engine;
        flushed.push(
          await this.#flushOn(
            await this.internals.primary(engine),
            inGroup,
            this.session.loaderFor(engine),
          ),
        );
      }
      if (events.has('afterFlush') || events.has('afterFlushPostexec') || stateEvents(events)) {
        await this.#afterFlush(
          events,
          context ?? new FlushContext(this.internals.session),
          flushed,
        );
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Collections changed by index or `length` (which they cannot see) mark their owner modified. */
  #noteCollections(): void {
    const changes = this.internals.changes;
    for (const state of changes.collectionOwners) {
      if (state.session !== this.session) changes.collectionOwners.delete(state);
      else if (state.collectionsChanged()) changes.modified.add(state);
    }
  }

  /**
   * The events after the writes, in SQLAlchemy's order: `afterFlush`, the objects' state
   * transitions, `afterFlushPostexec`. They run in the flush's transaction: a listener's error
   * fails the flush as a statement's would (rolled back; the session must be rolled back).
   */
  async #afterFlush(
    events: EventDispatcher<SessionEvents>,
    context: FlushContext,
    flushed: readonly Flushed[],
  ): Promise<void> {
    const session = this.internals.session;
    for (const part of flushed) {
      for (const state of part.pending) context.new.push(state.owner);
      for (const state of part.candidates) context.dirty.push(state.owner);
      for (const state of part.deleted) context.deleted.push(state.owner);
    }
    try {
      if (events.has('afterFlush')) await events.fire('afterFlush', session, context);
      if (events.has('pendingToPersistent')) {
        for (const instance of context.new)
          events.fireSync('pendingToPersistent', session, instance);
      }
      if (events.has('persistentToDeleted')) {
        for (const instance of context.deleted) {
          events.fireSync('persistentToDeleted', session, instance);
        }
      }
      if (events.has('afterFlushPostexec')) {
        await events.fire('afterFlushPostexec', session, context);
      }
    } catch (error) {
      this.internals.failed(error as Error);
      for (const part of flushed) await part.connection.rollback().catch(() => undefined);
      throw error;
    }
  }

  /** Flushes the states `inGroup` picks, on one engine's connection. */
  async #flushOn(
    connection: Connection,
    inGroup: (state: InstanceState) => boolean,
    loader: DeletingSession,
  ): Promise<Flushed> {
    const changes = this.internals.changes;
    const involved = [...changes.new, ...changes.modified, ...changes.deleted].filter(inGroup);
    // A type the database cannot hold is refused before anything is sent, so the
    // transaction is untouched and the session stays usable.
    for (const mapper of new Set(involved.map((state) => state.mapper))) {
      mapper.checkDialect(connection.dialect);
      mapper.registry.configure();
    }
    const plan = FlushPlan.build(involved);
    // What the cascades below change in the session, put back if the flush fails.
    const deletedBefore = new Set(changes.deleted);
    const newBefore = [...changes.new];
    try {
      this.#deleteOrphans(plan);
      await cascadeDeletes(loader, connection, [...changes.deleted].filter(inGroup), plan);
      const pending = [...changes.new].filter(inGroup);
      const deleted = [...changes.deleted].filter(inGroup);
      const candidates = [...changes.modified].filter(
        (state) => state.status === 'persistent' && !state.markedForDeletion && inGroup(state),
      );
      await flushChanges({
        connection,
        dialect: connection.dialect,
        identityMap: this.session.identityMap,
        pending,
        candidates,
        deleted,
        plan,
      });
      // Everything new of this group was flushed (nothing can be added while a flush runs).
      // One by one: spreading 100,000s of states into push() would overflow the stack.
      for (const state of pending) {
        changes.new.delete(state);
        changes.insertedInTransaction.push(state);
      }
      if (changes.modified.size > 0) {
        for (const state of pending) changes.modified.delete(state);
      }
      for (const state of candidates) changes.modified.delete(state);
      for (const state of deleted) {
        changes.deleted.delete(state);
        changes.modified.delete(state);
        changes.deletedInTransaction.add(state);
      }
      return { connection, pending, candidates, deleted };
    } catch (error) {
      this.#undoCascades(deletedBefore, newBefore);
      this.internals.failed(error as Error);
      await connection.rollback().catch(() => undefined);
      throw error;
    }
  }

  /** After a failed flush: deletions and expunges its cascades made are taken back. */
  #undoCascades(deletedBefore: ReadonlySet<InstanceState>, newBefore: readonly InstanceState[]) {
    const changes = this.internals.changes;
    for (const state of [...changes.deleted]) {
      if (deletedBefore.has(state)) continue;
      state.markedForDeletion = false;
      changes.deleted.delete(state);
    }
    for (const state of newBefore) {
      if (changes.new.has(state)) continue;
      state.session = this.session;
      state.status = 'pending';
      changes.new.add(state);
    }
  }

  /**
   * Objects taken out of a `delete-orphan` collection are deleted (or, if never flushed,
   * dropped) — unless they moved to another parent in the same change.
   */
  #deleteOrphans(plan: FlushPlan): void {
    for (const orphan of plan.orphans) {
      if (orphan.session !== this.session) continue;
      const relationships = [...orphan.mapper.relationships.values()];
      if (relationships.some((relationship) => plan.movedAway(orphan, relationship, null))) {
        continue;
      }
      if (orphan.status === 'pending') this.session.expunge(orphan.owner);
      else if (orphan.status === 'persistent' && !orphan.markedForDeletion) {
        this.session.delete(orphan.owner);
      }
    }
  }
}

/** Whether anything listens to the object state events a flush fires. */
function stateEvents(events: EventDispatcher<SessionEvents>): boolean {
  return events.has('pendingToPersistent') || events.has('persistentToDeleted');
}
