import { createEngine, type Dialect, type Engine, text } from '@athanor/core';
import { afterAll, beforeAll, type TestContext } from 'vitest';

/** A database a test file uses beside the conformance suite, from {@link useLiveDatabase}. */
export interface LiveDatabase {
  /** An engine on the database (connected before the file's tests run). */
  readonly engine: Engine;
  /** Skips the test when the database could not be reached (outside CI). */
  skipIfUnreachable(context: TestContext): void;
}

/**
 * Connects an engine before a test file's tests and disposes it after. When the database cannot
 * be reached, tests that call `skipIfUnreachable` skip with a message naming `envVar`, except
 * under `CI=true`, where the file fails.
 */
export function useLiveDatabase(options: {
  readonly dialect: Dialect;
  readonly url: string;
  /** The environment variable that points the tests at another server. */
  readonly envVar: string;
}): LiveDatabase {
  const engine = createEngine(options.url, { dialect: options.dialect });
  let unreachable: string | undefined;
  beforeAll(async () => {
    try {
      await engine.execute(text('SELECT 1'));
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      unreachable = `cannot reach ${engine.url}; set ${options.envVar} to point at a server`;
      console.warn(`SKIPPING ${options.dialect.name} tests: ${unreachable}.`);
    }
  });
  afterAll(() => engine.dispose());
  return {
    engine,
    skipIfUnreachable(context) {
      if (unreachable) context.skip(unreachable);
    },
  };
}
