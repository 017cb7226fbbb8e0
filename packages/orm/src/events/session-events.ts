import type { Connection, Transaction } from '@athanor/core';
import { EventDispatcher } from '@athanor/core/dialect';
import type { Session } from '../session/session.js';

/**
 * What one flush is about, passed to the flush events (SQLAlchemy's `flush_context`): the
 * session, and — filled in as the flush writes, so empty in `beforeFlush` — the objects it
 * inserted, the persistent ones it looked at for changes (its dirty objects, net changes or
 * not), and the ones it deleted.
 */
export class FlushContext {
  /** Objects inserted by this flush. */
  readonly new: object[] = [];
  /** Persistent objects this flush looked at for changes (updated where a column changed). */
  readonly dirty: object[] = [];
  /** Objects deleted by this flush. */
  readonly deleted: object[] = [];

  constructor(readonly session: Session) {}
}

/**
 * The events of a session (SQLAlchemy's `SessionEvents`), listened to on a session, on a
 * sessionmaker (every session it makes) or on the `Session` class (every session).
 *
 * The object state events (`transientToPending` ...) fire where the change happens, some of them
 * in synchronous code (`session.add()`, reading rows): their listeners must be synchronous.
 */
export type SessionEvents = {
  /**
   * Before a flush writes anything, when there is something to write. The listener may add,
   * change and delete objects: they are written by the same flush. A flush called inside it
   * does nothing (the flush is under way); queries run without autoflush.
   */
  beforeFlush(session: Session, flushContext: FlushContext): unknown;
  /**
   * After a flush wrote every change, inside its transaction; the objects it wrote are already
   * marked flushed (`flushContext` lists them). A listener's error fails the flush.
   */
  afterFlush(session: Session, flushContext: FlushContext): unknown;
  /** After `afterFlush`, once the flush is over: a change made here is written by the next flush. */
  afterFlushPostexec(session: Session, flushContext: FlushContext): unknown;
  /**
   * When the session begins a transaction on a connection (the first statement after it was
   * opened, committed or rolled back). Runs on the connection, before the session's statement.
   */
  afterBegin(session: Session, transaction: Transaction, connection: Connection): unknown;
  /** At the start of `commit()`, before its flush: a change made here is committed too. */
  beforeCommit(session: Session): unknown;
  /** After `commit()` committed the transaction; the session has no transaction now. */
  afterCommit(session: Session): unknown;
  /** After `rollback()` rolled the transaction back and expired the objects. */
  afterRollback(session: Session): unknown;
  /** `session.add()` made a new object pending. Synchronous. */
  transientToPending(session: Session, instance: object): void;
  /** A flush inserted a pending object's row: it is persistent. Synchronous. */
  pendingToPersistent(session: Session, instance: object): void;
  /** A flush deleted a persistent object's row: it is deleted. Synchronous. */
  persistentToDeleted(session: Session, instance: object): void;
  /** A row was loaded into a new object in the session (not one it held already). Synchronous. */
  loadedAsPersistent(session: Session, instance: object): void;
};

/** Every session event's name, for the dispatcher's checks. */
export const sessionEventNames: readonly (keyof SessionEvents)[] = [
  'beforeFlush',
  'afterFlush',
  'afterFlushPostexec',
  'afterBegin',
  'beforeCommit',
  'afterCommit',
  'afterRollback',
  'transientToPending',
  'pendingToPersistent',
  'persistentToDeleted',
  'loadedAsPersistent',
];

/** A dispatcher of session events under `parent` (a sessionmaker's, the Session class's). */
export function sessionDispatcher(
  target: string,
  parent?: EventDispatcher<SessionEvents>,
): EventDispatcher<SessionEvents> {
  return new EventDispatcher<SessionEvents>(sessionEventNames, target, parent);
}
