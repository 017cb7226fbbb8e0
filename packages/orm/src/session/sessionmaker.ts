import { ArgumentError, type Engine } from '@athanor/core';
import { type EventDispatcher, eventsKey } from '@athanor/core/dialect';
import { type SessionEvents, sessionDispatcher } from '../events/session-events.js';
import { Session, type SessionOptions, sessionEventsParent } from './session.js';

/** Options of a session factory. */
export interface SessionmakerOptions extends SessionOptions {
  /** The engine sessions use. */
  readonly bind: Engine;
}

/** A factory of sessions with the same settings; call it for a new session. */
export interface SessionFactory {
  (options?: SessionOptions): Session;
  /** The settings it makes sessions with. */
  readonly options: SessionmakerOptions;
  /** Listeners for every session it makes: `listen(Session, 'afterCommit', ...)` on the factory. */
  readonly [eventsKey]: EventDispatcher<SessionEvents>;
}

/**
 * A session factory (SQLAlchemy's `sessionmaker`): make one per application, then a session per
 * unit of work.
 *
 * @example
 * const Session = sessionmaker({ bind: engine });
 * await using session = Session();
 */
export function sessionmaker(options: SessionmakerOptions): SessionFactory {
  if (!options?.bind) throw new ArgumentError('sessionmaker() needs { bind: engine }');
  // Its sessions' listeners run under these, which run under the Session class's.
  const events = sessionDispatcher('a sessionmaker', Session[eventsKey]);
  const factory = (overrides: SessionOptions = {}) =>
    new Session(options.bind, { ...options, ...overrides, [sessionEventsParent]: events });
  return Object.assign(factory, { options, [eventsKey]: events });
}
