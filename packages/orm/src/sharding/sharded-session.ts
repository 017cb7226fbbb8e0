import {
  ArgumentError,
  type Connection,
  type Engine,
  type Executable,
  type ExecuteParams,
  type ExecutionOptions,
  InvalidRequestError,
  type Params,
  type Result,
  type RowShapeOf,
  type RowTupleOf,
  routesToReplica,
} from '@athanor/core';
import { type InstanceState, stateOf } from '../mapping/instance-state.js';
import { type Mapper, mapperOf } from '../mapping/mapper.js';
import {
  executeOrm,
  type OrmResult,
  type OrmRowOf,
  OrmSelect,
  type OrmStream,
  streamOrm,
} from '../query/orm-select.js';
import { knownByKey, loadByKey, primaryKeyValues } from '../session/get-by-key.js';
import { type ModelType, Session, type SessionOptions } from '../session/session.js';
import type { BindTarget } from '../session/session-binds.js';
import { defaultExecuteChooser } from './default-execute-chooser.js';
import { mergeResults } from './merge-results.js';
import { pinnedShard } from './set-shard-id.js';
import { ShardLoader } from './shard-loader.js';

/** What a sharded session is asked to route: a model, a statement, an object, or a shard. */
export interface ShardBindTarget extends BindTarget {
  /** The shard to use, chosen already (`session.connection({ shardId: 'east' })`). */
  readonly shardId?: string;
}

/** What {@link ShardedSessionOptions.executeChooser} is given for each statement. */
export interface ShardExecuteContext {
  readonly statement: Executable<object, readonly unknown[]>;
  /** The model of an ORM select's first entity (`select(User, ...)`). */
  readonly mapper: Mapper | undefined;
  readonly params: ExecuteParams | readonly ExecuteParams[] | undefined;
}

/** Options of a {@link ShardedSession}. */
export interface ShardedSessionOptions extends Omit<SessionOptions, 'binds'> {
  /** The engines, by shard id: `{ east: eastEngine, west: westEngine }`; one engine per shard. */
  readonly shards: Readonly<Record<string, Engine>>;
  /**
   * The shard a new object is written to (SQLAlchemy's `shard_chooser`), asked at its first
   * flush; also asked for a model alone (`session.connection({ mapper })`), with no instance.
   */
  readonly shardChooser: (
    mapper: Mapper,
    instance: object | undefined,
    clause?: Executable<object, readonly unknown[]>,
  ) => string;
  /**
   * The shards a primary key may be on, for `get()`, tried in order (SQLAlchemy's
   * `identity_chooser`). Default: every shard.
   */
  readonly identityChooser?: (mapper: Mapper, primaryKey: readonly unknown[]) => readonly string[];
  /**
   * The shards a statement runs on (SQLAlchemy's `execute_chooser`); their results are merged.
   * Default: every shard for a SELECT, UPDATE or DELETE; any other statement (an INSERT, a
   * text()) is refused, as it would write its rows on every shard. Not asked for a statement
   * pinned with `setShardId()` or `{ shardId }`.
   */
  readonly executeChooser?: (context: ShardExecuteContext) => readonly string[];
}

/** Execution options of a sharded session: `{ shardId }` runs the statement on that shard only. */
export interface ShardedExecutionOptions extends ExecutionOptions {
  readonly shardId?: string;
}

/**
 * A session over several databases that hold the same tables, each row on one of them
 * (SQLAlchemy's `ShardedSession`, from `horizontal_shard`). New objects go to the shard
 * `shardChooser` picks at their first flush; each object remembers its shard (its identity
 * includes it, so one primary key on two shards is two objects), and its updates, deletes,
 * refreshes and relationships go there. `get()` tries the shards `identityChooser` names;
 * a statement runs on the shards `executeChooser` names, or the one it is pinned to, and the
 * rows are concatenated in shard order, each shard's sorted and limited on its own.
 *
 * @example
 * const session = new ShardedSession({
 *   shards: { east: eastEngine, west: westEngine },
 *   shardChooser: (mapper, customer) => ((customer as Customer).region === 'east' ? 'east' : 'west'),
 * });
 */
export class ShardedSession extends Session {
  readonly shards: Readonly<Record<string, Engine>>;
  readonly #shardChooser: ShardedSessionOptions['shardChooser'];
  readonly #identityChooser: NonNullable<ShardedSessionOptions['identityChooser']>;
  readonly #executeChooser: NonNullable<ShardedSessionOptions['executeChooser']>;
  readonly #loaders = new Map<Engine, ShardLoader>();

