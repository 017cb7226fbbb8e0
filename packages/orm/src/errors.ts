import { InvalidRequestError } from '@athanor/core';

/** An attribute of an object no longer in a session could not be loaded (SQLAlchemy's name). */
export class DetachedInstanceError extends InvalidRequestError {
  static override readonly errorName: string = 'DetachedInstanceError';
}

/**
 * An attribute was read that must be loaded again first: it was expired (by commit, or
 * `session.expire()`). Reading is synchronous, so it cannot load on its own.
 */
export class ExpiredAttributeError extends InvalidRequestError {
  static override readonly errorName: string = 'ExpiredAttributeError';
}

/** An UPDATE or DELETE of an object matched no row: another transaction changed or deleted it. */
export class StaleDataError extends InvalidRequestError {
  static override readonly errorName: string = 'StaleDataError';
}

/** A class or object that is not mapped where a mapped one was expected. */
export class UnmappedError extends InvalidRequestError {
  static override readonly errorName: string = 'UnmappedError';
}

/** The session's transaction was rolled back by a failed flush; call `rollback()` first. */
export class PendingRollbackError extends InvalidRequestError {
  static override readonly errorName: string = 'PendingRollbackError';
}

/**
 * A relationship was read that is not loaded. Reading is synchronous, so it cannot run a query
 * on its own: load it with the query (`selectinload`) or with `await session.load(obj, key)`.
 */
export class NotLoadedError extends InvalidRequestError {
  static override readonly errorName: string = 'NotLoadedError';
}
