import type { Dialect } from '../dialect/dialect.js';
import type {
  Driver,
  DriverConnection,
  IsolationLevel,
  TransactionOptions,
} from '../dialect/driver.js';
import { ArgumentError, AthanorError, type DBAPIError, InvalidRequestError } from '../errors.js';
import { type EngineEvents, engineEventNames } from '../event/engine-events.js';
import { EventDispatcher } from '../event/event-dispatcher.js';
import { eventsKey, type Listenable } from '../event/listen.js';
import type { Executable, RowShapeOf, RowTupleOf } from '../sql/executable.js';
import { formatParams } from '../util/format-params.js';
import {
  Connection,
  type ConnectionHost,
  type ExecuteParams,
  type ExecutionOptions,
} from './connection.js';
import {
  checkBackend,
  checkDialect,
  checkDriverName,
  loadDialect,
  sameDialect,
} from './dialect-registry.js';
import { checkEngineOptions, checkIsolationLevelSupport } from './engine-options-check.js';
import { consoleLogHandler, type LogHandler } from './logger.js';
import { type PoolEvent, type PooledConnection, type PoolOptions, QueuePool } from './pool.js';
import { routesToReplica } from './replicas/read-routing.js';
import { defaultReplicaCooldown } from './replicas/replica-cooldown.js';
import { type ReplicaSelection, ReplicaSet } from './replicas/replica-set.js';
import type { Result } from './result.js';
import { retryTransaction } from './retrying-transaction.js';
import { checkTimeout, connectWithin } from './statement-timeout.js';
import type { TransactionRetryOptions } from './transaction-retry-options.js';
import { type DatabaseUrl, makeUrl } from './url.js';

/** Options for {@link createEngine}. */
export interface EngineOptions {
  /**
   * Log each statement and its parameters, and transaction boundaries (SQLAlchemy's
   * `echo=True`); `'debug'` also logs the rows returned.
   */
  echo?: boolean | 'debug';
  /** Log pool checkouts, checkins and reconnects. */
  echoPool?: boolean;
  /** Where log records go; the default prints them to standard output. */
  logger?: LogHandler;
  /** Keep parameter values out of logs and error messages (they may be secrets). */
  hideParameters?: boolean;
  /** Pool settings; times in milliseconds. */
  pool?: PoolOptions;
  /**
   * The dialect to use, instead of loading it by the URL's backend name: for a dialect that is
   * not registered, or to skip the lookup.
   */
  dialect?: Dialect;
  /** Options passed to the driver's connect as they are (SQLAlchemy's `connect_args`). */
  connectArgs?: Readonly<Record<string, unknown>>;
  /** The isolation level for every connection; `AUTOCOMMIT` runs each statement on its own. */
  isolationLevel?: IsolationLevel;
  /**
   * How long (ms) the database may take to answer each statement, BEGIN, COMMIT or ROLLBACK,
   * and the pool's pre-ping. When it is up, the call fails with an `OperationalError` (code
   * `statement-timeout`) and the connection is closed and never reused: it may be half-open (a
   * server or network that stopped answering without closing). Default: no limit. One
   * execution can set its own: `conn.execute(statement, params, { timeout })`.
   */
  statementTimeout?: number;
  /**
   * How long (ms) opening a connection may take, handshake included, before it fails with an
   * `OperationalError` (code `connect-timeout`). Default: the driver's (none for pg, 10 s for
   * mysql2); a timeout in the URL or `connectArgs` wins for the driver's own.
   */
  connectTimeout?: number;
  /**
   * Read replicas of this database (URLs of the same backend): `engine.execute()` of a plain
   * SELECT outside a transaction runs on one of them, everything else on the primary (the
   * engine's own URL). A replica that cannot be reached is skipped with a warning. Each replica
   * gets an engine of its own with these options, its pool pre-pinging connections unless
   * `pool.prePing` says otherwise. See docs/scaling-out.md.
   */
  replicas?: readonly (string | DatabaseUrl)[];
  /** How a read picks its replica: `'round-robin'` (the default) or `'random'`. */
  replicaSelection?: ReplicaSelection;
  /**
   * How long (ms) a replica that could not be reached is set aside: reads skip it (going to
   * the other replicas, or to the primary when all are set aside) until then, and the next read
   * after it tries it again. One warning when it is set aside, one when it answers again.
   * Default 5000; 0 tries it again on every read.
   */
  replicaCooldown?: number;
}