  constructor(options: ShardedSessionOptions) {
    const { shards, shardChooser, identityChooser, executeChooser, ...sessionOptions } =
      checkOptions(options);
    const ids = Object.keys(shards);
    super(shards[ids[0] as string] as Engine, sessionOptions);
    this.shards = Object.freeze({ ...shards });
    this.#shardChooser = shardChooser;
    this.#identityChooser = identityChooser ?? (() => ids);
    this.#executeChooser = executeChooser ?? defaultExecuteChooser(ids);
    for (const id of ids) this.#loaders.set(shards[id] as Engine, new ShardLoader(this, id));
  }

  /**
   * The engine of a shard (SQLAlchemy's `ShardedSession.get_bind`): the one given, else the
   * object's own (chosen by `shardChooser` at its first flush and remembered), else the one
   * `shardChooser` picks for the model.
   */
  override getBind(target: ShardBindTarget = {}): Engine {
    return this.shards[this.shardOf(target)] as Engine;
  }

  /** The shard id for a target, as {@link getBind} chooses it. */
  shardOf({ shardId, instance, mapper, clause }: ShardBindTarget): string {
    if (shardId !== undefined) return this.#known(shardId, 'shardId');
    const state = instance === undefined ? undefined : stateOf(instance);
    if (state?.identityToken !== undefined) return state.identityToken;
    const model = mapper ?? state?.mapper;
    if (!model) {
      throw new InvalidRequestError(
        'A sharded session cannot tell which shard to use without a model, an object or a shard: ' +
          "pass one, as in session.connection({ shardId: 'east' }).",
        { code: 'no-shard' },
      );
    }
    const chosen = this.#known(this.#shardChooser(model, instance, clause), 'shardChooser');
    // The object keeps its shard from now on, as SQLAlchemy's identity_token.
    if (state) state.identityToken = chosen;
    return chosen;
  }

  /** The connection to a shard's primary, in the session's transaction. */
  override connection(target: ShardBindTarget = {}): Promise<Connection> {
    return super.connection(target);
  }

