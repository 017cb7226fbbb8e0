import type { DriverCursor } from '../dialect/driver.js';
import {
  InvalidRequestError,
  MultipleResultsFound,
  NoResultFound,
  ResourceClosedError,
} from '../errors.js';
import { objectFrom } from '../util/own-properties.js';
import { type Row, type RowBase, rowClassFor } from './row.js';

/**
 * Rows read from a driver cursor a batch at a time, shared by an {@link AsyncResult} and its
 * views. Closing it closes the cursor and frees the connection. Made by a connection's
 * `stream()`; layers built on Core read it through the results made from it.
 */
export class StreamedRows {
  closed = false;
  #batch: unknown[][] = [];
  #position = 0;
  #exhausted = false;
  #rowClass: (new (values: readonly unknown[]) => RowBase) | undefined;

  constructor(
    private readonly cursor: DriverCursor,
    private readonly onClose: () => void,
  ) {}

  get columns(): readonly string[] {
    return this.cursor.columns;
  }

  get rowClass(): new (
    values: readonly unknown[],
  ) => RowBase {
    this.#rowClass ??= rowClassFor(this.columns);
    return this.#rowClass;
  }

  /** Up to `count` more rows, reading batches from the cursor as needed. */
  async take(count: number): Promise<unknown[][]> {
    if (this.closed) {
      throw new ResourceClosedError(
        'This streamed result is closed: first(), one(), scalar(), close() and the end of ' +
          'iteration end it.',
      );
    }
    const out: unknown[][] = [];
    while (out.length < count) {
      if (this.#position >= this.#batch.length) {
        if (this.#exhausted) break;
        try {
          this.#batch = await this.cursor.fetch();
        } catch (error) {
          // A failed read ends the stream, so the connection is free for rollback().
          await this.close().catch(() => undefined);
          throw error;
        }
        this.#position = 0;
        if (this.#batch.length === 0) {
          this.#exhausted = true;
          break;
        }
      }
      const end = Math.min(this.#batch.length, this.#position + (count - out.length));
      for (let i = this.#position; i < end; i++) out.push(this.#batch[i] as unknown[]);
      this.#position = end;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.#batch = [];
    try {
      await this.cursor.close();
    } finally {
      this.onClose();
    }
  }
}

/** Reading methods shared by a streamed result and its views. */
export abstract class AsyncResultView<V> implements AsyncIterable<V> {
  /** @internal */
  protected constructor(/** @internal */ protected readonly source: StreamedRows) {}

  /** @internal */
  protected abstract convert(values: readonly unknown[]): V;

  /** The remaining rows, all in memory; closes the result. */
  async all(): Promise<V[]> {
    const rows = await this.source.take(Number.POSITIVE_INFINITY);
    await this.source.close();
    return rows.map((values) => this.convert(values));
  }

  /** Up to `size` more rows; an empty array at the end. */
  async fetchMany(size: number): Promise<V[]> {
    return (await this.source.take(size)).map((values) => this.convert(values));
  }

  /** The first row, or null; closes the result. */
  async first(): Promise<V | null> {
    const [values] = await this.source.take(1);
    await this.source.close();
    return values ? this.convert(values) : null;
  }

  /** Exactly one row; closes the result. */
  async one(): Promise<V> {
    const row = await this.oneOrNone();
    if (row === null) {
      throw new NoResultFound('No row was found when one was required.', { code: 'no-result' });
    }
    return row;
  }

  /** One row or null; closes the result. */
  async oneOrNone(): Promise<V | null> {
    const rows = await this.source.take(2);
    await this.source.close();
    if (rows.length > 1) {
      throw new MultipleResultsFound(
        'Multiple rows were found when exactly one was required. Narrow the WHERE clause, or use first().',
        { code: 'multiple-results' },
      );
    }
    return rows[0] ? this.convert(rows[0]) : null;
  }

  /** Batches of up to `size` rows, until the rows run out; closes the result at the end. */
  async *partitions(size: number): AsyncGenerator<V[], void, undefined> {
    try {
      for (
        let rows = await this.fetchMany(size);
        rows.length > 0;
        rows = await this.fetchMany(size)
      ) {
        yield rows;
      }
    } finally {
      await this.source.close();
    }
  }

  /** Stops reading and frees the connection; safe to call twice. */
  close(): Promise<void> {
    return this.source.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<V> {
    try {
      for (;;) {
        const [values] = await this.source.take(1);
        if (!values) return;
        yield this.convert(values);
      }
    } finally {
      // Breaking out of a for-await loop lands here too, so the cursor never leaks.
      await this.source.close();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.source.close();
  }
}

/** One column of each streamed row, from {@link AsyncResult.scalars}. */
export class AsyncScalarResult<V> extends AsyncResultView<V> {
  /** @internal */
  constructor(
    source: StreamedRows,
    private readonly index: number,
  ) {
    super(source);
  }

  protected convert(values: readonly unknown[]): V {
    return values[this.index] as V;
  }
}

/** Each streamed row as a plain object, from {@link AsyncResult.mappings} (see MappingResult). */
export class AsyncMappingResult<R extends object> extends AsyncResultView<R> {
  /** A column is named `__proto__`: assigning it would set the object's prototype. */
  readonly #protoColumn: boolean;

  /** @internal */
  constructor(source: StreamedRows) {
    super(source);
    this.#protoColumn = source.columns.includes('__proto__');
    if (new Set(source.columns).size !== source.columns.length) {
      throw new InvalidRequestError(
        'Cannot read rows as mappings: a column name appears twice. Give each column a label.',
      );
    }
  }

  protected convert(values: readonly unknown[]): R {
    return objectFrom(this.source.columns, values, this.#protoColumn) as R;
  }
}

/**
 * Rows streamed from the database without holding them all (from `conn.stream()`): a
 * server-side cursor on PostgreSQL, an unbuffered read on MySQL, a stepping statement on SQLite.
 * The connection is busy until the result is read to the end or closed; a `for await` loop that
 * breaks early closes it.
 *
 * @example
 * const result = await conn.stream(text('SELECT * FROM events'), {}, { batchSize: 500 });
 * for await (const row of result) handle(row);
 */
export class AsyncResult<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends AsyncResultView<Row<R, T>> {
  /** @internal */
  constructor(source: StreamedRows) {
    super(source);
  }

  protected convert(values: readonly unknown[]): Row<R, T> {
    return new this.source.rowClass(values) as unknown as Row<R, T>;
  }

  /** The column names, in order. */
  keys(): string[] {
    return [...this.source.columns];
  }

  /** The first column of the first row, or null; closes the result. */
  async scalar(): Promise<T[0] | null> {
    const [values] = await this.source.take(1);
    await this.source.close();
    return values === undefined ? null : (values[0] as T[0]);
  }

  /** A view yielding one column of each row: the first, or the one at `index`. */
  scalars(): AsyncScalarResult<T[0]>;
  scalars<I extends number>(index: I): AsyncScalarResult<T[I]>;
  scalars(index = 0): AsyncScalarResult<unknown> {
    return new AsyncScalarResult(this.source, index);
  }

  /** A view yielding each row as a plain object keyed by column name. */
  mappings(): AsyncMappingResult<R> {
    return new AsyncMappingResult<R>(this.source);
  }
}
