import { ArgumentError, type Engine } from '@athanor/core';
import { Session, type SessionOptions } from './session.js';

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
  const factory = (overrides: SessionOptions = {}) =>
    new Session(options.bind, { ...options, ...overrides });
  return Object.assign(factory, { options });
}
