import {
  type Driver,
  type DriverConnection,
  type DriverCursor,
  type DriverResult,
  type IsolationLevel,
  NoSuchModuleError,
} from '@athanor/core/dialect';
import type Pg from 'pg';
import type PgCursor from 'pg-cursor';
import {
  type PoolerMode,
  sessionStateError,
  statementPoolingError,
  transactionBehindStatementPooler,
} from './connection-pooler.js';
import type { PostgresConnectOptions } from './postgres-connect-options.js';
import { isPostgresDisconnect } from './postgres-errors.js';
import { parseInt8Text, parseTimestampText } from './postgres-text-values.js';
import {
  isStalePreparedStatement,
  PreparedStatementNames,
  preparedStatementSessionError,
} from './prepared-statements.js';

interface PgModules {
  readonly Client: typeof Pg.Client;
  readonly Cursor: typeof PgCursor;
  readonly types: typeof Pg.types;
}

let modules: Promise<PgModules> | undefined;

/** Loads pg and pg-cursor on first use, so SQL compiles without them installed. */
function loadPg(): Promise<PgModules> {
  modules ??= Promise.all([import('pg'), import('pg-cursor')]).then(
    ([pg, cursor]) => ({
      Client: pg.default.Client,
      Cursor: cursor.default,
      types: pg.default.types,
    }),
    (error: unknown) => {
      modules = undefined;
      throw new NoSuchModuleError(
        'The PostgreSQL dialect needs the pg and pg-cursor packages: npm install pg pg-cursor',
        { cause: error },
      );
    },
  );
  return modules;
}

const int8Oid = 20;
const dateOid = 1082;
const timestampOid = 1114;
const intervalOid = 1186;
const int8ArrayOid = 1016;
const timestampArrayOid = 1115;
const dateArrayOid = 1182;
const intervalArrayOid = 1187;

type ArrayParse = (text: string, element: (text: string) => unknown) => unknown[];

/** pg-types 2 (pg 8) has `arrayParser.create(text, element).parse()`; its typings, a function. */
function arrayParser(types: typeof Pg.types): ArrayParse {
  const parser = types.arrayParser as unknown as
    | ArrayParse
    | { create(text: string, element: (text: string) => unknown): { parse(): unknown[] } };
  return typeof parser === 'function'
    ? parser
    : (text, element) => parser.create(text, element).parse();
}

/**
 * Type parsers for one client: pg's own, except that
 * - int8 (bigint, and `count(*)`) reads as a number when it fits in one exactly and as a bigint
 *   when it does not, where pg gives a string;
 * - `timestamp` (without time zone) reads as UTC, where pg reads it in the local zone, so a Date
 *   stored as UTC comes back the same on any machine;
 * - `date` and `interval` read as the strings PostgreSQL prints;
 * - arrays of those read their elements the same way.
 */
function typeParsers(types: typeof Pg.types): Pg.CustomTypesConfig {
  const raw = (text: string) => text;
  const array = (element: (text: string) => unknown) => {
    const parse = arrayParser(types);
    return (text: string): unknown => parse(text, element);
  };
  const own: Record<number, (text: string) => unknown> = {
    [int8Oid]: parseInt8Text,
    [timestampOid]: parseTimestampText,
    [dateOid]: raw,
    [intervalOid]: raw,
    [int8ArrayOid]: array(parseInt8Text),
    [timestampArrayOid]: array(parseTimestampText),
    [dateArrayOid]: array(raw),
    [intervalArrayOid]: array(raw),
  };
  return {
    getTypeParser: ((oid: number, format?: string) =>
      format !== 'binary' && own[oid]
        ? own[oid]
        : types.getTypeParser(oid, format as 'text')) as Pg.CustomTypesConfig['getTypeParser'],
  };
}

/** Opens pg clients for one URL. */
export class PostgresDriver implements Driver {
  constructor(private readonly options: PostgresConnectOptions) {}

  async connect(): Promise<DriverConnection> {
    const { Client, Cursor, types } = await loadPg();
    const { prepare = true, pooler, ...clientOptions } = this.options;
    const client = new Client({ types: typeParsers(types), ...clientOptions });
    const connection = new PostgresDriverConnection(client, Cursor, prepare, pooler);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return connection;
  }
}

/** The part of pg's Client that holds its socket. */
interface PgClientSocket {
  readonly connection: { readonly stream: { destroy(): void } };
}

const rowReturningCommands = new Set(['SELECT', 'SHOW', 'FETCH', 'EXPLAIN', 'VALUES', 'TABLE']);

/** One pg client. */
export class PostgresDriverConnection implements DriverConnection {
  #alive = true;
  /** The last query sent; the next waits for it (pg 9 drops pg's own queue). */
  #tail: Promise<unknown> = Promise.resolve();
  readonly #prepared: PreparedStatementNames;
  /** Between begin() and commit()/rollback(): a failed statement there aborts the transaction. */
  #inTransaction = false;
  /** No statement has run in the transaction yet: one that fails can start it over. */
  #freshTransaction = false;
  /** The isolation level of the transactions begun from now on; the server's default when unset. */
  #isolationLevel: string | undefined;
  /** Why the session ended, as first heard (see {@link #explainLost}). */
  #lostBecause: unknown;