/** Options of {@link Engine.transaction}: how to retry, and `readOnly` as `begin()` takes it. */
export interface EngineTransactionOptions extends TransactionRetryOptions, TransactionOptions {}

/**
 * Creates an {@link Engine} for a database URL (SQLAlchemy's `create_engine`). Nothing connects
 * until the first `connect()`; the dialect package is loaded then.
 *
 * @example
 * const engine = createEngine('sqlite:///example.db', { echo: true });
 * const engine = createEngine('postgresql://user:password@localhost:5432/mydb');
 * const engine = createEngine('mysql://root@localhost/test', { pool: { size: 10 } });
 *
 * @throws {ArgumentError} for a malformed URL, an unknown option or an option's wrong value.
 * @throws {NoSuchModuleError} for a backend no dialect is registered for.
 */
export function createEngine(url: string | DatabaseUrl, options: EngineOptions = {}): Engine {
  const parsed = makeUrl(url);
  checkEngineOptions(options);
  if (options.dialect) checkDriverName(parsed, checkDialect(options.dialect, parsed.drivername));
  else checkBackend(parsed);
  for (const replica of options.replicas ?? []) checkReplicaUrl(parsed, makeUrl(replica));
  return new Engine(parsed, options);
}

/**
 * The starting point: holds the dialect and a pool of connections to one database (SQLAlchemy's
 * `Engine`). Make one per database per application, and `dispose()` it at shutdown.
 */
export class Engine implements AsyncDisposable, Listenable<EngineEvents> {
  readonly url: DatabaseUrl;
  // A private field behind a getter, not an own property: an engine inspected or logged shows
  // its URL, not a dispatcher with the names of all its events.
  readonly #events: EventDispatcher<EngineEvents>;
  readonly #options: EngineOptions;
  readonly #log: LogHandler;
  #dialect: Dialect | undefined;
  #loading: Promise<Dialect> | undefined;
  #initializing: Promise<void> | undefined;
  #initialized = false;
  /** `firstConnect` has run (successfully) for this engine. */
  #firstConnectDone = false;
  /** The `firstConnect` under way: connections opened meanwhile wait for it. */
  #firstConnectRunning: Promise<void> | undefined;
  #driver: Driver | undefined;
  #pool: QueuePool | undefined;
  readonly #host: ConnectionHost;
  readonly #statementTimeout: number | undefined;
  readonly #connectTimeout: number | undefined;
  readonly #replicas: ReplicaSet | undefined;

  /**
   * @internal Use {@link createEngine}.
   * @param parentEvents A replica's: its primary's listeners, which apply to it too.
   */
  constructor(
    url: DatabaseUrl,
    options: EngineOptions,
    parentEvents?: EventDispatcher<EngineEvents>,
  ) {
    if (options.dialect) checkIsolationLevelSupport(options.isolationLevel, options.dialect);
    this.#events = new EventDispatcher(engineEventNames, 'an Engine', parentEvents);
    this.url = url;
    this.#options = options;
    this.#statementTimeout = checkTimeout('statementTimeout', options.statementTimeout);
    this.#connectTimeout = checkTimeout('connectTimeout', options.connectTimeout);
    this.#dialect = options.dialect;
    this.#log = options.logger ?? consoleLogHandler;
    this.#host = this.#makeHost();
    this.#replicas = this.#makeReplicas(options);
  }

  /** The engine's listeners: `listen(engine, 'connect', ...)`. See docs/events.md. */
  get [eventsKey](): EventDispatcher<EngineEvents> {
    return this.#events;
  }

