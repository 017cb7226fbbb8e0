import {
  ArgumentError,
  BufferedRows,
  type ColumnElement,
  type Connection,
  select as coreSelect,
  type FromClause,
  type HasClauseElement,
  type Params,
  Result,
  RowBase,
  resolveClause,
  Select,
  type SelectItem,
  type SelectNode,
} from '@athanor/core';
import { findMapper, type Mapper } from '../mapping/mapper.js';
import { instanceFor, type LoadingSession } from './loading.js';

/** One item of an ORM select: an entity (a model, spread over its columns) or one column. */
export type EntitySlot =
  | {
      readonly kind: 'entity';
      readonly mapper: Mapper;
      readonly start: number;
      readonly count: number;
    }
  | { readonly kind: 'column'; readonly index: number; readonly name: string };

/** A model class as a select item: stands for its table, and loads as instances of `T`. */
export type ModelItem<T extends object> = (abstract new (
  ...args: never[]
) => T) &
  HasClauseElement<FromClause<object, unknown>>;

/** What an ORM select takes: models, columns and expressions. */
export type OrmSelectItem = ModelItem<object> | SelectItem;

/** The value one item gives in a row: an instance for a model, the value for a column. */
type ItemValue<E> = E extends abstract new (
  ...args: never[]
) => infer T
  ? T
  : E extends ColumnElement<infer V, string>
    ? V
    : unknown;

/** The row of an ORM select by position: `select(User, Post.c.title)` gives `[User, string]`. */
export type OrmTupleOf<Items extends readonly unknown[]> = {
  -readonly [I in keyof Items]: ItemValue<Items[I]>;
};

/** A row of an ORM select: by position, and by column name for plain columns. */
export type OrmRowOf<T extends readonly unknown[]> = T;

/** The result of an ORM select: rows of instances and values. */
export type OrmResult<T extends readonly unknown[]> = Result<Record<string, unknown>, T>;

/**
 * A SELECT that knows which of its columns make up entities (SQLAlchemy's ORM-enabled select):
 * run through a session it returns instances, tracked in the session's identity map.
 * Every builder method of Core's Select works on it and keeps it an ORM select.
 */
export class OrmSelect<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends Select<R, T> {
  constructor(
    node: SelectNode,
    selected: readonly ColumnElement[],
    /** What each result item is made of. */
    readonly slots: readonly EntitySlot[],
  ) {
    super(node, selected);
  }

  protected override clone(node: SelectNode, selected: readonly ColumnElement[]): OrmSelect<R, T> {
    return new OrmSelect<R, T>(node, selected, this.slots);
  }

  /** Rows as named in results: a model by its class name, a column by its key. */
  get itemNames(): string[] {
    return this.slots.map((slot) => (slot.kind === 'entity' ? slot.mapper.name : slot.name));
  }
}

/**
 * An ORM select (SQLAlchemy 2.0's `select()`): models load as instances, columns as values.
 *
 * @example
 * const users = (await session.scalars(select(User).where(User.c.age.gt(25)))).all(); // User[]
 * const rows = (await session.execute(select(User, Post.c.title).join(Post))).all();    // [User, string][]
 */
export function select<const Items extends readonly OrmSelectItem[]>(
  ...items: Items
): OrmSelect<Record<string, unknown>, OrmTupleOf<Items>> {
  const slots: EntitySlot[] = [];
  let position = 0;
  for (const item of items) {
    const mapper = typeof item === 'function' ? findMapper(item) : undefined;
    if (mapper) {
      slots.push({ kind: 'entity', mapper, start: position, count: mapper.columns.length });
      position += mapper.columns.length;
      continue;
    }
    const resolved = resolveClause(item as SelectItem);
    if (
      resolved &&
      typeof resolved === 'object' &&
      'columns' in resolved &&
      Array.isArray((resolved as FromClause).columns)
    ) {
      throw new ArgumentError(
        'ORM select() takes models and columns; select a Table with Core select()',
      );
    }
    const name = (resolved as ColumnElement).key ?? `anon_${slots.length + 1}`;
    slots.push({ kind: 'column', index: position, name });
    position += 1;
  }
  const core = coreSelect(...(items as readonly SelectItem[]));
  return new OrmSelect(core.node, core.selected, slots).withFromClauses(core.fromClauses) as never;
}

/** Runs an ORM select and turns its rows into instances and values. */
export async function executeOrm(
  session: LoadingSession,
  connection: Connection,
  statement: OrmSelect<object, readonly unknown[]>,
  params: Params | undefined,
): Promise<Result> {
  for (const slot of statement.slots)
    if (slot.kind === 'entity') slot.mapper.checkDialect(connection.dialect);
  const raw = await connection.execute(statement, params);
  const rows = raw.takeRaw();
  const out = new Array<unknown[]>(rows.length);
  for (let r = 0; r < rows.length; r++)
    out[r] = assemble(session, statement.slots, rows[r] as unknown[]);
  return new Result(new BufferedRows(statement.itemNames, out, true), raw.rowcount);
}

/** One result row: each slot's instance or value. */
function assemble(
  session: LoadingSession,
  slots: readonly EntitySlot[],
  values: unknown[],
): unknown[] {
  const out = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as EntitySlot;
    if (slot.kind === 'column') out[i] = values[slot.index];
    else {
      // A select of one model uses the row's own array as the instance's values: no copy.
      const own =
        slot.start === 0 && slot.count === values.length
          ? values
          : values.slice(slot.start, slot.start + slot.count);
      out[i] = instanceFor(session, slot.mapper, own);
    }
  }
  return out;
}

/** Streams an ORM select, a batch at a time, as rows (or, with one item, as its values). */
export async function streamOrm<T extends readonly unknown[]>(
  session: LoadingSession,
  connection: Connection,
  statement: OrmSelect<object, T>,
  batchSize: number,
  params: Params | undefined,
): Promise<AsyncIterable<OrmRowOf<T>> & { partitions(): AsyncIterable<OrmRowOf<T>[]> }> {
  const stream = await connection.stream(statement, params, { batchSize });
  const slots = statement.slots;
  const convert = (row: object) =>
    assemble(
      session,
      slots,
      RowBase.valuesOf(row as RowBase) as unknown[],
    ) as unknown as OrmRowOf<T>;
  return {
    async *[Symbol.asyncIterator]() {
      for await (const row of stream) yield convert(row);
    },
    async *partitions() {
      for await (const batch of stream.partitions(batchSize)) yield batch.map(convert);
    },
  };
}
