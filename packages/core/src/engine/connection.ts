import { bindParameters, type CompiledStatement } from '../compiler/compiled-statement.js';
import type { Processor } from '../compiler/type-processors.js';
import type { Dialect } from '../dialect/dialect.js';
import type {
  DriverConnection,
  DriverCursor,
  DriverResult,
  IsolationLevel,
  TransactionOptions,
} from '../dialect/driver.js';
import { ArgumentError, InvalidRequestError, ResourceClosedError } from '../errors.js';
import type { CursorContext, EngineEvents } from '../event/engine-events.js';
import type { EventDispatcher } from '../event/event-dispatcher.js';
import type { Executable, RowShapeOf, RowTupleOf } from '../sql/executable.js';
import { AsyncResult, StreamedRows } from './async-result.js';
import { checkBoundValues } from './bound-values-check.js';
import {
  executeInsert,
  executeInsertMany,
  isManyRowInsert,
  isValuesInsert,
  type RunResult,
  type StatementRunner,
} from './insert-execution.js';
import type { PooledConnection } from './pool.js';
import { BufferedRows, Result } from './result.js';
import {
  checkTimeout,
  isStatementTimeout,
  statementTimeoutError,
  withDeadline,
} from './statement-timeout.js';
import { NestedTransaction, Transaction } from './transaction.js';

/** Parameters for one execution: values by name. */
export type Params = Readonly<Record<string, unknown>>;

/**
 * What `execute()` and `stream()` take for one execution: values by name, or an INSERT's row by
 * column key. Any object type, so a row typed by an interface is taken (an interface has no
 * index signature, so TypeScript would not take it as a {@link Params}).
 */
export type ExecuteParams = object;

/** Options for one execution: `conn.execute(statement, params, { timeout })`. */
export interface ExecutionOptions {
  /**
   * How long (ms) the database may take to answer, this time instead of the engine's
   * `statementTimeout`. When it is up, the statement fails with an `OperationalError` (code
   * `statement-timeout`) and the connection is closed, never reused.
   */
  timeout?: number;
  /**
   * For an engine with `replicas`: run this statement on the primary even though it only
   * reads (a read that must see a write just committed). A connection from `connect()` is
   * always the primary's; the option matters to `engine.execute`.
   */
  usePrimary?: boolean;
  /**
   * For an engine with `replicas`: this `text()` statement only reads, so it may run on a
   * replica. Raw SQL goes to the primary otherwise, as Athanor cannot tell what it does.
   */
  readOnly?: boolean;
}

/** Options for {@link Connection.stream}. */
export interface StreamOptions {
  /** Rows fetched from the database per round trip. Default 1,000. */
  batchSize?: number;
}

/** What a connection needs from its engine. @internal */
export interface ConnectionHost {
  readonly dialect: Dialect;
  readonly isolationLevel: IsolationLevel | undefined;
  /** The engine's `statementTimeout`: the bound on each call to the database, if any. */
  readonly statementTimeout: number | undefined;
  /** The engine's listeners, which this connection fires its events to. */
  readonly events: EventDispatcher<EngineEvents>;
  acquire(): Promise<PooledConnection>;
  release(connection: PooledConnection): void | Promise<void>;
  /** Discards a connection that failed; `error` is what found it dead, if anything did. */
  invalidate(connection: PooledConnection, everyOlder: boolean, error?: unknown): void;
  /** Wraps a driver error in the Athanor error the dialect picks. */
  translate(error: unknown, statement?: string, params?: readonly unknown[]): Error;
  readonly echo: false | 'info' | 'debug';
  log(message: string): void;
  /** Logs a statement and its parameters; `label` says what the parameters are (a batch...). */
  logStatement(sql: string, params: readonly unknown[], label?: string): void;
  logRows(columns: readonly string[], rows: readonly unknown[][]): void;
}

