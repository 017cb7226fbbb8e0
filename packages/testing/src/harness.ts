import {
  createEngine,
  type DatabaseUrl,
  type Dialect,
  type Engine,
  type EngineOptions,
  MetaData,
  makeUrl,
  type Params,
  type Result,
  text,
} from '@athanor/core';
import { afterAll, beforeAll, it } from 'vitest';
import { dialectShortcomings, hasTableShortcomings } from './suite-requirements.js';

/** What {@link runConformanceSuite} needs to know. */
export interface ConformanceOptions {
  /** The dialect under test. */
  readonly dialect: Dialect;
  /** The database to run against. */
  readonly url: string;
  /** A name for the run in reports; defaults to the dialect's name and the URL. */
  readonly label?: string;
  /** Options for every engine the suite creates (`connectArgs`, say). */
  readonly engineOptions?: EngineOptions;
  /**
   * The URL reaches the database through a pooler in transaction mode (PgBouncer's
   * `pool_mode = transaction`), which lends a server session to each transaction, not to each
   * connection. Tests that tell connections apart by their server session id, across
   * transactions or while idle, then skip: the id names one transaction's server session.
   */
  readonly behindTransactionPooler?: boolean;
  /**
   * A multiple of the fuzz properties' runs in this run of the suite (default 1;
   * `ATHANOR_FUZZ_RUNS` multiplies it again). A second run on a database another run already
   * fuzzes, with a variant of the dialect or behind a pooler, can take a share: 0.2 runs a
   * fifth of the cases, which saves most of the names fuzz's DDL.
   */
  readonly fuzzScale?: number;
  /**
   * The URL is one node of a multi-primary cluster (MariaDB Galera). There a transaction can be
   * aborted with a retryable deadlock by the cluster itself, even with one client: DDL runs on
   * every node at once (total order isolation) and aborts transactions on its tables. The
   * table-names fuzz, thousands of CREATE and DROP TABLE with cascading foreign keys, skips
   * there; the server's own run covers it.
   */
  readonly multiPrimary?: boolean;
}

/**
 * The state one conformance run shares across its tests: the engine, the effective dialect
 * (after it has seen the server), unique table names, and what passed and was skipped.
 */
export class Harness {
  readonly url: DatabaseUrl;
  readonly label: string;
  /** Prefix for table names: unique per run, so parallel runs and leftovers never collide. */
  readonly prefix: string;
  /** Why the database cannot be reached, when it cannot. */
  unreachable: string | undefined;
  passed = 0;
  readonly skipped: string[] = [];
  #engine: Engine | undefined;
  readonly #engines: Engine[] = [];

  constructor(readonly options: ConformanceOptions) {
    this.url = makeUrl(options.url);
    this.label = options.label ?? `${options.dialect.name} (${this.url})`;
    this.prefix = `ath_${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}_`;
  }

  /** The suite's shared engine. */
  get engine(): Engine {
    if (!this.#engine) throw new Error('The conformance engine is not connected yet.');
    return this.#engine;
  }

  /** The dialect as the engine uses it: after the first connection it knows the server. */
  get dialect(): Dialect {
    return this.engine.dialect;
  }

  /** A new engine on the suite's database, disposed when the suite ends. */
  createEngine(options: EngineOptions = {}, url: DatabaseUrl | string = this.url): Engine {
    const engine = createEngine(url, {
      ...this.options.engineOptions,
      dialect: this.options.dialect,
      ...options,
    });
    this.#engines.push(engine);
    return engine;
  }

  /**
   * Connects the shared engine; records why when the database cannot be reached. Fails, once,
   * when the dialect lacks what nearly every test needs (see `suite-requirements.ts`).
   */
  async connect(): Promise<void> {
    this.#failOnShortcomings(dialectShortcomings(this.options.dialect));
    this.#engine = this.createEngine();
    try {
      await this.#engine.execute(text('SELECT 1'));
    } catch (error) {
      const reason = `cannot reach ${this.url}: ${(error as Error).message.split('\n')[0]}`;
      if (process.env.CI === 'true') {
        throw new Error(
          `[athanor conformance] ${this.label}: ${reason}. Under CI=true this fails.`,
          {
            cause: error,
          },
        );
      }
      this.unreachable = reason;
      console.warn(
        `\n[athanor conformance] SKIPPING ${this.label}: ${reason}.\n` +
          'Point the tests at a server with the environment variable the test file names ' +
          '(ATHANOR_PG_URL, ATHANOR_MYSQL_URL), or start one. Under CI=true this is a failure.\n',
      );
      return;
    }
    this.#failOnShortcomings(
      await hasTableShortcomings(this.#engine, this.table('has_table_probe')),
    );
  }

  #failOnShortcomings(problems: readonly string[]): void {
    if (problems.length === 0) return;
    throw new Error(
      `[athanor conformance] ${this.label}: the dialect lacks what the suite needs, so no test ` +
        `runs:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'See docs/writing-a-dialect.md in the Athanor repository.',
    );
  }

  /** Disposes every engine the suite made and prints what passed and what was skipped. */
  async finish(): Promise<void> {
    await Promise.all(this.#engines.map((engine) => engine.dispose()));
    const lines = [
      `[athanor conformance] ${this.label}: ${this.passed} passed, ${this.skipped.length} skipped`,
    ];
    for (const reason of this.skipped) lines.push(`  skipped: ${reason}`);
    console.log(lines.join('\n'));
  }

  /** A table name unique to this run. */
  table(name: string): string {
    return this.prefix + name;
  }

  /** An identifier quoted for the dialect under test. */
  q(name: string): string {
    return this.options.dialect.compiler.quoteIdentifier(name);
  }

  /** Runs raw SQL on the shared engine, in a transaction of its own. */
  exec(sql: string, params?: Params | readonly Params[]): Promise<Result> {
    return this.engine.execute(text(sql), params);
  }
}

/**
 * Registers one conformance test. `requires` returns a reason to skip (from the dialect's
 * capabilities, never from its name), or false to run. `timeoutMs` raises vitest's limit for a
 * test that waits out a configured bound (a statement timeout), so a busy machine has room.
 */
export function conformanceTest(
  h: Harness,
  name: string,
  body: () => Promise<void>,
  requires?: () => string | false,
  timeoutMs?: number,
): void {
  it(name, timeoutMs === undefined ? {} : { timeout: timeoutMs }, async (context) => {
    if (h.unreachable) context.skip(h.unreachable);
    const reason = requires?.();
    if (reason) {
      h.skipped.push(`${name} (${reason})`);
      context.skip(reason);
    }
    await body();
    h.passed++;
  });
}

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function errorFrom(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('Expected the operation to fail, but it succeeded.');
}

/**
 * A MetaData whose tables a describe block creates before its tests and drops after them
 * (SQLAlchemy's `TablesTest`). `define` builds the tables; give each a name from `h.table()`
 * so runs never collide. Rows are the tests' business: delete them in afterEach.
 */
export function useTables<T>(
  h: Harness,
  define: (metadata: MetaData) => T,
): { readonly tables: T; readonly metadata: MetaData } {
  const metadata = new MetaData();
  const tables = define(metadata);
  beforeAll(async () => {
    if (h.unreachable) return;
    await metadata.createAll(h.engine);
  });
  afterAll(async () => {
    if (h.unreachable) return;
    await metadata.dropAll(h.engine);
  });
  return { tables, metadata };
}
