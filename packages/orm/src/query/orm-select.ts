import {
  ArgumentError,
  BufferedRows,
  type ColumnElement,
  type Condition,
  type Connection,
  select as coreSelect,
  FromClause,
  type HasClauseElement,
  type ItemRow,
  type JoinOptions,
  type Params,
  Result,
  RowBase,
  resolveClause,
  Select,
  type SelectItem,
  type SelectNode,
  type Simplify,
} from '@athanor/core';
import { entityOf } from '../mapping/entity-clause.js';
import { type InstanceState, mappedState } from '../mapping/instance-state.js';
import { findMapper, type Mapper } from '../mapping/mapper.js';
import { RelationshipAttribute } from '../mapping/relationship-attribute.js';
import { loadEagerly } from './eager-loading.js';
import { planJoinedLoad, readJoinedRows } from './joined-loading.js';
import { type AnyLoaderOption, loadTree } from './loader-options.js';
import { instanceFor, type LoadingSession } from './loading.js';
import { loadSubclassTables } from './subclass-loading.js';

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
export type ItemValue<E> = E extends abstract new (
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

/**
 * What one item gives an ORM row by name: a column or labelled expression its `{ key: value }`,
 * as in Core. A model's instance is under its class name, which the type system cannot see, so
 * it is typed by position only.
 */
export type OrmItemRow<E> = E extends abstract new (
  ...args: never[]
) => unknown
  ? unknown
  : ItemRow<E>;

/** The named parts of an ORM select's items, intersected (see {@link OrmNamedRowOf}). */
export type FoldOrmRow<Items extends readonly unknown[]> = Items extends readonly [
  infer Head,
  ...infer Rest,
]
  ? OrmItemRow<Head> & FoldOrmRow<Rest>
  : unknown;

/**
 * The row of an ORM select by name: `select(User.c.name, func.count().label('n'))` gives
 * `{ name: string; n: number }` (models are read by position: `row[0]`).
 */
export type OrmNamedRowOf<Items extends readonly unknown[]> = Simplify<FoldOrmRow<Items>>;

/** A streamed row of an ORM select: an array of its items' values, by position. */
export type OrmRowOf<T extends readonly unknown[]> = T;

/** What `session.stream()` and `streamScalars()` give: values one by one, or a batch at a time. */
export type OrmStream<V> = AsyncIterable<V> & {
  /** The values in batches (arrays) of the stream's `batchSize`. */
  partitions(): AsyncIterable<V[]>;
};

/**
 * The result of an ORM select: rows of instances and values, by position (`T`) and, for
 * columns, by name (`R`).
 */
export type OrmResult<
  T extends readonly unknown[],
  R extends object = Record<string, unknown>,
> = Result<R, T>;

/**
 * A SELECT that knows which of its columns make up entities (SQLAlchemy's ORM-enabled select):
 * run through a session it returns instances, tracked in the session's identity map.
 * Every builder method of Core's Select works on it and keeps it an ORM select.
 */
export class OrmSelect<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> extends Select<R, T> {
  #loaderOptions: readonly AnyLoaderOption[];

  constructor(
    node: SelectNode,
    selected: readonly ColumnElement[],
    /** What each result item is made of. */
    readonly slots: readonly EntitySlot[],
    loaderOptions: readonly AnyLoaderOption[] = [],
  ) {
    super(node, selected);
    this.#loaderOptions = loaderOptions;
  }

  protected override clone(node: SelectNode, selected: readonly ColumnElement[]): OrmSelect<R, T> {
    return new OrmSelect<R, T>(node, selected, this.slots, this.#loaderOptions);
  }

  /**
   * Names FROM elements as Core's select does; a single-table subclass named here
   * (`selectFrom(Manager)`) reads its own rows only, as in `select(Manager)`.
   */
  override selectFrom(
    ...given: (FromClause<object, unknown> | HasClauseElement<FromClause<object, unknown>>)[]
  ): this {
    let next = super.selectFrom(...given);
    for (const from of given) {
      const criterion = entityOf(resolveClause(from))?.discriminatorCriterion;
      if (criterion) next = next.where(criterion);
    }
    return next;
  }

  /** The loader options given with `options()`. */
  get loaderOptions(): readonly AnyLoaderOption[] {
    return this.#loaderOptions;
  }

  /**
   * How to load relationships of the objects returned (SQLAlchemy's `options()`):
   * `select(User).options(selectinload(User.rel('posts')))`.
   */
  options(...options: AnyLoaderOption[]): this {
    const copy = this.where();
    copy.#loaderOptions = [...this.#loaderOptions, ...options];
    return copy;
  }

  /**
   * Joins along a relationship, its ON clause taken from the relationship
   * (`join(User.rel('posts'))`; a many-to-many joins the association table too); or joins a
   * table or model as Core's select does. For a relationship to the same table, give the alias
   * to join: `join(Node.rel('children'), child)`.
   */
  override join<O, K extends keyof O>(
    target:
      | FromClause<object, unknown>
      | HasClauseElement<FromClause<object, unknown>>
      | RelationshipAttribute<O, K>,
    on?: Condition | FromClause<object, unknown>,
    options: JoinOptions = {},
  ): this {
    if (target instanceof RelationshipAttribute) {
      let joined = this as OrmSelect<R, T>;
      const to = on instanceof FromClause ? on : undefined;
      for (const step of target.joinSteps(to)) {
        joined = Select.prototype.join.call(joined, step.target, step.on, options) as OrmSelect<
          R,
          T
        >;
      }
      return joined as this;
    }
    return super.join(target, on as Condition | undefined, options);
  }

  /** `LEFT OUTER JOIN`, along a relationship or to a table (see {@link OrmSelect.join}). */
  override outerJoin<O, K extends keyof O>(
    target:
      | FromClause<object, unknown>
      | HasClauseElement<FromClause<object, unknown>>
      | RelationshipAttribute<O, K>,
    on?: Condition | FromClause<object, unknown>,
    options: JoinOptions = {},
  ): this {
    return this.join(target, on, { ...options, isOuter: true });
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
): OrmSelect<OrmNamedRowOf<Items>, OrmTupleOf<Items>> {
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
  let core = coreSelect(...(items as readonly SelectItem[]));
  // A subclass in a single-table hierarchy reads its own rows only: `WHERE type IN ('manager')`.
  // A joined-table subclass reads from its tables joined on their keys. Both hold for a
  // subclass selected whole and for its columns (`Manager.c.name`), once per subclass.
  const subclasses = new Set<Mapper>();
  for (const slot of slots) if (slot.kind === 'entity') subclasses.add(slot.mapper);
  for (const item of items) {
    const mapper = typeof item === 'function' ? undefined : entityOf(resolveClause(item));
    if (mapper) subclasses.add(mapper);
  }
  for (const mapper of subclasses) {
    if (mapper.joined) core = core.selectFrom(mapper.selectable);
    const criterion = mapper.discriminatorCriterion;
    if (criterion) core = core.where(criterion);
  }
  // The row types are computed from `Items` at compile time; the slots built above give them at
  // run time, which TypeScript cannot relate to that computation.
  return new OrmSelect(core.node, core.selected, slots).withFromClauses(core.fromClauses) as never;
}

/**
 * Runs an ORM select and turns its rows into instances and values, then loads the
 * relationships its options (and the relationships' `lazy`) ask for.
 */
export async function executeOrm(
  session: LoadingSession,
  connection: Connection,
  statement: OrmSelect<object, readonly unknown[]>,
  params: Params | undefined,
): Promise<Result> {
  const entities: { slot: number; mapper: Mapper; start: number }[] = [];
  statement.slots.forEach((slot, index) => {
    if (slot.kind !== 'entity') return;
    slot.mapper.checkDialect(connection.dialect);
    slot.mapper.registry.configure();
    entities.push({ slot: index, mapper: slot.mapper, start: slot.start });
  });
  const tree = loadTree(statement.loaderOptions);
  const joined = entities.length > 0 ? planJoinedLoad(statement, entities, tree) : null;
  const raw = await connection.execute(joined?.statement ?? statement, params);
  const rows = raw.takeRaw() as unknown[][];
  let out = new Array<unknown[]>(rows.length);
  for (let r = 0; r < rows.length; r++)
    out[r] = assemble(session, statement.slots, rows[r] as unknown[]);
  if (joined) {
    readJoinedRows(session, joined.paths, rows, out);
    out = distinctRows(out);
  }
  for (const entity of entities) {
    const states = new Set<InstanceState>();
    for (const row of out) {
      const instance = row[entity.slot];
      if (instance) states.add(mappedState(instance));
    }
    if (entity.mapper.polymorphism?.hasJoined()) {
      await loadSubclassTables(session, connection, entity.mapper, states);
    }
    await loadEagerly(session, connection, entity.mapper, [...states], tree);
  }
  return new Result(new BufferedRows(statement.itemNames, out, true), raw.rowcount);
}

/** Rows made distinct (joined loading repeats a parent once per child it joined). */
function distinctRows(rows: readonly unknown[][]): unknown[][] {
  const ids = new Map<unknown, number>();
  const idOf = (value: unknown) => {
    if (value === null || typeof value !== 'object') return `v${String(value)}`;
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      ids.set(value, id);
    }
    return `o${id}`;
  };
  const seen = new Set<string>();
  const out: unknown[][] = [];
  for (const row of rows) {
    const key = row.map(idOf).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(row);
  }
  return out;
}

/** One result row: each slot's instance or value. */
function assemble(
  session: LoadingSession,
  slots: readonly EntitySlot[],
  values: unknown[],
  weakly = false,
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
      out[i] = instanceFor(session, slot.mapper, own, weakly);
    }
  }
  return out;
}

