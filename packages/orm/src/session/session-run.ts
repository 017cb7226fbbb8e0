import { InvalidRequestError, retryTransaction, type TransactionRetryOptions } from '@athanor/core';
import { stateOf } from '../mapping/instance-state.js';
import type { Session } from './session.js';

/**
 * `session.run()`: runs `work` and commits, in a transaction retried on serialization failures
 * and deadlocks. A failed attempt is rolled back (what it added becomes transient again, what
 * it deleted comes back, every object is expired) and the objects it loaded leave the session,
 * so the next attempt starts from the session as it was when run() was called: nothing the
 * failed attempt read or made leaks into it.
 */
export async function runInSession<T>(
  session: Session,
  work: (session: Session) => Promise<T>,
  options: TransactionRetryOptions | undefined,
): Promise<T> {
  if (typeof work !== 'function') {
    throw new InvalidRequestError(
      'session.run() takes the work to run as a function: session.run(async (session) => ...).',
    );
  }
  checkClean(session);
  // The objects the session held before: a failed attempt expunges every other one.
  const before = new Set<object>();
  session.identityMap.forEach((instance) => {
    before.add(instance);
  });
  return retryTransaction(
    async () => {
      try {
        const value = await work(session);
        await session.commit();
        return value;
      } catch (error) {
        await session.rollback();
        const loaded: object[] = [];
        session.identityMap.forEach((instance) => {
          if (!before.has(instance)) loaded.push(instance);
        });
        for (const instance of loaded) {
          if (stateOf(instance)?.session === session) session.expunge(instance);
        }
        throw error;
      }
    },
    options,
    { caller: 'session.run()' },
  );
}

/**
 * A retry rolls the session's transaction back, which would also undo what the session did
 * before run() was called: refuse to start unless there is nothing of that kind to lose.
 */
function checkClean(session: Session): void {
  const pending = session.new.length + session.dirty.length + session.deleted.length;
  if (!session.inTransaction() && pending === 0) return;
  const what =
    pending > 0
      ? `${pending} change${pending === 1 ? '' : 's'} not yet committed`
      : 'a transaction in progress (begun by a query or flush since the last commit)';
  throw new InvalidRequestError(
    `session.run() cannot start: the session has ${what}. run() rolls back a failed attempt, ` +
      'which would undo that too. Call session.commit() or session.rollback() first, or run ' +
      'the work in a new session.',
    { code: 'session-run-dirty' },
  );
}