  /** The engines of the read replicas (`replicas` option); empty without any. */
  get replicas(): readonly Engine[] {
    return this.#replicas?.engines ?? [];
  }

  /**
   * A connection for reads: to a replica when the engine has replicas (one that answers; the
   * primary if none does), else to the primary. Writing on it fails on a replica.
   */
  async connectForRead(): Promise<Connection> {
    return this.#replicas ? this.#replicas.connect(() => this.connect()) : this.connect();
  }

  /**
   * The dialect. Known from the start when given as an option, else once the first connection
   * is made (or after `await engine.loadDialect()`).
   */
  get dialect(): Dialect {
    if (!this.#dialect) {
      throw new InvalidRequestError(
        `The dialect for ${this.url} is loaded on first use: call await engine.loadDialect() ` +
          '(or connect once) before reading engine.dialect.',
      );
    }
    return this.#dialect;
  }

  /** The pool, once the first connection has been asked for. */
  get pool(): QueuePool | undefined {
    return this.#pool;
  }

  /** Loads (once) and returns the dialect for this engine's URL. */
  async loadDialect(): Promise<Dialect> {
    if (this.#dialect) return this.#dialect;
    this.#loading ??= loadDialect(this.url).then(
      (dialect) => {
        this.#dialect = dialect;
        return dialect;
      },
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  /**
   * Checks out a connection from the pool.
   * @example
   * await using conn = await engine.connect();
   */
  async connect(): Promise<Connection> {
    const pooled = await this.#host.acquire();
    const connection = new Connection(this.#host, pooled);
    const events = this.#events;
    if (events.has('engineConnect')) {
      try {
        await events.fire('engineConnect', connection);
      } catch (error) {
        await connection.close();
        throw error;
      }
    }
    return connection;
  }

  /**
   * Runs `work` in a transaction that commits when it returns and rolls back when it throws
   * (SQLAlchemy's `with engine.begin() as conn:`), then returns the connection to the pool.
   *
   * With `{ readOnly: true }` first, the transaction only reads (where the dialect has
   * read-only transactions: `dialect.capabilities.readOnlyTransactions`).
   *
   * @example
   * await engine.begin(async (conn) => {
   *   await conn.execute(text('INSERT INTO users (name) VALUES (:name)'), { name: 'Alice' });
   * });
   */
  async begin<T>(work: (connection: Connection) => Promise<T>): Promise<T>;
  async begin<T>(
    options: TransactionOptions,
    work: (connection: Connection) => Promise<T>,
  ): Promise<T>;
  async begin<T>(
    first: TransactionOptions | ((connection: Connection) => Promise<T>),
    second?: (connection: Connection) => Promise<T>,
  ): Promise<T> {
    const [options, work] = typeof first === 'function' ? [undefined, first] : [first, second];
    if (typeof work !== 'function') {
      throw new ArgumentError(
        'engine.begin() takes the work to run as a function: engine.begin(async (conn) => ...), ' +
          'or engine.begin({ readOnly: true }, async (conn) => ...).',
      );
    }
    const connection = await this.connect();
    try {
      await connection.begin(options);
      const value = await work(connection);
      if (connection.inTransaction()) await connection.commit();
      return value;
    } finally {
      // Rolls back whatever is still uncommitted (the work threw) and returns the connection.
      await connection.close();
    }
  }

  /**
   * Runs `work` in a transaction as {@link Engine.begin} does and, when it fails with a
   * retryable error (`error.isRetryable`: a serialization failure or a deadlock, at COMMIT
   * too), rolls back and runs it again in a new transaction, up to `retries` times (default
   * 3) with exponential backoff and jitter. Any other error is thrown at once; when the
   * retries are used up, the last error is thrown with `error.attempts` set.
   *
   * `work` may run several times: keep effects outside the database (an email, a request to
   * another service) out of it, or make them safe to repeat.
   *
   * @example
   * await engine.transaction(async (conn) => {
   *   const balance = (await conn.execute(text('SELECT balance FROM accounts WHERE id = 1'))).scalar();
   *   await conn.execute(text('UPDATE accounts SET balance = :b WHERE id = 1'), { b: Number(balance) - 10 });
   * }, { retries: 5, backoff: { initialMs: 20, maxMs: 500 } });
   * @throws {ArgumentError} (code `bad-retry-option`) for a bad option, before anything runs.
   */
  async transaction<T>(
    work: (connection: Connection) => Promise<T>,
    options?: EngineTransactionOptions,
  ): Promise<T> {
    if (typeof work !== 'function') {
      throw new ArgumentError(
        'engine.transaction() takes the work to run as a function: ' +
          'engine.transaction(async (conn) => ..., { retries: 3 }).',
      );
    }
    const begin = options?.readOnly === undefined ? {} : { readOnly: options.readOnly };
    return retryTransaction(() => this.begin(begin, work), options, {
      caller: 'engine.transaction()',
      otherKeys: ['readOnly'],
      log: (message) => this.#host.log(message),
    });
  }

  /**
   * Runs one statement on a connection of its own, in a transaction of its own that commits
   * when it succeeds (on an `AUTOCOMMIT` engine, without BEGIN and COMMIT: the database commits
   * it); the rows come back buffered.
   *
   * @example
   * const result = await engine.execute(text('SELECT * FROM users'));
   */
  async execute<E extends Executable<object, readonly unknown[]>>(
    statement: E,
    params?: ExecuteParams | readonly ExecuteParams[],
    options?: ExecutionOptions,
  ): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> {
    const onPrimary = async (): Promise<Result<RowShapeOf<E>, RowTupleOf<E>>> => {
      if (this.#options.isolationLevel === 'AUTOCOMMIT') {
        // Each statement commits on its own: no BEGIN and COMMIT around it, which a pooler in
        // statement mode (PgBouncer's pool_mode = statement) would refuse.
        await using connection = await this.connect();
        return await connection.execute(statement, params, options);
      }
      return this.begin((connection) => connection.execute(statement, params, options));
    };
    if (this.#replicas && routesToReplica(statement.node, options)) {
      return this.#replicas.execute(statement, params, options, onPrimary);
    }
    return onPrimary();
  }

  /**
   * Closes every idle connection. Connections still checked out close when they are returned.
   * The engine stays usable: the next `connect()` opens new connections.
   */
  async dispose(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await Promise.all([pool?.dispose(), this.#replicas?.dispose()]);
    const events = this.#events;
    if (events.has('engineDisposed')) await events.fire('engineDisposed', this);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  toString(): string {
    return `Engine(${this.url})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** `JSON.stringify(engine)` (structured loggers, error reporters) shows the URL without its password. */
  toJSON(): { url: string } {
    return { url: this.url.toString() };
  }

  #makeReplicas(options: EngineOptions): ReplicaSet | undefined {
    if (!options.replicas?.length) return undefined;
    const { replicas, replicaSelection, replicaCooldown, ...shared } = options;
    return new ReplicaSet(
      // Pre-ping by default: a replica restarts or fails over more often than a primary, and a
      // connection handed out by connectForRead() must not be one it cut while idle.
      replicas.map(
        (url) =>
          new Engine(
            makeUrl(url),
            { ...shared, pool: { prePing: true, ...shared.pool } },
            // Listeners on the primary apply to its replicas: a `connect` listener's session
            // settings are wanted on every connection the engine hands out.
            this.#events,
          ),
      ),
      replicaSelection ?? 'round-robin',
      replicaCooldown ?? defaultReplicaCooldown,
      (level, message) => this.#log({ level, logger: 'athanor.engine', message }),
    );
  }

  #makeHost(): ConnectionHost {
    const engine = this;
    const events = this.#events;
    const echo = this.#options.echo === 'debug' ? 'debug' : this.#options.echo ? 'info' : false;
    const hideParameters = this.#options.hideParameters ?? false;
    const log = (message: string, logger: 'athanor.engine' | 'athanor.pool' = 'athanor.engine') =>
      this.#log({ level: 'info', logger, message });
    return {
      get dialect() {
        return engine.dialect;
      },
      isolationLevel: this.#options.isolationLevel,
      statementTimeout: this.#statementTimeout,
      echo,
      events,
      acquire: async () => {
        const pooled = await (await this.#getPool()).acquire();
        if (events.has('checkout')) {
          try {
            await events.fire('checkout', pooled);
          } catch (error) {
            pooled.pool.release(pooled);
            throw error;
          }
        }
        return pooled;
      },
      release: async (connection) => {
        try {
          if (events.has('checkin')) await events.fire('checkin', connection);
        } finally {
          connection.pool.release(connection);
        }
      },
      invalidate: (connection, everyOlder, error) =>
        connection.pool.invalidate(connection, everyOlder, error),
      translate: (error, statement, params) =>
        this.#translate(error, statement, hideParameters ? undefined : params),
      log: (message) => {
        if (echo) log(message);
      },
      logStatement: (sql: string, params: readonly unknown[], label?: string) => {
        log(sql);
        if (hideParameters) log('[SQL parameters hidden due to hideParameters]');
        else if (params.length > 0 || label)
          log(label ? `[${label}] ${formatParams(params)}` : formatParams(params));
      },
      logRows: (columns, rows) => {
        this.#log({
          level: 'debug',
          logger: 'athanor.engine',
          message: `Col ${formatParams(columns)}`,
        });
        for (const row of rows) {
          this.#log({
            level: 'debug',
            logger: 'athanor.engine',
            message: `Row ${formatParams(row)}`,
          });
        }
      },
    };
  }

  async #getPool(): Promise<QueuePool> {
    if (this.#pool) return this.#pool;
    const dialect = await this.loadDialect();
    if (this.#pool) return this.#pool;
    checkIsolationLevelSupport(this.#options.isolationLevel, dialect);
    this.#driver ??= dialect.createDriver(this.url, this.#options.connectArgs ?? {}, {
      connectTimeout: this.#connectTimeout,
    });
    this.#pool = new QueuePool(
      {
        connect: (pool) => this.#openConnection(pool),
        pingTimeout: this.#statementTimeout,
        log: this.#options.echoPool
          ? (event: PoolEvent) =>
              this.#log({ level: 'info', logger: 'athanor.pool', message: `Connection ${event}` })
          : undefined,
        closing: (connection, event, error) => this.#closing(connection, event, error),
      },
      this.#options.pool,
      dialect.poolClassFor(this.url),
    );
    return this.#pool;
  }

  async #openConnection(pool: QueuePool): Promise<DriverConnection> {
    const driver = this.#driver as Driver;
    let connection: DriverConnection;
    try {
      connection = await connectWithin(driver, this.#connectTimeout, this.url);
    } catch (error) {
      throw this.#translate(error, undefined, undefined, true);
    }
    try {
      await this.#initialize(connection);
      const level = this.#options.isolationLevel;
      if (level && level !== 'AUTOCOMMIT') await connection.setIsolationLevel(level);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw this.#translate(error);
    }
    const events = this.#events;
    if (events.has('firstConnect') || events.has('connect')) {
      try {
        await this.#fireConnect({ driver: connection, createdAt: Date.now(), pool });
      } catch (error) {
        // The listener's own error, as it threw it (a failed statement in it is translated
        // already): the checkout fails, and the connection, set up only in part, is dropped.
        await connection.close().catch(() => undefined);
        throw error;
      }
    }
    return connection;
  }

  /**
   * Fires `firstConnect` (the first time only) and `connect` for a new driver connection, with a
   * Connection that runs statements on that very connection, outside any transaction, and
   * fires no events of its own: the listeners' setup SQL is not the application's.
   */
  async #fireConnect(pooled: PooledConnection): Promise<void> {
    const events = this.#events;
    const host: ConnectionHost = {
      ...this.#host,
      dialect: this.dialect,
      isolationLevel: 'AUTOCOMMIT',
      events: quietEvents,
      acquire: () => {
        throw new InvalidRequestError(
          'The connection a connect listener gets is that one new connection: it cannot be ' +
            'replaced once lost.',
        );
      },
      // The pool owns the connection: closing this Connection, or a failure on it, leaves
      // the connection to the pool (which closes it when the listener throws).
      release: () => undefined,
      invalidate: () => undefined,
    };
    const connection = new Connection(host, pooled);
    if (events.has('firstConnect')) await this.#firstConnect(connection);
    if (events.has('connect')) await events.fire('connect', connection);
  }

  /**
   * Runs `firstConnect` once for the engine, on `connection`. A connection opened while it runs
   * waits for it (SQLAlchemy holds a lock there): no connection is handed out before the
   * engine's first-connect set-up succeeded. When it fails, the error goes to the connection it
   * ran on, and the next connection (one that waited, say) runs it again.
   */
  async #firstConnect(connection: Connection): Promise<void> {
    while (!this.#firstConnectDone) {
      const running = this.#firstConnectRunning;
      if (running !== undefined) {
        await running.catch(() => undefined);
        continue;
      }
      const attempt = this.#events.fire('firstConnect', connection).then(() => {
        this.#firstConnectDone = true;
      });
      this.#firstConnectRunning = attempt;
      try {
        await attempt;
      } finally {
        this.#firstConnectRunning = undefined;
      }
    }
  }

  /** The pool is closing a connection: fires `invalidate` (when it was found dead) and `close`. */
  async #closing(pooled: PooledConnection, event: PoolEvent, error: unknown): Promise<void> {
    const events = this.#events;
    try {
      if (event === 'invalidate' && events.has('invalidate')) {
        await events.fire('invalidate', pooled, error);
      }
      if (events.has('close')) await events.fire('close', pooled);
    } catch (failure) {
      // Nothing waits for a discard to end, so the listener's error can only be reported.
      this.#log({
        level: 'warning',
        logger: 'athanor.pool',
        message: `A pool ${event === 'invalidate' ? 'invalidate or close' : 'close'} listener failed: ${String(failure)}`,
      });
    }
  }

  /** Lets the dialect see the first connection (the server version decides some capabilities). */
  async #initialize(connection: DriverConnection): Promise<void> {
    if (this.#initialized) return;
    this.#initializing ??= (async () => {
      this.#dialect = await this.dialect.initialize(connection);
      this.#initialized = true;
    })().finally(() => {
      this.#initializing = undefined;
    });
    await this.#initializing;
  }

  #translate(
    error: unknown,
    statement?: string,
    params?: readonly unknown[],
    connecting = false,
  ): Error {
    if (AthanorError.isInstance(error)) return error;
    const dialect = this.dialect;
    const ErrorClass = dialect.errorClassFor(error);
    const { message, code, errno } = (error ?? {}) as {
      message?: unknown;
      code?: unknown;
      errno?: unknown;
    };
    const driverCode = code ?? errno;
    const tag = `${dialect.driverName}${driverCode === undefined ? '' : ` ${String(driverCode)}`}`;
    let text = `(${tag}) ${typeof message === 'string' ? message : String(error)}`;
    if (connecting) text += `\n[while connecting to ${this.url}]`;
    const translated: DBAPIError = new ErrorClass(text, {
      cause: error,
      statement,
      params,
      isRetryable: dialect.isRetryable?.(error) ?? false,
    });
    return translated;
  }
}

/** The events of a Connection that a `connect` listener uses: none, ever. */
const quietEvents = new EventDispatcher<EngineEvents>(engineEventNames, 'a connect listener');

/** A replica must be the same kind of database as its primary. */
function checkReplicaUrl(primary: DatabaseUrl, replica: DatabaseUrl): void {
  if (sameDialect(primary, replica)) return;
  throw new ArgumentError(
    `Replica ${replica} is a ${replica.getBackendName()} database, but the primary ${primary} is ` +
      `${primary.getBackendName()}: a replica must be a copy of the primary, on the same backend.`,
    { code: 'bad-engine-option' },
  );
}