  /**
   * `prepare` false runs every statement unnamed; `pooler` refuses what cannot work behind a
   * pooler in that mode (see {@link PostgresConnectOptions}).
   */
  constructor(
    readonly client: Pg.Client,
    private readonly Cursor: typeof PgCursor,
    prepare = true,
    private readonly pooler: PoolerMode | undefined = undefined,
  ) {
    this.#prepared = prepare ? new PreparedStatementNames() : new PreparedStatementNames(0);
    // An idle client whose server session ends emits 'error'; unheard, it would crash the
    // process. Heard, it marks the connection dead so the pool never hands it out again.
    client.on('error', (error) => {
      this.#alive = false;
      this.#noteLost(error);
    });
    client.on('end', () => {
      this.#alive = false;
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  async execute(sql: string, params: readonly unknown[]): Promise<DriverResult> {
    this.#checkPooler(sql);
    // The extended protocol even without parameters: it refuses several statements in one string
    // instead of running them all and returning an array.
    const result = await this.#prepare(sql, (name) =>
      this.#query({
        name,
        text: sql,
        values: params as unknown[],
        rowMode: 'array',
        queryMode: 'extended',
      } as Pg.QueryArrayConfig),
    );
    const rows = result.rows as unknown as unknown[][];
    const columns = result.fields.map((field) => field.name);
    const returnsPlainRows = rowReturningCommands.has(result.command);
    return { columns, rows, rowcount: returnsPlainRows ? -1 : (result.rowCount ?? -1) };
  }