/**
 * One connection from the engine's pool (SQLAlchemy's `Connection`), used one task at a time.
 *
 * Statements run inside a transaction: the first `execute` begins one ("commit as you go"), and
 * `commit()` or `rollback()` ends it; or call `begin()` first. `close()` rolls back whatever was
 * not committed and returns the connection to the pool; `await using` closes it for you.
 *
 * @example
 * await using conn = await engine.connect();
 * await conn.execute(text('INSERT INTO users (name) VALUES (:name)'), { name: 'Alice' });
 * await conn.commit();
 */
export class Connection implements AsyncDisposable {
  #pooled: PooledConnection | null;
  #closed = false;
  #transaction: Transaction | null = null;
  #savepoints: NestedTransaction[] = [];
  #savepointCounter = 0;
  /** The stream being read, if any: the connection runs nothing else until it ends. */
  #stream: StreamedRows | null = null;
  /** A checkout under way, shared so overlapping calls never take two connections. */
  #acquiring: Promise<PooledConnection> | null = null;
  /** The isolation level set with setIsolationLevel, applied again after a reconnect. */
  #isolationLevel: Exclude<IsolationLevel, 'AUTOCOMMIT'> | undefined;
  /** Set when the connection was lost inside a transaction, until `rollback()` is called. */
  #lostTransaction = false;
  #autocommit: boolean;
  #isolationChanged = false;

  /** @internal */
  constructor(
    private readonly host: ConnectionHost,
    pooled: PooledConnection,
  ) {
    this.#pooled = pooled;
    this.#autocommit = host.isolationLevel === 'AUTOCOMMIT';
  }

  /** The dialect of the engine this connection came from. */
  get dialect(): Dialect {
    return this.host.dialect;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** True while the connection was lost and no new one has been checked out yet. */
  get invalidated(): boolean {
    return this.#pooled === null && !this.#closed;
  }

  /**
   * True while a transaction is in progress, including one lost with its connection until
   * `rollback()` acknowledges it: its work is gone, and committing it must fail, not succeed.
   */
  inTransaction(): boolean {
    return this.#transaction !== null || this.#lostTransaction;
  }

  /** True while a savepoint is in progress. */
  inNestedTransaction(): boolean {
    return this.#savepoints.length > 0;
  }

  /** The transaction in progress, if any. */
  getTransaction(): Transaction | null {
    return this.#transaction;
  }

  /** The innermost savepoint in progress, if any. */
  getNestedTransaction(): NestedTransaction | null {
    return this.#savepoints.at(-1) ?? null;
  }

  /**
   * Runs a statement and returns its rows, buffered. With an array of parameter objects, runs it
   * once per object through the many-row path: an INSERT is sent as multi-row VALUES in batches
   * within the database's parameter limit.
   *
   * @example
   * const result = await conn.execute(select(users).where(users.c.age.gt(21)));
   * await conn.execute(insert(users), [{ name: 'Alice' }, { name: 'Bob' }]);
   */
  execute<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    given?: ExecuteParams | readonly ExecuteParams[],
    options?: ExecutionOptions,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    const events = this.host.events;
    // Not async itself: without listeners, the caller gets #execute's promise, no extra turn.
    if (events.has('beforeExecute') || events.has('afterExecute')) {
      return this.#executeWithEvents(statement, given, options);
    }
    return this.#execute(statement, given, options);
  }

