import { ArgumentError, type AthanorError } from '../errors.js';
import { closestName } from '../util/closest-name.js';
import { maxTimerDelay } from './statement-timeout.js';

/**
 * How long to wait before each retry: exponential with jitter. Before retry `n` (1 for the
 * first), the wait is drawn at random between half and all of
 * `min(maxMs, initialMs * factor ** (n - 1))`, so that two transactions that just collided do
 * not collide again at the same moment ("equal jitter").
 */
export interface BackoffOptions {
  /** The ceiling of the first wait, in ms. Default 50. */
  readonly initialMs?: number;
  /** No wait is longer than this, in ms. Default 2000. */
  readonly maxMs?: number;
  /** Each ceiling is this many times the one before. Default 2; 1 waits about the same each time. */
  readonly factor?: number;
}

/**
 * Chooses the wait (ms) before retry `retry` (1 for the first) after `error`, the retryable
 * error the attempt before failed with.
 */
export type BackoffFunction = (retry: number, error: AthanorError) => number;

/** How `engine.transaction()` and `session.run()` retry. */
export interface TransactionRetryOptions {
  /**
   * How many times to run the work again after a retryable error (`error.isRetryable`): a
   * serialization failure or a deadlock. Default 3, so the work runs at most 4 times; 0 never
   * retries. Any other error is thrown at once.
   */
  readonly retries?: number;
  /** The wait before each retry: exponential with jitter (see {@link BackoffOptions}), or a function. */
  readonly backoff?: BackoffOptions | BackoffFunction;
}

/** The retry settings once checked, defaults filled in. */
interface CheckedRetryOptions {
  readonly retries: number;
  readonly delay: BackoffFunction;
}

const defaultRetries = 3;
const defaultBackoff: Required<BackoffOptions> = { initialMs: 50, maxMs: 2000, factor: 2 };

/** The wait before retry `retry` with these settings, jitter included. */
export function exponentialBackoff(settings: Required<BackoffOptions>): BackoffFunction {
  return (retry) => {
    const ceiling = Math.min(settings.maxMs, settings.initialMs * settings.factor ** (retry - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  };
}

const retryKeys = ['retries', 'backoff'];
const backoffKeys: readonly (keyof BackoffOptions)[] = ['initialMs', 'maxMs', 'factor'];

/**
 * Checks the retry options of `caller` (`engine.transaction()`, `session.run()`) before the
 * first attempt, so a typo fails at once instead of retrying in an unexpected way. `otherKeys`
 * are options the caller takes besides these (checked by the caller).
 * @throws {ArgumentError} (code `bad-retry-option`) naming the option and what it accepts.
 */
export function checkRetryOptions(
  options: TransactionRetryOptions | undefined,
  caller: string,
  otherKeys: readonly string[] = [],
): CheckedRetryOptions {
  if (options === undefined) {
    return { retries: defaultRetries, delay: exponentialBackoff(defaultBackoff) };
  }
  const known = [...retryKeys, ...otherKeys];
  checkKeys(options, undefined, known, caller);
  const { retries = defaultRetries, backoff } = options;
  if (!Number.isInteger(retries) || retries < 0) {
    throw optionError(caller, 'retries', retries, 'a whole number >= 0 (0 never retries)');
  }
  return { retries, delay: checkBackoff(backoff, caller) };
}

function checkBackoff(
  backoff: BackoffOptions | BackoffFunction | undefined,
  caller: string,
): BackoffFunction {
  if (backoff === undefined) return exponentialBackoff(defaultBackoff);
  if (typeof backoff === 'function') return checkedFunction(backoff, caller);
  checkKeys(backoff, 'backoff', backoffKeys, caller);
  const settings = { ...defaultBackoff };
  for (const key of ['initialMs', 'maxMs'] as const) {
    const value = backoff[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= maxTimerDelay)) {
      throw optionError(
        caller,
        `backoff.${key}`,
        value,
        `a number of ms from 0 to ${maxTimerDelay}`,
      );
    }
    settings[key] = value;
  }
  if (backoff.factor !== undefined) {
    if (typeof backoff.factor !== 'number' || !(backoff.factor >= 1 && backoff.factor <= 1000)) {
      throw optionError(caller, 'backoff.factor', backoff.factor, 'a number from 1 to 1000');
    }
    settings.factor = backoff.factor;
  }
  if (settings.maxMs < settings.initialMs) {
    throw new ArgumentError(
      `${caller} option 'backoff.maxMs' (${settings.maxMs}) is less than 'backoff.initialMs' ` +
        `(${settings.initialMs}): the longest wait must be at least the first one.`,
      { code: 'bad-retry-option' },
    );
  }
  return exponentialBackoff(settings);
}

/** A user's backoff function, whose answers are checked when it gives them. */
function checkedFunction(backoff: BackoffFunction, caller: string): BackoffFunction {
  return (retry, error) => {
    const wait = backoff(retry, error);
    if (typeof wait === 'number' && wait >= 0 && wait <= maxTimerDelay) return wait;
    throw new ArgumentError(
      `${caller} option 'backoff' returned ${describe(wait)} for retry ${retry}; it must ` +
        `return a number of ms from 0 to ${maxTimerDelay}. The error it was retrying is the cause.`,
      { code: 'bad-retry-option', cause: error },
    );
  };
}

function checkKeys(
  value: unknown,
  name: string | undefined,
  known: readonly string[],
  caller: string,
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = name === undefined ? 'options' : `option '${name}'`;
    throw new ArgumentError(
      `${caller} ${what} must be an object${name === 'backoff' ? ' or a function' : ''}, got ` +
        `${describe(value)}.`,
      { code: 'bad-retry-option' },
    );
  }
  const prefix = name === undefined ? '' : `${name}.`;
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const hint = closestName(key, known);
    throw new ArgumentError(
      `Unknown ${caller} option '${prefix}${key}'${hint ? `: did you mean '${prefix}${hint}'?` : '.'} ` +
        `The ${name === undefined ? '' : `${name} `}options are ${known.join(', ')}.`,
      { code: 'bad-retry-option' },
    );
  }
}

function optionError(
  caller: string,
  name: string,
  value: unknown,
  accepted: string,
): ArgumentError {
  return new ArgumentError(
    `${caller} option '${name}' must be ${accepted}, got ${describe(value)}.`,
    { code: 'bad-retry-option' },
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
