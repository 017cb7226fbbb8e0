import {
  InvalidRequestError,
  MultipleResultsFound,
  NoResultFound,
  ResourceClosedError,
} from '../errors.js';
import { objectFrom } from '../util/own-properties.js';
import { type Row, type RowBase, rowClassFor } from './row.js';

type RowClass = new (values: readonly unknown[]) => RowBase;

/** Row classes by column names, shared by results of the same shape (bounded). */
const rowClasses = new Map<string, RowClass>();

/**
 * The row class for these column names: made once per shape, so repeated queries do not pay
 * for a class each, and their rows share one hidden class.
 */
function sharedRowClass(columns: readonly string[]): RowClass {
  // A driver that caches its statements hands back the same names array for each run of one.
  if (columns === lastColumns) return lastRowClass as RowClass;
  const rowClass = rowClassNamed(columns);
  lastColumns = columns;
  lastRowClass = rowClass;
  return rowClass;
}

/** The names array last seen and its class: a repeated statement skips building the key. */
let lastColumns: readonly string[] | undefined;
let lastRowClass: RowClass | undefined;

function rowClassNamed(columns: readonly string[]): RowClass {
  const key = columns.join('\u0000');
  let rowClass = rowClasses.get(key);
  if (!rowClass) {
    if (rowClasses.size >= 1000) rowClasses.clear();
    rowClass = rowClassFor(columns);
    rowClasses.set(key, rowClass);
  }
  return rowClass;
}

/**
 * The rows of one execution, buffered, read once from the front like a cursor. `Result` and the
 * views made from it (`scalars()`, `mappings()`) share it, as SQLAlchemy's do. Layers built
 * on Core (the ORM) make results from them.
 */
export class BufferedRows {
  position = 0;
  closed = false;
  #rowClass: (new (values: readonly unknown[]) => RowBase) | undefined;

  constructor(
    readonly columns: readonly string[],
    readonly rows: readonly unknown[][],
    /** False for statements that return no rows (an INSERT without RETURNING). */
    readonly returnsRows: boolean,
  ) {}

  get rowClass(): new (
    values: readonly unknown[],
  ) => RowBase {
    this.#rowClass ??= sharedRowClass(this.columns);
    return this.#rowClass;
  }

  checkOpen(): void {
    if (!this.returnsRows) {
      throw new ResourceClosedError(
        'This result does not return rows: the statement was not a SELECT or had no RETURNING. ' +
          'Read result.rowcount for the number of rows it affected.',
      );
    }
    if (this.closed) {
      throw new ResourceClosedError(
        'This result is closed: first(), one(), scalar() and close() end a result. ' +
          'Keep the rows from all() if you need to read them twice.',
      );
    }
  }