  /** `execute()` between the `beforeExecute` and `afterExecute` events. */
  async #executeWithEvents<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    given: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: ExecutionOptions | undefined,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    const events = this.host.events;
    if (events.has('beforeExecute')) {
      await events.fire('beforeExecute', this, statement, given, options);
    }
    const result = await this.#execute(statement, given, options);
    if (events.has('afterExecute')) {
      await events.fire('afterExecute', this, statement, given, options, result);
    }
    return result;
  }

  async #execute<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    given: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: ExecutionOptions | undefined,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    checkExecutable(statement);
    const params = given as Params | readonly Params[] | undefined;
    const bound = this.#boundFor(options);
    const runner = bound === undefined ? this.#runner : this.#runnerWith(bound);
    if (Array.isArray(params)) {
      if (params.length === 0) {
        throw new ArgumentError('execute() was given an empty list of parameter sets.');
      }
      if (isManyRowInsert(statement)) return executeInsertMany(runner, statement, params) as never;
      return this.#executeMany(statement, params, bound);
    }
    if (isValuesInsert(statement)) {
      return executeInsert(runner, statement, params as Params | undefined) as never;
    }
    const { compiled, binds } = this.host.dialect.compiler.compile(statement);
    const values = bindParameters(compiled, binds, params as Params | undefined);
    return (await this.#run(compiled, compiled.sql, values, undefined, bound)).result as never;
  }

  /** The statement runner the INSERT paths use. */
  readonly #runner: StatementRunner = {
    dialect: () => this.host.dialect,
    run: (compiled, sql, values, label) => this.#run(compiled, sql, values, label),
  };

  /** A runner whose statements have their own timeout (`execute(..., { timeout })`). */
  #runnerWith(bound: Bound): StatementRunner {
    return {
      dialect: () => this.host.dialect,
      run: (compiled, sql, values, label) => this.#run(compiled, sql, values, label, bound),
    };
  }

  /** The execution's own timeout, checked; undefined when it has none (the engine's applies). */
  #boundFor(options: ExecutionOptions | undefined): Bound | undefined {
    const ms = checkTimeout('The execution option timeout', options?.timeout);
    return ms === undefined ? undefined : { ms, option: 'the execution option timeout' };
  }

  /**
   * `work` on `driver`, failing with a statement-timeout error once `bound` (or the engine's
   * statementTimeout) is up; #fail then discards the connection.
   */
  #bounded<T>(
    driver: DriverConnection,
    work: Promise<T>,
    statement: string,
    params?: readonly unknown[],
    bound?: Bound,
  ): Promise<T> {
    const ms = bound?.ms ?? this.host.statementTimeout;
    if (ms === undefined) return work;
    const option = bound?.option ?? 'statementTimeout';
    return withDeadline(work, ms, driver, () =>
      statementTimeoutError(ms, option, statement, params),
    );
  }

  /** Runs compiled SQL with its values: logs it, translates errors, converts result values. */
  async #run(
    compiled: CompiledStatement,
    sql: string,
    values: readonly unknown[],
    label?: string,
    bound?: Bound,
  ): Promise<RunResult> {
    checkBoundValues(values, this.host.dialect);
    const driver = this.#readyDriver() ?? (await this.#begin(bound));
    const events = this.host.events;
    let sent = sql;
    const context = cursorEventsOn(events)
      ? { sql, executemany: false as const, params: values }
      : null;
    if (context) {
      await this.#beforeCursorExecute(context);
      sent = context.sql;
    }
    if (this.host.echo) this.host.logStatement(sent, values, label);
    let out: DriverResult;
    try {
      const options = compiled.exactIntegers ? exactIntegers : undefined;
      out = await this.#bounded(driver, driver.execute(sent, values, options), sent, values, bound);
    } catch (error) {
      throw await this.#failed(error, sent, values);
    }
    if (context && events.has('afterCursorExecute')) {
      await events.fire('afterCursorExecute', this, context, out);
    }
    if (this.host.echo === 'debug') this.host.logRows(out.columns, out.rows);
    const processors = compiled.resultProcessors;
    if (processors && out.rows.length > 0) processRows(out.rows, processors);
    const returnsRows = out.columns.length > 0;
    // Drivers report -1 for statements that return rows; with RETURNING, each row is one affected.
    const rowcount =
      out.rowcount < 0 && returnsRows && compiled.isDml ? out.rows.length : out.rowcount;
    const result = new Result(
      new BufferedRows(out.columns, out.rows, returnsRows),
      rowcount,
      out.lastRowId,
    );
    return { result, lastRowIdStep: out.lastRowIdStep };
  }

  async #executeMany<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    paramSets: readonly Params[],
    bound: Bound | undefined,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    const { compiled, binds } = this.host.dialect.compiler.compile(statement);
    const lists = paramSets.map((set) => bindParameters(compiled, binds, set));
    for (const list of lists) checkBoundValues(list, this.host.dialect);
    const driver = await this.#begin(bound);
    const events = this.host.events;
    const context = cursorEventsOn(events)
      ? { sql: compiled.sql, executemany: true as const, params: lists }
      : null;
    if (context) await this.#beforeCursorExecute(context);
    const sql = context?.sql ?? compiled.sql;
    if (this.host.echo) this.host.logStatement(sql, lists, `${lists.length} parameter sets`);
    let out: DriverResult;
    try {
      const running = driver.executeMany(sql, lists);
      out = await this.#bounded(driver, running, sql, lists[0], bound);
    } catch (error) {
      throw await this.#failed(error, sql, lists[0]);
    }
    if (context && events.has('afterCursorExecute')) {
      await events.fire('afterCursorExecute', this, context, out);
    }
    return new Result(new BufferedRows([], [], false), out.rowcount, out.lastRowId);
  }

  /** Fires `beforeCursorExecute`; a listener may change `context.sql`, which is then sent. */
  async #beforeCursorExecute(context: CursorContext): Promise<void> {
    const events = this.host.events;
    if (events.has('beforeCursorExecute')) await events.fire('beforeCursorExecute', this, context);
  }

  /**
   * Runs a statement and reads its rows as they come, without holding them all: a server-side
   * cursor on PostgreSQL, an unbuffered read on MySQL. The connection runs nothing else until
   * the result is read to the end or closed.
   *
   * @example
   * const result = await conn.stream(text('SELECT * FROM events'));
   * for await (const row of result) handle(row);
   */
  async stream<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    params?: ExecuteParams,
    options: StreamOptions = {},
  ): Promise<AsyncResult<RowShapeOf<E>, RowTupleOf<E>>> {
    const batchSize = options.batchSize ?? 1000;
    if (!(Number.isInteger(batchSize) && batchSize > 0)) {
      throw new ArgumentError(`stream() batchSize must be a positive integer, got ${batchSize}`);
    }
    checkExecutable(statement);
    const events = this.host.events;
    if (events.has('beforeExecute')) {
      await events.fire('beforeExecute', this, statement, params, undefined);
    }
    const { compiled, binds } = this.host.dialect.compiler.compile(statement);
    const values = bindParameters(compiled, binds, params as Params | undefined);
    checkBoundValues(values, this.host.dialect);
    const driver = await this.#begin();
    const context = cursorEventsOn(events)
      ? { sql: compiled.sql, executemany: false as const, params: values }
      : null;
    if (context) await this.#beforeCursorExecute(context);
    const sql = context?.sql ?? compiled.sql;
    if (this.host.echo) this.host.logStatement(sql, values);
    let cursor: DriverCursor;
    try {
      const options = compiled.exactIntegers ? exactIntegers : undefined;
      const opening = driver.openCursor(sql, values, batchSize, options);
      cursor = await this.#bounded(driver, opening, sql, values);
    } catch (error) {
      throw await this.#failed(error, sql, values);
    }
    if (context && events.has('afterCursorExecute')) {
      // The rows are still to come: a stream's rowcount is not known.
      await events.fire('afterCursorExecute', this, context, {
        columns: cursor.columns,
        rowcount: -1,
      });
    }
    const processors = compiled.resultProcessors;
    const translating: DriverCursor = {
      columns: cursor.columns,
      fetch: () =>
        this.#bounded(driver, cursor.fetch(), sql, values).then(
          (rows) => {
            if (processors && rows.length > 0) processRows(rows, processors);
            return rows;
          },
          async (error: unknown) => {
            throw await this.#failed(error, sql, values);
          },
        ),
      close: () => cursor.close(),
    };
    const rows: StreamedRows = new StreamedRows(translating, () => {
      if (this.#stream === rows) this.#stream = null;
    });
    this.#stream = rows;
    const result = new AsyncResult<RowShapeOf<E>, RowTupleOf<E>>(rows);
    if (events.has('afterExecute')) {
      try {
        await events.fire('afterExecute', this, statement, params, undefined, result);
      } catch (error) {
        // The caller never gets the result to close: close it here, or the connection would
        // stay busy streaming.
        await result.close();
        throw error;
      }
    }
    return result;
  }

  /**
   * Begins a transaction explicitly. Commit it with `tx.commit()` (or `conn.commit()`); with
   * `await using tx = await conn.begin()`, leaving the block without committing rolls it back.
   * `{ readOnly: true }` begins one that only reads, where the dialect has them
   * (`capabilities.readOnlyTransactions`).
   * @throws {InvalidRequestError} when a transaction is already in progress.
   * @throws {ArgumentError} for options the dialect does not take.
   */
  async begin(options?: TransactionOptions): Promise<Transaction> {
    const readOnly = this.#checkTransactionOptions(options);
    const driver = await this.#driver();
    if (this.#transaction) {
      throw new InvalidRequestError(
        'A transaction is already in progress on this connection (the first execute() begins ' +
          'one). Commit or roll it back first, or use beginNested() for a savepoint.',
        { code: 'transaction-in-progress' },
      );
    }
    return readOnly
      ? this.#startTransaction(driver, 'BEGIN (read only)', readOnlyTransaction)
      : this.#startTransaction(driver, 'BEGIN');
  }

  /** True for a read-only transaction; refuses what the dialect cannot do. */
  #checkTransactionOptions(options: TransactionOptions | undefined): boolean {
    if (options === undefined) return false;
    if (typeof options !== 'object' || options === null) {
      throw new ArgumentError(
        `begin() takes an options object such as { readOnly: true }, got ${String(options)}.`,
      );
    }
    const unknown = Object.keys(options).filter((key) => key !== 'readOnly');
    if (unknown.length > 0) {
      throw new ArgumentError(
        `Unknown transaction option ${unknown.map((key) => `'${key}'`).join(', ')}: ` +
          'begin() takes { readOnly: true | false }.',
      );
    }
    const { readOnly } = options;
    if (readOnly !== undefined && typeof readOnly !== 'boolean') {
      throw new ArgumentError(`begin() option readOnly must be true or false, got ${readOnly}.`);
    }
    if (readOnly && !this.host.dialect.capabilities.readOnlyTransactions) {
      throw new ArgumentError(
        `The ${this.host.dialect.name} dialect cannot begin read-only transactions yet: ` +
          'begin() without { readOnly: true }.',
      );
    }
    return readOnly === true;
  }

  /**
   * Begins a savepoint inside the current transaction (beginning one if none is in progress).
   * `commit()` releases it; `rollback()` undoes only what ran since it began.
   */
  async beginNested(): Promise<NestedTransaction> {
    if (!this.host.dialect.capabilities.savepoints) {
      throw new InvalidRequestError(`The ${this.host.dialect.name} dialect has no savepoints.`);
    }
    const driver = await this.#begin();
    const name = `athanor_sp_${++this.#savepointCounter}`;
    const savepoint = new NestedTransaction(this, name);
    const events = this.host.events;
    if (events.has('savepoint')) await events.fire('savepoint', this, name);
    this.host.log(`SAVEPOINT ${name}`);
    try {
      await this.#bounded(driver, driver.savepoint(name), `SAVEPOINT ${name}`);
    } catch (error) {
      throw await this.#failed(error, `SAVEPOINT ${name}`);
    }
    this.#savepoints.push(savepoint);
    return savepoint;
  }

  /**
   * Commits the transaction in progress.
   * @throws {InvalidRequestError} when no transaction is in progress, or (`lost-transaction`)
   * when it was lost with its connection: roll back, then run it again.
   */
  async commit(): Promise<void> {
    this.#checkOpen();
    await this.#closeStream();
    // The database rolled the lost transaction back: a commit that returned would lose its work
    // without a word (and a Session's commit() or engine.begin() would report success).
    if (this.#lostTransaction) throw lostTransactionError();
    if (!this.#transaction) {
      throw new InvalidRequestError(
        'Nothing to commit: no transaction is in progress on this connection. One begins with ' +
          'the first execute() after connect() or the last commit(), or with begin().',
        { code: 'no-transaction' },
      );
    }
    await this.#transaction.commit();
  }

  /** Rolls back the transaction in progress; does nothing when there is none. */
  async rollback(): Promise<void> {
    this.#checkOpen();
    await this.#closeStream();
    this.#lostTransaction = false;
    await this.#transaction?.rollback();
  }

  /**
   * Sets the isolation level for the transactions that follow on this connection; `AUTOCOMMIT`
   * runs each statement in its own transaction. Reset when the connection is closed.
   */
  async setIsolationLevel(level: IsolationLevel): Promise<void> {
    const driver = await this.#driver();
    if (this.#transaction) {
      throw new InvalidRequestError(
        'Set the isolation level before the transaction begins: commit or roll back first.',
      );
    }
    const supported = this.host.dialect.capabilities.isolationLevels;
    if (level !== 'AUTOCOMMIT' && !supported.includes(level)) {
      throw new ArgumentError(
        `Isolation level '${level}' is not supported by ${this.host.dialect.name}; ` +
          `use one of ${[...supported, 'AUTOCOMMIT'].join(', ')}.`,
      );
    }
    this.#autocommit = level === 'AUTOCOMMIT';
    if (level === 'AUTOCOMMIT') return;
    try {
      const setting = driver.setIsolationLevel(level);
      await this.#bounded(driver, setting, 'SET TRANSACTION ISOLATION LEVEL');
    } catch (error) {
      throw await this.#failed(error);
    }
    this.#isolationLevel = level;
    this.#isolationChanged = true;
  }

  /**
   * Rolls back what was not committed and returns the connection to the pool. Safe to call
   * twice; any use after it throws.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#closeStream();
    this.#closed = true;
    const pooled = this.#pooled;
    this.#pooled = null;
    if (!pooled) return;
    const events = this.host.events;
    if (this.#transaction && events.has('rollback')) {
      try {
        await events.fire('rollback', this);
      } catch (error) {
        // The connection goes back to the pool (rolled back) whatever the listener did.
        await this.#giveBack(pooled);
        throw error;
      }
    }
    await this.#giveBack(pooled);
  }

  /** Rolls back and resets a connection, and returns it to the pool (or discards it). */
  async #giveBack(pooled: PooledConnection): Promise<void> {
    try {
      if (this.#transaction) {
        this.host.log('ROLLBACK');
        this.#endAll();
        await this.#bounded(pooled.driver, pooled.driver.rollback(), 'ROLLBACK');
      }
      if (this.#isolationChanged) {
        const level = this.host.isolationLevel;
        const reset = level && level !== 'AUTOCOMMIT' ? level : 'default';
        const resetting = pooled.driver.setIsolationLevel(reset);
        await this.#bounded(pooled.driver, resetting, 'SET TRANSACTION ISOLATION LEVEL');
      }
    } catch {
      // A connection that cannot roll back or reset is not fit to reuse.
      this.host.invalidate(pooled, false);
      return;
    }
    await this.host.release(pooled);
  }

  /**
   * Discards the underlying connection instead of returning it to the pool; the next use of
   * this Connection checks out a fresh one.
   */
  async invalidate(): Promise<void> {
    this.#checkOpen();
    const pooled = this.#pooled;
    if (!pooled) return;
    this.#pooled = null;
    if (this.#transaction) {
      this.#endAll();
      this.#lostTransaction = true;
    }
    this.host.invalidate(pooled, false);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Ends a transaction or savepoint; called by {@link Transaction}. */
  async endTransaction(transaction: Transaction, action: 'commit' | 'rollback'): Promise<void> {
    await this.#closeStream();
    const driver = await this.#driver();
    if (transaction instanceof NestedTransaction) {
      const index = this.#savepoints.indexOf(transaction);
      const name = transaction.savepointName;
      const sql =
        action === 'commit' ? `RELEASE SAVEPOINT ${name}` : `ROLLBACK TO SAVEPOINT ${name}`;
      const event = action === 'commit' ? 'releaseSavepoint' : 'rollbackSavepoint';
      if (this.host.events.has(event)) await this.host.events.fire(event, this, name);
      this.host.log(sql);
      // Ending a savepoint ends the ones begun inside it.
      for (const inner of this.#savepoints.splice(index)) inner.deactivate();
      try {
        const ending =
          action === 'commit' ? driver.releaseSavepoint(name) : driver.rollbackToSavepoint(name);
        await this.#bounded(driver, ending, sql);
      } catch (error) {
        throw await this.#failed(error, sql);
      }
      return;
    }
    if (this.host.events.has(action)) await this.host.events.fire(action, this);
    this.host.log(action.toUpperCase());
    this.#endAll();
    try {
      const ending = action === 'commit' ? driver.commit() : driver.rollback();
      await this.#bounded(driver, ending, action.toUpperCase());
    } catch (error) {
      const failure = this.#fail(error, action.toUpperCase());
      if (action === 'commit' && this.#pooled) {
        // A failed COMMIT leaves some databases inside the transaction; end it for certain.
        await this.#pooled.driver.rollback().catch(() => undefined);
      }
      throw await this.#handleError(failure, error, action.toUpperCase(), undefined);
    }
  }

  /**
   * The driver connection when a statement can go straight to it (the common case, without the
   * turns of the event loop `#begin` takes): acquired, free, and in a transaction unless in
   * autocommit mode. Null sends the caller to `#begin()`, which says what is wrong, if anything.
   */
  #readyDriver(): DriverConnection | null {
    const pooled = this.#pooled;
    if (pooled === null || this.#closed || this.#stream || this.#lostTransaction) return null;
    return this.#transaction || this.#autocommit ? pooled.driver : null;
  }

  /** The driver connection, in a transaction unless the connection is in autocommit mode. */
  async #begin(bound?: Bound): Promise<DriverConnection> {
    const driver = await this.#driver();
    if (!this.#transaction && !this.#autocommit)
      await this.#startTransaction(driver, 'BEGIN (implicit)', undefined, bound);
    return driver;
  }

  async #startTransaction(
    driver: DriverConnection,
    logLine: string,
    options?: TransactionOptions,
    bound?: Bound,
  ): Promise<Transaction> {
    // Set before the await, so a second execute() started meanwhile does not begin again.
    const transaction = new Transaction(this);
    this.#transaction = transaction;
    const events = this.host.events;
    if (events.has('begin')) {
      try {
        await events.fire('begin', this);
      } catch (error) {
        this.#transaction = null;
        throw error;
      }
    }
    this.host.log(logLine);
    try {
      const begun = options ? driver.begin(options) : driver.begin();
      await this.#bounded(driver, begun, 'BEGIN', undefined, bound);
    } catch (error) {
      this.#transaction = null;
      throw await this.#failed(error, 'BEGIN');
    }
    return transaction;
  }

  async #driver(): Promise<DriverConnection> {
    this.#checkOpen();
    if (this.#stream) {
      throw new InvalidRequestError(
        'This connection is busy streaming a result. Read it to the end or close() it first, ' +
          'or use another connection.',
        { code: 'connection-busy' },
      );
    }
    if (this.#lostTransaction) throw lostTransactionError();
    if (!this.#pooled) this.#pooled = await this.#reacquire();
    return this.#pooled.driver;
  }

  /** A fresh connection after the last was lost, at the isolation level this one had. */
  async #reacquire(): Promise<PooledConnection> {
    this.#acquiring ??= (async () => {
      const pooled = await this.host.acquire();
      if (this.#isolationLevel) {
        try {
          await pooled.driver.setIsolationLevel(this.#isolationLevel);
        } catch (error) {
          this.host.invalidate(pooled, false);
          throw this.host.translate(error);
        }
      }
      return pooled;
    })().finally(() => {
      this.#acquiring = null;
    });
    return this.#acquiring;
  }

  /** Ends the stream being read, if any (closing, committing and rolling back do). */
  async #closeStream(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = null;
    await stream.close().catch(() => undefined);
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new ResourceClosedError(
        'This Connection is closed. Get a new one with engine.connect().',
        {
          code: 'connection-closed',
        },
      );
    }
  }

  #endAll(): void {
    for (const savepoint of this.#savepoints.splice(0)) savepoint.deactivate();
    this.#transaction?.deactivate();
    this.#transaction = null;
  }

  /**
   * Translates a driver error; when it means the connection is gone, or it timed out (and may be
   * half-open), discards the connection (and, inside a transaction, requires a rollback()
   * before the next use).
   */
  #fail(error: unknown, statement?: string, params?: readonly unknown[]): Error {
    const translated = this.host.translate(error, statement, params);
    const pooled = this.#pooled;
    const timedOut = isStatementTimeout(error);
    if (pooled && (timedOut || this.host.dialect.isDisconnect(error))) {
      (translated as { connectionInvalidated?: boolean }).connectionInvalidated = true;
      this.#pooled = null;
      this.#stream = null;
      if (this.#transaction) {
        this.#endAll();
        this.#lostTransaction = true;
      }
      // A timeout says nothing of the other connections: only a lost one marks them stale.
      this.host.invalidate(pooled, !timedOut, error);
    }
    return translated;
  }

  /** {@link #fail}, then the `handleError` listeners: the error to throw. */
  #failed(error: unknown, statement?: string, params?: readonly unknown[]): Promise<Error> {
    return this.#handleError(this.#fail(error, statement, params), error, statement, params);
  }

  /**
   * Fires `handleError` for a translated error. A listener replaces the error by throwing its
   * own, which then rejects this promise; otherwise it resolves to `translated`.
   */
  async #handleError(
    translated: Error,
    original: unknown,
    statement: string | undefined,
    params: readonly unknown[] | undefined,
  ): Promise<Error> {
    const events = this.host.events;
    if (!events.has('handleError')) return translated;
    const isDisconnect =
      (translated as { connectionInvalidated?: boolean }).connectionInvalidated === true;
    await events.fire('handleError', {
      error: translated,
      original,
      statement,
      params,
      connection: this,
      isDisconnect,
    });
    return translated;
  }
}

