import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from '../src/engine/transaction-retry-options.js';
import {
  AthanorError,
  IntegrityError,
  isRetryableError,
  OperationalError,
  retryTransaction,
} from '../src/index.js';

// The retry loop on its own, with errors made as a dialect makes them; the conflicts that
// produce them for real are in the conformance suite and the dialect packages' retry tests.

const conflict = () =>
  new OperationalError('(pg 40001) could not serialize access', { isRetryable: true });

describe('isRetryable', () => {
  it('is false unless the translation says otherwise', () => {
    expect(new AthanorError('x').isRetryable).toBe(false);
    expect(new IntegrityError('duplicate key').isRetryable).toBe(false);
    expect(conflict().isRetryable).toBe(true);
    expect(isRetryableError(conflict())).toBe(true);
    expect(isRetryableError(new Error('plain'))).toBe(false);
    expect(isRetryableError({ isRetryable: true })).toBe(false);
  });
});

describe('retryTransaction', () => {
  it('runs the work again after a retryable error, telling the backoff which retry it is', async () => {
    const calls: number[] = [];
    const asked: [number, string][] = [];
    const value = await retryTransaction(
      async (attempt) => {
        calls.push(attempt);
        if (attempt < 3) throw conflict();
        return 'done';
      },
      {
        backoff: (retry, error) => {
          asked.push([retry, error.name]);
          return 0;
        },
      },
      { caller: 'engine.transaction()' },
    );
    expect(value).toBe('done');
    expect(calls).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      [1, 'OperationalError'],
      [2, 'OperationalError'],
    ]);
  });

  it('throws the last error with its attempts when the retries run out', async () => {
    let attempts = 0;
    const errors: AthanorError[] = [];
    const thrown = await retryTransaction(
      async () => {
        attempts++;
        const error = conflict();
        errors.push(error);
        throw error;
      },
      { retries: 2, backoff: () => 0 },
      { caller: 'session.run()' },
    ).catch((error: unknown) => error);
    expect(attempts).toBe(3);
    expect(thrown).toBe(errors[2]);
    expect((thrown as AthanorError).attempts).toBe(3);
    expect((thrown as AthanorError).message).toMatch(
      /\n\[session\.run\(\) gave up after 3 attempts\]$/,
    );
  });

  it('throws any other error at once', async () => {
    let attempts = 0;
    const thrown = await retryTransaction(
      async () => {
        attempts++;
        throw new IntegrityError('duplicate key');
      },
      {},
      { caller: 'engine.transaction()' },
    ).catch((error: unknown) => error);
    expect(attempts).toBe(1);
    expect(IntegrityError.isInstance(thrown)).toBe(true);
    expect((thrown as IntegrityError).attempts).toBeUndefined();
  });

  it('refuses a backoff function that returns no wait, keeping the conflict as the cause', async () => {
    const thrown = await retryTransaction(
      async () => {
        throw conflict();
      },
      { backoff: () => Number.NaN },
      { caller: 'engine.transaction()' },
    ).catch((error: unknown) => error);
    expect((thrown as AthanorError).code).toBe('bad-retry-option');
    expect((thrown as Error).message).toMatch(/option 'backoff' returned NaN for retry 1/);
    expect(OperationalError.isInstance((thrown as Error).cause)).toBe(true);
  });
});

describe('exponentialBackoff', () => {
  it('waits between half and all of a ceiling that grows by the factor up to maxMs', () => {
    const delay = exponentialBackoff({ initialMs: 100, maxMs: 1000, factor: 3 });
    const ceilings = [100, 300, 900, 1000, 1000];
    for (let i = 0; i < 200; i++) {
      ceilings.forEach((ceiling, index) => {
        const wait = delay(index + 1, conflict());
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      });
    }
  });
});
