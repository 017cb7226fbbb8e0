import { AthanorError } from '../errors.js';
import { checkRetryOptions, type TransactionRetryOptions } from './transaction-retry-options.js';

/** Who runs {@link retryTransaction}, for its messages. */
export interface RetryCaller {
  /** The API, as messages name it: `engine.transaction()`. */
  readonly caller: string;
  /** Options the caller takes besides the retry options (checked by the caller). */
  readonly otherKeys?: readonly string[];
  /** Where to say that an attempt failed and will run again (the engine's echo log). */
  readonly log?: (message: string) => void;
}

/** True when running the whole transaction again may succeed: see `AthanorError.isRetryable`. */
export function isRetryableError(error: unknown): error is AthanorError {
  return AthanorError.isInstance(error) && error.isRetryable === true;
}

/**
 * Runs `attempt` (given 1, 2, ...) until it returns, again after each retryable error while
 * retries are left (waiting as `backoff` says), and throws any other error at once. When the
 * retries are used up the last error is thrown, with `attempts` set and the count in its
 * message. `attempt` must leave nothing behind when it fails: roll its transaction back.
 *
 * This is the loop under `engine.transaction()` and `session.run()`, exported for other layers
 * (a framework's own unit of work).
 * @throws {ArgumentError} for bad options, before the first attempt.
 */
export async function retryTransaction<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: TransactionRetryOptions | undefined,
  how: RetryCaller,
): Promise<T> {
  const { caller, log } = how;
  const { retries, delay } = checkRetryOptions(options, caller, how.otherKeys);
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isRetryableError(error)) throw error;
      if (attemptNumber > retries) throw gaveUp(error, attemptNumber, caller);
      const wait = delay(attemptNumber, error);
      log?.(
        `${caller}: attempt ${attemptNumber} failed with a retryable ${error.name} ` +
          `(${error.message.split('\n')[0]}); running it again in ${wait} ms`,
      );
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function gaveUp(error: AthanorError, attempts: number, caller: string): AthanorError {
  error.attempts = attempts;
  error.message += `\n[${caller} gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}]`;
  return error;
}