/** Converts result values in place, column by column, with the compiled statement's processors. */
function processRows(rows: unknown[][], processors: readonly (Processor | undefined)[]): void {
  for (let c = 0; c < processors.length; c++) {
    const process = processors[c];
    if (!process) continue;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as unknown[];
      const value = row[c];
      if (value !== null && value !== undefined) row[c] = process(value);
    }
  }
}

/** Whether a statement needs a cursor context (someone listens to the cursor events). */
function cursorEventsOn(events: EventDispatcher<EngineEvents>): boolean {
  return events.has('beforeCursorExecute') || events.has('afterCursorExecute');
}

const exactIntegers = { exactIntegers: true } as const;
const readOnlyTransaction: TransactionOptions = { readOnly: true };

/** A timeout for one execution, and the option it came from (for the error message). */
interface Bound {
  readonly ms: number;
  readonly option: string;
}

/** A statement or commit on a connection whose transaction was lost and not yet rolled back. */
function lostTransactionError(): InvalidRequestError {
  return new InvalidRequestError(
    'The connection was lost inside a transaction, so its work was rolled back. Call ' +
      'rollback() to acknowledge it, then run the transaction again.',
    { code: 'lost-transaction' },
  );
}

function checkExecutable(statement: Executable<object, readonly unknown[]>): void {
  if (
    typeof statement !== 'object' ||
    statement === null ||
    typeof statement.node?.kind !== 'string'
  ) {
    throw new ArgumentError(
      'execute() takes a statement, not a string. Wrap raw SQL in text(): ' +
        `conn.execute(text(${JSON.stringify(String(statement)).slice(0, 60)}))`,
      { code: 'not-executable' },
    );
  }
}