  take(count: number): readonly unknown[][] {
    this.checkOpen();
    const slice = this.rows.slice(this.position, this.position + count);
    this.position += slice.length;
    return slice;
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * Reading methods shared by a result and its views; `V` is what one row reads as.
 */
export abstract class ResultView<V> implements Iterable<V> {
  /** @internal */
  protected constructor(/** @internal */ protected readonly source: BufferedRows) {}

  /** @internal Turns one row's values into what this view yields. */
  protected abstract convert(values: readonly unknown[]): V;

  /** The remaining rows. */
  all(): V[] {
    const rows = this.source.take(Number.POSITIVE_INFINITY);
    const out = new Array<V>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.convert(rows[i] as unknown[]);
    return out;
  }

  /** The next row, or null when none is left; the result stays open. */
  fetchOne(): V | null {
    const [values] = this.source.take(1);
    return values ? this.convert(values) : null;
  }

  /** Up to `size` more rows. */
  fetchMany(size: number): V[] {
    return this.source.take(size).map((values) => this.convert(values));
  }

  /** The first row, or null; closes the result. */
  first(): V | null {
    const row = this.fetchOne();
    this.source.close();
    return row;
  }

  /**
   * Exactly one row; closes the result.
   * @throws {NoResultFound} when there is none.
   * @throws {MultipleResultsFound} when there is more than one.
   */
  one(): V {
    const row = this.oneOrNone();
    if (row === null) {
      throw new NoResultFound('No row was found when one was required.', { code: 'no-result' });
    }
    return row;
  }

  /**
   * One row or null; closes the result.
   * @throws {MultipleResultsFound} when there is more than one.
   */
  oneOrNone(): V | null {
    const rows = this.source.take(2);
    this.source.close();
    if (rows.length > 1) {
      throw new MultipleResultsFound(
        'Multiple rows were found when exactly one was required. Narrow the WHERE clause, or use first().',
        { code: 'multiple-results' },
      );
    }
    return rows[0] ? this.convert(rows[0]) : null;
  }

  /** Ends the result; later reads throw. */
  close(): void {
    this.source.close();
  }

  *[Symbol.iterator](): Iterator<V> {
    for (let values = this.source.take(1)[0]; values; values = this.source.take(1)[0]) {
      yield this.convert(values);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<V> {
    // The rows are already in memory; this lets `for await` read a buffered result too.
    for (const row of this as Iterable<V>) yield row;
  }
}

/** The first column of each row (or the column given), from {@link Result.scalars}. */
export class ScalarResult<V> extends ResultView<V> {
  /** @internal */
  constructor(
    source: BufferedRows,
    private readonly index: number,
  ) {
    super(source);
  }

  protected convert(values: readonly unknown[]): V {
    return values[this.index] as V;
  }
}

/**
 * Each row as a plain object keyed by column name, from {@link Result.mappings}. Every column is
 * the object's own property, `__proto__` included: no column name reaches its prototype.
 */
export class MappingResult<R extends object> extends ResultView<R> {
  /** A column is named `__proto__`: assigning it would set the object's prototype. */
  readonly #protoColumn: boolean;

  /** @internal */
  constructor(source: BufferedRows) {
    super(source);
    this.#protoColumn = source.columns.includes('__proto__');
    const seen = new Set<string>();
    for (const name of source.columns) {
      if (seen.has(name)) {
        throw new InvalidRequestError(
          `Cannot read rows as mappings: column name '${name}' appears twice. ` +
            `Give each column a label (SELECT a.${name} AS a_${name}, ...).`,
        );
      }
      seen.add(name);
    }
  }

  protected convert(values: readonly unknown[]): R {
    return objectFrom(this.source.columns, values, this.#protoColumn) as R;
  }
}

/**
 * What `execute` returns: the rows (for a SELECT or a statement with RETURNING) and the count of
 * rows affected (SQLAlchemy's `CursorResult`). Rows are read once, front to back: `all()` returns
 * what is left; `first()`, `one()` and `scalar()` close the result.
 *
 * @example
 * const result = await conn.execute(text('SELECT id, name FROM users'));
 * for (const row of result) console.log(row.id, row.name);
 */
export class Result<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends ResultView<Row<R, T>> {
  /**
   * Rows matched by an UPDATE or DELETE (matched, not changed), inserted by an INSERT, or
   * returned with RETURNING; -1 for a SELECT.
   */
  readonly rowcount: number;
  /** The id the last INSERT generated, where the driver reports one (SQLite, MySQL). */
  readonly lastRowId: number | bigint | undefined;

  readonly #insertedPrimaryKeys: readonly (readonly unknown[])[] | undefined;

  /** Made by a connection; layers built on Core make one from rows they computed. */
  constructor(
    source: BufferedRows,
    rowcount: number,
    lastRowId?: number | bigint,
    insertedPrimaryKeys?: readonly (readonly unknown[])[],
  ) {
    super(source);
    this.rowcount = rowcount;
    this.lastRowId = lastRowId;
    this.#insertedPrimaryKeys = insertedPrimaryKeys;
  }

  /**
   * The primary key of the row an `insert()` added, as a list of its columns' values
   * (SQLAlchemy's `inserted_primary_key`): `[5]`, or `[orderId, line]` for a composite key.
   * @throws {InvalidRequestError} when the statement was not an insert() of one row.
   */
  get insertedPrimaryKey(): readonly unknown[] {
    const keys = this.insertedPrimaryKeys;
    if (keys.length !== 1) {
      throw new InvalidRequestError(
        `insertedPrimaryKey is for an INSERT of one row; this one inserted ${keys.length}. Use insertedPrimaryKeys.`,
      );
    }
    return keys[0] as readonly unknown[];
  }

  /**
   * The primary keys of every row an `insert()` added, in order (SQLAlchemy's
   * `inserted_primary_key_rows`).
   * @throws {InvalidRequestError} when the statement was not an insert().
   */
  get insertedPrimaryKeys(): readonly (readonly unknown[])[] {
    if (!this.#insertedPrimaryKeys) {
      throw new InvalidRequestError(
        'insertedPrimaryKey(s) are known only for statements made with insert() (not text()).',
      );
    }
    return this.#insertedPrimaryKeys;
  }

  /** @internal A result with the same rows and the inserted keys. */
  withInsertedPrimaryKeys(keys: readonly (readonly unknown[])[]): Result<R, T> {
    return new Result<R, T>(this.source, this.rowcount, this.lastRowId, keys);
  }

  /** True when the statement returned rows (a SELECT, or DML with RETURNING). */
  get returnsRows(): boolean {
    return this.source.returnsRows;
  }

  protected convert(values: readonly unknown[]): Row<R, T> {
    return new this.source.rowClass(values) as unknown as Row<R, T>;
  }

  /** The column names, in order. */
  keys(): string[] {
    return [...this.source.columns];
  }

  /**
   * The remaining rows as the value arrays they are stored as, without making Row objects (the
   * ORM builds instances from them directly).
   */
  takeRaw(): readonly unknown[][] {
    return this.source.take(Number.POSITIVE_INFINITY);
  }

  /** The first column of the first row, or null when there is no row; closes the result. */
  scalar(): T[0] | null {
    const row = this.source.take(1)[0];
    this.source.close();
    return row === undefined ? null : (row[0] as T[0]);
  }

  /**
   * The first column of exactly one row; closes the result.
   * @throws {NoResultFound} @throws {MultipleResultsFound}
   */
  scalarOne(): T[0] {
    return this.scalars().one();
  }

  /** The first column of one row, or null; closes the result. */
  scalarOneOrNone(): T[0] | null {
    return this.scalars().oneOrNone();
  }

  /** A view yielding one column of each row: the first, or the one at `index`. */
  scalars(): ScalarResult<T[0]>;
  scalars<I extends number>(index: I): ScalarResult<T[I]>;
  scalars(index = 0): ScalarResult<unknown> {
    this.source.checkOpen();
    return new ScalarResult(this.source, index);
  }

  /** A view yielding each row as a plain object keyed by column name. */
  mappings(): MappingResult<R> {
    this.source.checkOpen();
    return new MappingResult<R>(this.source);
  }

  /**
   * A result with only the given columns, by name or position, in the order given.
   * @example result.columns('name', 'id') // rows of [name, id]
   */
  columns(...columns: ((keyof R & string) | number)[]): Result<Record<string, unknown>> {
    this.source.checkOpen();
    const names = this.source.columns;
    const indexes = columns.map((column) => {
      const index = typeof column === 'number' ? column : names.indexOf(column);
      if (index < 0 || index >= names.length) {
        throw new InvalidRequestError(
          `No column ${JSON.stringify(column)} in this result; its columns are ${names.join(', ')}.`,
        );
      }
      return index;
    });
    const rest = this.source.rows.slice(this.source.position);
    this.source.close();
    const narrowed = new BufferedRows(
      indexes.map((i) => names[i] as string),
      rest.map((values) => indexes.map((i) => values[i])),
      true,
    );
    return new Result(narrowed, this.rowcount, this.lastRowId);
  }
}