  async executeMany(
    sql: string,
    paramLists: readonly (readonly unknown[])[],
  ): Promise<DriverResult> {
    this.#checkPooler(sql);
    let rowcount = 0;
    for (const params of paramLists) {
      const result = await this.#prepare(sql, (name) =>
        this.#query({ name, text: sql, values: params as unknown[] }),
      );
      rowcount += result.rowCount ?? 0;
    }
    return { columns: [], rows: [], rowcount };
  }

  async openCursor(
    sql: string,
    params: readonly unknown[],
    batchSize: number,
  ): Promise<DriverCursor> {
    this.#checkPooler(sql);
    await this.#tail;
    this.#freshTransaction = false;
    const cursor = this.client.query(
      new this.Cursor(sql, params as unknown[], { rowMode: 'array' }),
    );
    // The first read also brings the column names.
    const first = await this.#read(cursor, batchSize);
    let pending: unknown[][] | undefined = first.rows;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      // On a dead connection pg-cursor would wait forever for the server's reply.
      if (this.#alive) await cursor.close();
    };
    return {
      columns: first.columns,
      fetch: async () => {
        if (pending) {
          const rows = pending;
          pending = undefined;
          return rows;
        }
        if (closed) return [];
        const next = await this.#read(cursor, batchSize);
        if (next.rows.length === 0) await close();
        return next.rows;
      },
      close,
    };
  }

  async begin(): Promise<void> {
    if (this.pooler === 'statement') throw transactionBehindStatementPooler();
    await this.#query(this.#beginSql());
    this.#inTransaction = true;
    this.#freshTransaction = true;
  }

  async commit(): Promise<void> {
    this.#inTransaction = false;
    const result = await this.#query('COMMIT');
    if (result.command === 'ROLLBACK') {
      // PostgreSQL answers COMMIT of a transaction an error aborted with ROLLBACK, not an error.
      throw Object.assign(
        new Error('COMMIT rolled the transaction back: an earlier statement in it failed.'),
        { code: '25P02' },
      );
    }
  }

  async rollback(): Promise<void> {
    this.#inTransaction = false;
    await this.#query('ROLLBACK');
  }

  /**
   * Kept here and given with each BEGIN rather than set on the server's session: behind a pooler
   * in transaction mode the next transaction may run on another server session, and a session
   * setting would stay behind for whichever client gets that one next.
   */
  async setIsolationLevel(level: Exclude<IsolationLevel, 'AUTOCOMMIT'> | 'default'): Promise<void> {
    this.#isolationLevel = level === 'default' ? undefined : isolationSql(level);
  }

  #beginSql(): string {
    return this.#isolationLevel ? `BEGIN ISOLATION LEVEL ${this.#isolationLevel}` : 'BEGIN';
  }

  async savepoint(name: string): Promise<void> {
    if (this.pooler === 'statement') throw transactionBehindStatementPooler();
    await this.#query(`SAVEPOINT ${quote(name)}`);
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.#query(`RELEASE SAVEPOINT ${quote(name)}`);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.#query(`ROLLBACK TO SAVEPOINT ${quote(name)}`);
  }

  async ping(): Promise<void> {
    await this.#query('SELECT 1');
  }

  async close(): Promise<void> {
    this.#alive = false;
    await this.client.end();
  }

  /**
   * Destroys the socket: pg has no public call for it, and `end()` waits for the server's
   * goodbye, which a half-open peer never sends. The query under way fails with pg's
   * "Connection terminated".
   */
  destroy(): void {
    this.#alive = false;
    (this.client as unknown as PgClientSocket).connection.stream.destroy();
  }

  /** Reads a batch from a cursor, noting when the read found the connection gone. */
  async #read(
    cursor: PgCursor,
    count: number,
  ): Promise<{ rows: unknown[][]; columns: readonly string[] }> {
    try {
      return await readCursor(cursor, count);
    } catch (error) {
      if (isPostgresDisconnect(error)) this.#alive = false;
      throw this.#explainLost(error);
    }
  }

  /**
   * Runs a statement under its prepared-statement name. When the server's copy has gone stale,
   * the name is dropped (the next run prepares it again) and the statement is run again at once
   * where nothing is lost: outside a transaction, or as the first statement of one (begun again).
   * Later in a transaction the error stands: the failure aborted the transaction's work.
   * When the server's session holds other statements under our names than this connection
   * prepared (behind a pooler in transaction mode), the error says so and how to turn names off.
   */
  async #prepare(
    sql: string,
    run: (name: string | undefined) => Promise<Pg.QueryResult>,
  ): Promise<Pg.QueryResult> {
    try {
      return await this.#prepareAgainWhenStale(sql, run);
    } catch (error) {
      const explained = preparedStatementSessionError(error, sql);
      if (!explained) throw error;
      this.#prepared.forget(sql);
      throw explained;
    }
  }

  async #prepareAgainWhenStale(
    sql: string,
    run: (name: string | undefined) => Promise<Pg.QueryResult>,
  ): Promise<Pg.QueryResult> {
    const fresh = this.#freshTransaction;
    this.#freshTransaction = false;
    try {
      return await run(this.#prepared.nameFor(sql));
    } catch (error) {
      if (!isStalePreparedStatement(error)) throw error;
      this.#prepared.forget(sql);
      if (this.#inTransaction && !fresh) throw error;
      if (this.#inTransaction) {
        await this.#query('ROLLBACK');
        await this.#query(this.#beginSql());
      }
      return await run(this.#prepared.nameFor(sql));
    }
  }

  /** Refuses, before sending it, a statement the `pooler` option says cannot work. */
  #checkPooler(sql: string): void {
    const refused = sessionStateError(sql, this.pooler);
    if (refused) throw refused;
  }

  /**
   * Sends one query once the previous one has finished. PgBouncer's refusal of a transaction
   * in statement pooling mode comes back as an error saying what to do instead.
   */
  #query(query: string | Pg.QueryConfig | Pg.QueryArrayConfig): Promise<Pg.QueryResult> {
    this.#freshTransaction = false; // begin() sets it again once its BEGIN is done
    const run = () => this.client.query(query as Pg.QueryConfig);
    const result = this.#tail.then(run, run).catch((error: unknown) => {
      throw this.#explainLost(error);
    });
    this.#tail = result.catch(() => undefined);
    return result.catch((error: unknown) => {
      const sql = typeof query === 'string' ? query : query.text;
      throw statementPoolingError(error, sql) ?? error;
    });
  }

  /**
   * Once the session is gone pg fails every call with its own "Client has encountered a
   * connection error and is not queryable", which does not say why. The server said why first,
   * as the error of the statement then running or as the client's 'error' event while idle:
   * 57P01 "terminating connection due to administrator command" after pg_terminate_backend or
   * a shutdown. Calls after that fail with the server's error, so it becomes the cause of the
   * OperationalError a caller sees.
   */
  #explainLost(error: unknown): unknown {
    if (!isPostgresDisconnect(error)) return error;
    this.#noteLost(error);
    return hasSqlState(error) ? error : (this.#lostBecause ?? error);
  }

  /** Keeps the first reason heard, unless a later one is the server's own (has a SQLSTATE). */
  #noteLost(error: unknown): void {
    if (this.#lostBecause === undefined) this.#lostBecause = error;
    else if (!hasSqlState(this.#lostBecause) && hasSqlState(error)) this.#lostBecause = error;
  }
}

/** True for an error the server sent: it carries a five-character SQLSTATE code. */
function hasSqlState(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

function readCursor(
  cursor: PgCursor,
  count: number,
): Promise<{ rows: unknown[][]; columns: readonly string[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(count, (error, rows, result) => {
      if (error) reject(error);
      else {
        const fields = (result as { fields?: { name: string }[] } | undefined)?.fields ?? [];
        resolve({ rows: rows as unknown as unknown[][], columns: fields.map((f) => f.name) });
      }
    });
  });
}

const isolationLevels = ['SERIALIZABLE', 'REPEATABLE READ', 'READ COMMITTED', 'READ UNCOMMITTED'];

function isolationSql(level: string): string {
  // Core checks the level against the dialect's list; this keeps the SQL safe regardless.
  if (!isolationLevels.includes(level)) throw new RangeError(`Unknown isolation level ${level}`);
  return level;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