  /**
   * The object with this primary key, from the first shard `identityChooser` names that has
   * it (the identity map first, then each shard's database); `{ shardId }` asks one shard.
   */
  override async get<T extends object>(
    model: ModelType<T>,
    primaryKey: unknown,
    options: { readonly shardId?: string } = {},
  ): Promise<T | null> {
    this.checkUsable();
    const mapper = mapperOf(model);
    const key = primaryKeyValues(mapper, primaryKey);
    const shards =
      options.shardId !== undefined
        ? [this.#known(options.shardId, 'shardId')]
        : this.#identityChooser(mapper, key).map((id) => this.#known(id, 'identityChooser'));
    const unknown: string[] = [];
    for (const shard of shards) {
      const known = knownByKey(this.#loaderOf(shard), mapper, key);
      if (known) return known as T;
      // null: this session deleted that shard's object (as Session.get, it is gone there, even
      // before the flush); the key may still be on another shard.
      if (known === undefined) unknown.push(shard);
    }
    if (this.autoflush) await this.flush();
    for (const shard of unknown) {
      const engine = this.shards[shard] as Engine;
      const connection = await this.readConnectionOn(engine);
      const found = await loadByKey(this.#loaderOf(shard), connection, mapper, key);
      if (found) return found as T;
    }
    return null;
  }

  /**
   * Runs a statement on each shard `executeChooser` names (in parallel), or on the one it is
   * pinned to (`setShardId()` on an ORM select, or `{ shardId }` here), and merges the rows
   * in shard order. An UPDATE or DELETE runs on each of those shards; its row count is the sum.
   */
  override async execute<S extends Executable<object, readonly unknown[]>>(
    statement: S,
    params?: ExecuteParams | readonly ExecuteParams[],
    options?: ShardedExecutionOptions,
  ): Promise<
    S extends OrmSelect<infer R, infer T> ? OrmResult<T, R> : Result<RowShapeOf<S>, RowTupleOf<S>>
  > {
    this.checkUsable();
    if (this.autoflush) await this.flush();
    const shards = this.#shardsFor(statement, params, options);
    const reads = routesToReplica(statement.node, options);
    const results = await settleAll(
      shards.map(async (shard): Promise<Result<object, readonly unknown[]>> => {
        const engine = this.shards[shard] as Engine;
        const connection = reads
          ? await this.readConnectionOn(engine, options?.usePrimary)
          : await this.connection({ shardId: shard });
        if (statement instanceof OrmSelect) {
          return executeOrm(this.#loaderOf(shard), connection, statement, params as Params);
        }
        return connection.execute(statement, params, options);
      }),
    );
    this.expireAfterBulk(statement);
    // The return type is conditional on `S`, which TypeScript cannot narrow to either branch.
    return mergeResults(results) as never;
  }

  /** Streams an ORM select shard by shard, each shard's rows in turn (see {@link execute}). */
  override async stream<T extends readonly unknown[]>(
    statement: OrmSelect<object, T>,
    options: { batchSize?: number; params?: ExecuteParams; shardId?: string } = {},
  ): Promise<OrmStream<OrmRowOf<T>>> {
    this.checkUsable();
    if (this.autoflush) await this.flush();
    const shards = this.#shardsFor(statement, options.params, options);
    const open = async (shard: string) =>
      streamOrm(
        this.#loaderOf(shard),
        await this.readConnectionOn(this.shards[shard] as Engine),
        statement,
        options.batchSize ?? 1000,
        options.params as Params | undefined,
      );
    return {
      async *[Symbol.asyncIterator]() {
        for (const shard of shards) yield* await open(shard);
      },
      async *partitions() {
        for (const shard of shards) yield* (await open(shard)).partitions();
      },
    };
  }

  /** @internal Rows read on a shard's engine are keyed with that shard. */
  override loaderFor(engine: Engine): ShardLoader | Session {
    return this.#loaders.get(engine) ?? this;
  }

  /** @internal An object's relationships are read on its own shard. */
  override relatedBind(state: InstanceState, target: Mapper): Engine {
    return this.getBind({ instance: state.owner, mapper: target });
  }

  #loaderOf(shard: string): ShardLoader {
    return this.#loaders.get(this.shards[shard] as Engine) as ShardLoader;
  }

  #shardsFor(
    statement: Executable<object, readonly unknown[]>,
    params: ExecuteParams | readonly ExecuteParams[] | undefined,
    options: { readonly shardId?: string } | undefined,
  ): string[] {
    const pinned = options?.shardId ?? pinnedShard(statement);
    if (pinned !== undefined) return [this.#known(pinned, 'shardId')];
    const mapper =
      statement instanceof OrmSelect
        ? statement.slots.find((slot) => slot.kind === 'entity')?.mapper
        : undefined;
    const chosen = this.#executeChooser({ statement, mapper, params });
    return [...new Set(chosen)].map((id) => this.#known(id, 'executeChooser'));
  }

  #known(shardId: unknown, from: string): string {
    if (typeof shardId === 'string' && Object.hasOwn(this.shards, shardId)) return shardId;
    throw new ArgumentError(
      `${from} gave ${JSON.stringify(shardId) ?? String(shardId)}, which is not a shard of this session; ` +
        `its shards are ${Object.keys(this.shards).join(', ')}.`,
      { code: 'unknown-shard' },
    );
  }
}

/** Every promise's value; the first failure is thrown once all have settled (none left running). */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

function checkOptions(options: ShardedSessionOptions): ShardedSessionOptions {
  const fail = (message: string): never => {
    throw new ArgumentError(message, { code: 'bad-sharded-session' });
  };
  if (typeof options !== 'object' || options === null) {
    fail(
      'new ShardedSession({ shards: { east: eastEngine, west: westEngine }, shardChooser }) takes an options object.',
    );
  }
  const { shards } = options;
  const ids = typeof shards === 'object' && shards !== null ? Object.keys(shards) : [];
  if (ids.length === 0) {
    fail(
      'ShardedSession needs shards: an object of engines by shard id, { east: eastEngine, west: westEngine }.',
    );
  }
  const seen = new Map<Engine, string>();
  for (const id of ids) {
    const engine = shards[id];
    if (!engine || typeof (engine as Engine).connect !== 'function') {
      fail(`shards.${id} is not an Engine (from createEngine).`);
    }
    const other = seen.get(engine as Engine);
    if (other !== undefined) {
      fail(
        `shards.${other} and shards.${id} are the same Engine; give each shard an engine of its own.`,
      );
    }
    seen.set(engine as Engine, id);
  }
  if (typeof options.shardChooser !== 'function') {
    fail(
      'ShardedSession needs a shardChooser(mapper, instance) that returns the shard id for a new object.',
    );
  }
  for (const name of ['identityChooser', 'executeChooser'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      fail(`${name} is a function that returns a list of shard ids.`);
    }
  }
  if ('binds' in options) fail('A ShardedSession routes by shard; it takes no binds.');
  return options;
}