/**
 * Streams an ORM select, a batch at a time, as rows: each an array of the items' values by
 * position (`[user]` for `select(User)`).
 */
export async function streamOrm<T extends readonly unknown[]>(
  session: LoadingSession,
  connection: Connection,
  statement: OrmSelect<object, T>,
  batchSize: number,
  params: Params | undefined,
): Promise<OrmStream<OrmRowOf<T>>> {
  if (statement.loaderOptions.some((option) => option.steps.length > 0)) {
    throw new ArgumentError(
      'stream() does not load relationships: the connection is busy reading the stream. ' +
        'Collect a batch (partitions()), then load what it needs after the stream ends, or use execute().',
    );
  }
  const stream = await connection.stream(statement, params, { batchSize });
  const slots = statement.slots;
  // Streamed objects are held weakly, so memory stays flat. V8 keeps an object alive until the
  // event loop turns after a weak reference to it is made; a synchronous driver never lets it
  // turn, so the loop is given a turn after every batch.
  const convert = (row: object) =>
    assemble(
      session,
      slots,
      RowBase.valuesOf(row as RowBase) as unknown[],
      true,
    ) as unknown as OrmRowOf<T>;
  return {
    async *[Symbol.asyncIterator]() {
      let count = 0;
      for await (const row of stream) {
        yield convert(row);
        if (++count % batchSize === 0) await turnOfTheEventLoop();
      }
    },
    async *partitions() {
      for await (const batch of stream.partitions(batchSize)) {
        yield batch.map(convert);
        await turnOfTheEventLoop();
      }
    },
  };
}

function turnOfTheEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
