import {
  type AnyTable,
  ArgumentError,
  type Connection,
  Delete,
  type Engine,
  type Executable,
  type ExecuteParams,
  type ExecutionOptions,
  InvalidRequestError,
  type NestedTransaction,
  type Params,
  ResourceClosedError,
  type Result,
  type RowShapeOf,
  type RowTupleOf,
  routesToReplica,
  type TransactionRetryOptions,
  Update,
} from '@athanor/core';
import { type EventDispatcher, eventsKey } from '@athanor/core/dialect';
import { PendingRollbackError, UnmappedError } from '../errors.js';
import { type SessionEvents, sessionDispatcher } from '../events/session-events.js';
import { entityOf } from '../mapping/entity-clause.js';
import { EXPIRED, type InstanceState, mappedState, stateOf } from '../mapping/instance-state.js';
import { type Mapper, mapperOf } from '../mapping/mapper.js';
import { membersOf } from '../mapping/relationship-accessor.js';
import type { RelationshipKey } from '../mapping/relationship-types.js';
import { loadEagerly } from '../query/eager-loading.js';
import {
  executeOrm,
  type OrmResult,
  type OrmRowOf,
  OrmSelect,
  type OrmStream,
  streamOrm,
} from '../query/orm-select.js';
import { Query } from '../query/query.js';
import { loadRelationship } from '../query/relationship-loader.js';
import { cascadeSaves, type DeletingSession } from './cascades.js';
import { knownByKey, loadByKey, primaryKeyValues } from './get-by-key.js';
import { IdentityMap } from './identity-map.js';
import { mergeObject } from './merge.js';
import { type BindKey, type BindTarget, bindsFrom, findBind } from './session-binds.js';
import { SessionChanges } from './session-changes.js';
import { SessionConnections } from './session-connections.js';
import { runInSession } from './session-run.js';
import { SessionSavepoint } from './session-savepoint.js';
import { UnitOfWork } from './unit-of-work.js';

/** Options of a session. */
export interface SessionOptions {
  /**
   * What a commit does to the session's objects, so that the next load sees the database:
   * - `true` (the default): they are expired, but their attributes stay readable with the last
   *   values the session knew; the next query or `get()` that returns an object's row loads
   *   its attributes (and relationships) again, keeping changes not yet flushed.
   * - `'strict'`: their attributes are expired and reading one throws `ExpiredAttributeError`
   *   until the object is loaded again (`refresh()`, or a query that returns it).
   * - `false`: nothing is expired; objects keep their values until `refresh()` or `expire()`,
   *   even when a query returns their rows.
   */
  readonly expireOnCommit?: boolean | 'strict';
  /** Flush pending changes before each query, so the query sees them. Default true. */
  readonly autoflush?: boolean;
  /**
   * Engines for some models or tables instead of the session's own (SQLAlchemy's `binds`):
   * `new Map([[User, usersEngine], [auditLog, auditEngine]])`. A model class binds its
   * subclasses too. {@link Session.getBind} decides; override it for other rules.
   */
  readonly binds?: ReadonlyMap<BindKey, Engine> | Iterable<readonly [BindKey, Engine]>;
  /**
   * Read on the primary even when the engine has read replicas: for a unit of work that must
   * see what was committed a moment ago. Default false: a session reads on a replica until it
   * writes, then on the primary until its transaction ends.
   */
  readonly usePrimary?: boolean;
  /**
   * @internal The dispatcher whose listeners the session's own run under: a sessionmaker's.
   * Without it, the Session class's (listeners for every session).
   */
  readonly [sessionEventsParent]?: EventDispatcher<SessionEvents>;
}

/** @internal Where a sessionmaker hands its sessions its listeners (see SessionOptions). */
export const sessionEventsParent: unique symbol = Symbol('athanor.orm.sessionEventsParent');

/** A model class, as session methods take it. */
export type ModelType<T extends object = object> = abstract new (...args: never[]) => T;

let sessionCounter = 0;

/**
 * Talks to the database on behalf of objects (SQLAlchemy's `Session`): keeps them in an identity
 * map, tracks their changes, writes them in a unit of work, and runs queries that return them.
 *
 * A session works in a transaction that begins with its first statement and ends with
 * `commit()` or `rollback()`. `await using session = Session()` closes it at the end of a block.
 *
 * @example
 * const Session = sessionmaker({ bind: engine });
 * await using session = Session();
 * session.add(new User({ name: 'Alice', age: 25 }));
 * await session.commit();
 * const alice = await session.query(User).filterBy({ name: 'Alice' }).first();
 */
export class Session implements AsyncDisposable {
  /** Listeners for every session: `listen(Session, 'afterCommit', ...)`. */
  static readonly [eventsKey]: EventDispatcher<SessionEvents> =
    sessionDispatcher('the Session class');
  /** This session's listeners (`listen(session, 'beforeFlush', ...)`), under its sessionmaker's. */
  readonly [eventsKey]: EventDispatcher<SessionEvents>;
  /** The same, with the remembered `listening` the per-row events ask. */
  readonly #events: EventDispatcher<SessionEvents>;
  readonly id = ++sessionCounter;
  readonly identityMap = new IdentityMap();
  readonly expireOnCommit: boolean | 'strict';
  readonly autoflush: boolean;
  /** The `binds` option: engines by model class or table. */
  readonly binds: ReadonlyMap<BindKey, Engine>;
  readonly usePrimary: boolean;
  readonly #connections = new SessionConnections((connection) => this.#opened(connection));
  /** What the next flush writes, and what the transaction wrote. */
  readonly #changes = new SessionChanges();
  readonly #unitOfWork = new UnitOfWork(this, {
    changes: this.#changes,
    primary: (engine) => this.#connections.primary(engine),
    failed: (error) => {
      this.#failedFlush = error;
    },
    session: this,
  });
  #closed = false;
  #failedFlush: Error | null = null;
  readonly #savepoints: NestedTransaction[] = [];

  constructor(
    readonly bind: Engine,
    options: SessionOptions = {},
  ) {
    if (!bind || typeof (bind as Engine).connect !== 'function') {
      throw new ArgumentError('new Session(engine) needs an Engine (from createEngine)');
    }
    const expireOnCommit = options.expireOnCommit ?? true;
    if (expireOnCommit !== true && expireOnCommit !== false && expireOnCommit !== 'strict') {
      throw new ArgumentError(
        `expireOnCommit is true, false or 'strict'; got ${JSON.stringify(expireOnCommit)}.`,
      );
    }
    this.expireOnCommit = expireOnCommit;
    this.autoflush = options.autoflush ?? true;
    this.usePrimary = options.usePrimary ?? false;
    this.binds = bindsFrom(options.binds, (message) => {
      throw new ArgumentError(message, { code: 'bad-session-binds' });
    });
    this.#events = sessionDispatcher(
      'a Session',
      options[sessionEventsParent] ?? (new.target as typeof Session)[eventsKey],
    );
    this[eventsKey] = this.#events;
  }

  /**
   * A connection the session opened: with an `afterBegin` listener, its transaction begins now
   * (it would with the first statement) so the listener sees it; without one, nothing changes.
   */
  async #opened(connection: Connection): Promise<void> {
    const events = this[eventsKey];
    if (!events.has('afterBegin')) return;
    const transaction = connection.getTransaction() ?? (await connection.begin());
    await events.fire('afterBegin', this, transaction, connection);
  }

  /**
   * The engine for a model or a statement (SQLAlchemy's `get_bind`): from `binds` (the model's
   * class or a base class, its table, a table the statement uses), else the session's engine.
   * Override it in a subclass to route by other rules; the session asks it for every query,
   * `get()`, load and flush.
   *
   * @example
   * class TenantSession extends Session {
   *   override getBind(target: BindTarget): Engine {
   *     return target.mapper?.table === archive ? archiveEngine : super.getBind(target);
   *   }
   * }
   */
  getBind(target: BindTarget = {}): Engine {
    return findBind(this.binds, target) ?? this.bind;
  }

  // ------------------------------------------------------------------ objects

  /**
   * Adds an object: a new one becomes pending (inserted at the next flush); a detached one is
   * attached again.
   * @throws {UnmappedError} for an object that is not a model instance.
   * @throws {InvalidRequestError} for an object that belongs to another session.
   */
  add(instance: object): void {
    this.#checkOpen();
    const state = this.#add(instance, 'add');
    if (state.related) cascadeSaves([state], (member) => this.cascadeAdd(member));
  }

  /** @internal Adds an object reached through a relationship (cascade save-update). */
  cascadeAdd(instance: object): void {
    const state = stateOf(instance);
    if (state && state.session !== this) this.#add(instance, 'add');
  }

  #add(instance: object, operation: string): InstanceState {
    const state = this.#stateOf(instance, operation);
    if (state.session === this) return state;
    if (state.session !== null) {
      throw new InvalidRequestError(
        `${describe(instance)} is already attached to session ${state.session.id} (this is session ${this.id}). ` +
          'Close the other session, or merge() the object into this one.',
        { code: 'attached-elsewhere' },
      );
    }
    checkDeclaredFields(instance, state);
    state.session = this;
    if (state.status === 'transient') {
      state.status = 'pending';
      this.#changes.new.add(state);
      const events = this[eventsKey];
      if (events.has('transientToPending')) events.fireSync('transientToPending', this, instance);
      return state;
    }
    // A detached object comes back as persistent; its identity must be free here.
    const existing = this.identityMap.get(state.mapper, state.key);
    if (existing && existing !== instance) {
      state.session = null;
      throw new InvalidRequestError(
        `Another object with the same primary key as ${describe(instance)} is already in this session.`,
      );
    }
    state.status = 'persistent';
    this.identityMap.set(state.mapper, state.key, instance);
    if (state.modified || state.related) this.#changes.modified.add(state);
    return state;
  }

  /** Adds several objects. */
  addAll(instances: Iterable<object>): void {
    for (const instance of instances) this.add(instance);
  }

  /**
   * Marks a persistent object for deletion at the next flush (SQLAlchemy's `delete`).
   * @throws {InvalidRequestError} for an object that has no row yet (transient or pending):
   * there is nothing to delete; `expunge()` drops a pending one from the session.
   */
  delete(instance: object): void {
    this.#checkOpen();
    const state = this.#stateOf(instance, 'delete');
    if (state.status === 'transient' || state.status === 'pending') {
      throw new InvalidRequestError(
        `${describe(instance)} is not persisted: there is nothing to delete.` +
          (state.status === 'pending' ? ' Use session.expunge() to drop it from the session.' : ''),
        { code: 'not-persisted' },
      );
    }
    if (state.session !== this) this.add(instance);
    state.markedForDeletion = true;
    this.#changes.deleted.add(state);
  }

  /** Removes an object from the session without touching the database (it becomes detached). */
  expunge(instance: object): void {
    const state = this.#stateOf(instance, 'expunge');
    if (state.session !== this) {
      throw new InvalidRequestError(`${describe(instance)} is not in this session.`);
    }
    // Cascade expunge: objects held by relationships with that cascade leave too.
    const queue = [state];
    for (const current of queue) {
      if (current.session !== this) continue;
      this.#detach(current);
      for (const relationship of current.mapper.relationships.values()) {
        if (!relationship.cascade.has('expunge')) continue;
        for (const member of membersOf(current, relationship)) {
          const memberState = mappedState(member);
          if (memberState.session === this) queue.push(memberState);
        }
      }
    }
  }

  /** Removes every object from the session. */
  expungeAll(): void {
    const release = (state: InstanceState) => {
      if (state.session !== this) return;
      state.session = null;
      state.markedForDeletion = false;
      state.status =
        state.status === 'pending' || state.status === 'transient' ? 'transient' : 'detached';
    };
    const changes = this.#changes;
    for (const state of changes.new) release(state);
    this.identityMap.forEach((instance) => {
      release(mappedState(instance));
    });
    for (const state of changes.deleted) release(state);
    for (const state of changes.modified) release(state);
    changes.new.clear();
    changes.deleted.clear();
    changes.modified.clear();
    changes.collectionOwners.clear();
    this.identityMap.clear();
  }

  /** Objects added and not yet flushed. */
  get new(): object[] {
    return [...this.#changes.new].map((state) => state.owner);
  }

  /** Persistent objects with changes not yet flushed. */
  get dirty(): object[] {
    return [...this.#changes.modified]
      .filter((state) => state.status === 'persistent' && state.changedColumns().length > 0)
      .map((state) => state.owner);
  }

  /** Objects marked for deletion and not yet flushed. */
  get deleted(): object[] {
    return [...this.#changes.deleted].map((state) => state.owner);
  }

  /** @internal Called by an instance's state when an attribute is set. */
  noteModified(state: InstanceState): void {
    this.#changes.modified.add(state);
  }

  /** @internal Called when one of the session's objects has a collection loaded. */
  noteCollection(state: InstanceState): void {
    this.#changes.collectionOwners.add(state);
  }

  /** @internal Makes a loaded instance persistent in this session. */
  adopt(instance: object, state: InstanceState, key: unknown, weakly = false): void {
    state.session = this;
    state.key = key;
    if (weakly) this.identityMap.holdWeakly(state.mapper, key, instance);
    else this.identityMap.set(state.mapper, key, instance);
    // Once per row loaded: asked of the remembered answer.
    const events = this.#events;
    if (events.has('loadedAsPersistent')) {
      events.fireSync('loadedAsPersistent', this, instance);
    }
  }

  // ------------------------------------------------------------------ unit of work

  /**
   * Writes pending changes: inserts, updates and deletes in foreign key order, in the session's
   * transaction. If a statement fails, the transaction is rolled back, the objects are left as
   * they were before the flush, and the session must be rolled back (`rollback()`) before it is
   * used again.
   */
  async flush(): Promise<void> {
    this.checkUsable();
    await this.#unitOfWork.flush();
  }

  /** Flushes, then commits the transaction; by default expires every object (see `expireOnCommit`). */
  async commit(): Promise<void> {
    this.checkUsable();
    const events = this[eventsKey];
    if (events.has('beforeCommit')) await events.fire('beforeCommit', this);
    await this.flush();
    // What a listener changed during the flush (`beforeFlush`, `afterFlush`,
    // `afterFlushPostexec`) is flushed too, as SQLAlchemy's commit does: up to 100 rounds,
    // against a listener that changes something every time. Without listeners the first flush
    // leaves nothing, and this loop does not run.
    for (let round = 0; round < 100 && !this.#changes.empty; round++) await this.flush();
    await this.#connections.commit();
    await this.#release();
    for (const state of this.#changes.deletedInTransaction) this.#detach(state);
    this.#changes.endTransaction();
    if (events.has('afterCommit')) await events.fire('afterCommit', this);
    if (this.expireOnCommit === 'strict') this.expireAll();
    else if (this.expireOnCommit) this.#markStale();
  }

  /**
   * After a commit (the default `expireOnCommit`): other transactions may change the rows from
   * now on, so each object is loaded again by the next query or `get()` that returns it; until
   * then reads give the values as committed (reading is synchronous and cannot load).
   */
  #markStale(): void {
    this.identityMap.forEach((instance) => {
      const state = mappedState(instance);
      if (state.status === 'persistent') state.stale = true;
    });
  }

  /**
   * Rolls the transaction back: objects added in it become transient again, deleted ones come
   * back, and every object is expired, so it is read again from the database.
   */
  async rollback(): Promise<void> {
    this.#checkOpen();
    this.#failedFlush = null;
    this.#savepoints.length = 0;
    await this.#connections.rollback();
    await this.#release();
    // What the transaction inserted is gone: those objects are new again (transient), as are
    // the ones added and not flushed.
    const changes = this.#changes;
    for (const state of [...changes.insertedInTransaction, ...changes.new]) {
      if (state.session === this) this.#makeTransient(state);
    }
    // What it deleted is back.
    for (const state of changes.deletedInTransaction) {
      state.status = 'persistent';
      this.identityMap.set(state.mapper, state.key, state.owner);
    }
    for (const state of changes.deleted) state.markedForDeletion = false;
    changes.new.clear();
    changes.deleted.clear();
    changes.modified.clear();
    changes.endTransaction();
    // Every change the transaction made to rows is undone: read them again.
    this.expireAll();
    const events = this[eventsKey];
    if (events.has('afterRollback')) await events.fire('afterRollback', this);
  }

  /** Rolls back what is not committed and detaches every object; the session cannot be used again. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#connections.rollback();
    await this.#release();
    for (const state of this.#changes.new) this.#makeTransient(state);
    this.#changes.new.clear();
    this.expungeAll();
    this.#closed = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ------------------------------------------------------------------ loading

  /**
   * The object with this primary key: from the identity map when it is there (no query), else
   * loaded; null when there is no such row. A composite key is given as an array.
   * @throws {ArgumentError} for a key with the wrong number of values.
   */
  async get<T extends object>(model: ModelType<T>, primaryKey: unknown): Promise<T | null> {
    this.checkUsable();
    const mapper = mapperOf(model);
    const key = primaryKeyValues(mapper, primaryKey);
    const known = knownByKey(this, mapper, key);
    if (known !== undefined) return known as T | null;
    if (this.autoflush) await this.flush();
    const connection = await this.#readConnection({ mapper });
    return (await loadByKey(this, connection, mapper, key)) as T | null;
  }

  /**
   * Loads a relationship of an object — or of many, with one query — and returns it (reading a
   * relationship is synchronous, so this is how an unloaded one is loaded). Already loaded
   * ones are returned as they are.
   *
   * @example
   * const posts = await session.load(user, 'posts'); // Post[]
   * await session.load(users, 'posts');             // one SELECT ... IN for all of them
   */
  async load<T extends object, K extends RelationshipKey<T>>(instance: T, key: K): Promise<T[K]>;
  async load<T extends object, K extends RelationshipKey<T>>(
    instances: readonly T[],
    key: K,
  ): Promise<T[K][]>;
  async load(subject: object | readonly object[], key: string): Promise<unknown> {
    this.checkUsable();
    const instances = Array.isArray(subject) ? (subject as object[]) : [subject as object];
    const states = instances.map((instance) => this.#stateOf(instance, 'load'));
    const mapper = states[0]?.mapper;
    if (!mapper) return [];
    mapper.registry.configure();
    const relationship = mapper.relationships.get(key);
    if (!relationship) {
      throw new ArgumentError(
        `${mapper.name} has no relationship '${key}'; its relationships are ${[...mapper.relationships.keys()].join(', ') || 'none'}.`,
      );
    }
    for (const state of states) {
      if (state.session !== this) {
        throw new InvalidRequestError(
          `${describe(state.owner)} is not in this session; add() or merge() it before loading its relationships.`,
        );
      }
      if (state.mapper !== mapper) {
        throw new ArgumentError('session.load() takes objects of one model at a time.');
      }
    }
    if (this.autoflush) await this.flush();
    // Each object's related rows are read where {@link relatedBind} says (its own shard).
    const groups = new Map<Engine, InstanceState[]>();
    for (const state of states) {
      if (state.status !== 'persistent') continue;
      const engine = this.relatedBind(state, relationship.target);
      groups.set(engine, [...(groups.get(engine) ?? []), state]);
    }
    for (const [engine, group] of groups) {
      const connection = await this.readConnectionOn(engine);
      await loadRelationship(this.loaderFor(engine), connection, relationship, group);
    }
    const values = instances.map((instance) => (instance as Record<string, unknown>)[key]);
    return Array.isArray(subject) ? values : values[0];
  }

  /** Loads every attribute of an object again from its row, discarding unflushed changes. */
  async refresh(instance: object): Promise<void> {
    this.checkUsable();
    const state = this.#stateOf(instance, 'refresh');
    if (state.session !== this || state.status !== 'persistent') {
      throw new InvalidRequestError(
        `${describe(instance)} is not persistent in this session; cannot refresh it.`,
      );
    }
    const mapper = state.mapper;
    const engine = this.getBind({ mapper, instance });
    const connection = await this.readConnectionOn(engine);
    const row = (
      await connection.execute(mapper.byKey, mapper.keyParams(state.primaryKey()))
    ).oneOrNone();
    if (!row) {
      throw new InvalidRequestError(`${describe(instance)} no longer exists in the database.`, {
        code: 'object-deleted',
      });
    }
    state.values = [...row];
    state.stale = false;
    state.commitValues();
    state.expireRelated();
    this.#changes.modified.delete(state);
    // Relationships that load with their object (lazy 'selectin' or 'joined') load again.
    await loadEagerly(this.loaderFor(engine), connection, state.mapper, [state], undefined);
    if (mapper.events.has('refresh')) await mapper.events.fire('refresh', instance);
  }

  /**
   * Expires an object's attributes (all, or those named): the next read must load them again
   * (`refresh()`, or a query that returns the object).
   */
  expire(instance: object, attributes?: readonly string[]): void {
    const state = this.#stateOf(instance, 'expire');
    if (state.status !== 'persistent') return;
    this.#expire(state, attributes);
    const events = state.mapper.events;
    if (events.has('expire')) events.fireSync('expire', instance, attributes);
  }

  #expire(state: InstanceState, attributes: readonly string[] | undefined): void {
    const mapper = state.mapper;
    if (!attributes) {
      // Everything but the primary key.
      state.expireRelated();
      const values = state.values;
      const key = mapper.primaryKeyIndexes;
      for (let index = 0; index < values.length; index++) {
        if (key.length === 1 ? key[0] !== index : !key.includes(index)) values[index] = EXPIRED;
      }
      state.committed = null;
      if (!state.modified) this.#changes.modified.delete(state);
      return;
    }
    const indexes: number[] = [];
    for (const name of attributes ?? mapper.keys) {
      const index = mapper.indexOf.get(name);
      if (index !== undefined) indexes.push(index);
      else if (mapper.relationships.has(name)) {
        state.related?.delete(name);
        state.relatedLoaded?.delete(name);
      } else throw new ArgumentError(`${mapper.name} has no attribute '${name}'`);
    }
    for (const index of indexes) {
      if (mapper.primaryKeyIndexes.includes(index)) continue;
      state.values[index] = EXPIRED;
      state.committed?.delete(index);
    }
    if (!state.modified && !state.related) this.#changes.modified.delete(state);
  }

  /** Expires every object in the session. */
  expireAll(): void {
    this.identityMap.forEach((instance) => {
      this.expire(instance);
    });
  }

  /**
   * Copies an object's state onto the persistent object with its primary key in this session
   * (loading it, or making a new pending one if there is no such row), and returns that object.
   */
  async merge<T extends object>(instance: T): Promise<T> {
    this.checkUsable();
    this.#stateOf(instance, 'merge');
    return (await mergeObject(this, instance, new Map())) as T;
  }

  // ------------------------------------------------------------------ statements

  /**
   * Runs a statement. An ORM select (`select(User)`) returns rows of objects, tracked by the
   * session; anything else runs as Core runs it. Pending changes are flushed first (autoflush).
   */
  async execute<S extends Executable<object, readonly unknown[]>>(
    statement: S,
    params?: ExecuteParams | readonly ExecuteParams[],
    options?: ExecutionOptions,
  ): Promise<
    S extends OrmSelect<infer R, infer T> ? OrmResult<T, R> : Result<RowShapeOf<S>, RowTupleOf<S>>
  > {
    this.checkUsable();
    if (this.autoflush) await this.flush();
    const target = { mapper: firstMapperOf(statement), clause: statement };
    // Reads may go to a replica (until the session writes); anything else is a write.
    const connection = routesToReplica(statement.node, options)
      ? await this.#readConnection(target, options?.usePrimary)
      : await this.connection(target);
    // The return type is conditional on `S`; TypeScript does not narrow it through
    // `instanceof`, so each branch states its result as that type.
    if (statement instanceof OrmSelect) {
      return executeOrm(this, connection, statement, params as Params | undefined) as never;
    }
    const result = await connection.execute(withSubclassCriteria(statement), params, options);
    this.expireAfterBulk(statement);
    return result as never;
  }

  /** Runs a select and returns its first column: `(await session.scalars(select(User))).all()`. */
  async scalars<T extends readonly unknown[]>(
    statement: OrmSelect<object, T> | Executable<object, T>,
    params?: ExecuteParams,
  ): Promise<import('@athanor/core').ScalarResult<T[0]>> {
    const result = await this.execute(statement as Executable<object, T>, params);
    return (result as Result<object, T>).scalars();
  }

  /** Runs a select and returns the first column of the first row, or null. */
  async scalar<T extends readonly unknown[]>(
    statement: OrmSelect<object, T> | Executable<object, T>,
    params?: ExecuteParams,
  ): Promise<T[0] | null> {
    const result = await this.execute(statement as Executable<object, T>, params);
    return (result as Result<object, T>).scalar();
  }

  /**
   * Streams the rows of an ORM select a batch at a time (SQLAlchemy's `yield_per`). Each row is
   * an array of the select's items by position — `for await (const [user] of stream)` for
   * `select(User)`; `streamScalars()` gives the objects themselves. Each object is tracked by
   * the session as usual, but the session holds only the ones the program still refers to, so
   * memory stays flat however many rows there are. Relationships are not loaded.
   * @throws {ArgumentError} for a select with loader options (the connection is busy reading).
   */
  async stream<T extends readonly unknown[]>(
    statement: OrmSelect<object, T>,
    options: { batchSize?: number; params?: ExecuteParams } = {},
  ): Promise<OrmStream<OrmRowOf<T>>> {
    this.checkUsable();
    if (this.autoflush) await this.flush();
    return streamOrm(
      this,
      await this.#readConnection({ mapper: firstMapperOf(statement), clause: statement }),
      statement,
      options.batchSize ?? 1000,
      options.params as Params | undefined,
    );
  }

  /**
   * Streams the first item of each row of an ORM select (SQLAlchemy's `stream_scalars`): the
   * objects themselves for `select(User)`, a batch at a time, as {@link Session.stream} does.
   *
   * @example
   * for await (const user of await session.streamScalars(select(User), { batchSize: 500 })) {
   *   user.name; // User
   * }
   */
  async streamScalars<T extends readonly unknown[]>(
    statement: OrmSelect<object, T>,
    options: { batchSize?: number; params?: ExecuteParams } = {},
  ): Promise<OrmStream<T[0]>> {
    const rows = await this.stream(statement, options);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const row of rows) yield row[0];
      },
      async *partitions() {
        for await (const batch of rows.partitions()) yield batch.map((row) => row[0]);
      },
    };
  }

  /** The legacy query API: `session.query(User).filterBy({ name: 'Alice' }).first()`. */
  query<T extends object>(model: ModelType<T>): Query<T> {
    // Building a query is harmless; running it (through execute) is what a closed session or a
    // failed flush refuses, so the error arrives where the caller awaits.
    return new Query<T>(this, mapperOf(model));
  }

  /**
   * The session's connection, in its transaction (begun on first use): to the primary of the
   * engine {@link getBind} picks for `target` (the session's engine without one). Statements
   * run on it are part of the session's transaction, and from then on the session reads there.
   */
  async connection(target: BindTarget = {}): Promise<Connection> {
    this.checkUsable();
    return this.#connections.primary(this.getBind(target));
  }

  /** The connection a read runs on: a replica's until the session writes (see `usePrimary`). */
  async #readConnection(target: BindTarget, usePrimary = false): Promise<Connection> {
    return this.readConnectionOn(this.getBind(target), usePrimary);
  }

  /** @internal The connection a read on `engine` runs on (see {@link Session.usePrimary}). */
  async readConnectionOn(engine: Engine, usePrimary = false): Promise<Connection> {
    this.checkUsable();
    return this.#connections.forRead(engine, usePrimary || this.usePrimary);
  }

  /**
   * @internal What loads rows read on `engine` into the session: the session itself; a sharded
   * session's view that marks each object with the engine's shard.
   */
  loaderFor(_engine: Engine): DeletingSession {
    return this;
  }

  /**
   * @internal The engine the objects related to `state` (of model `target`) are read from: the
   * target's bind here; a sharded session reads them on the object's own shard.
   */
  relatedBind(_state: InstanceState, target: Mapper): Engine {
    return this.getBind({ mapper: target });
  }

  /**
   * Begins a savepoint (SQLAlchemy's `begin_nested()`): `await sp.rollback()` undoes what was
   * flushed since, and expires the objects so they are read again.
   */
  async beginNested(): Promise<SessionSavepoint> {
    this.checkUsable();
    await this.flush();
    const connection = await this.connection();
    const savepoint = await connection.beginNested();
    this.#savepoints.push(savepoint);
    return new SessionSavepoint(this, savepoint);
  }

  /**
   * Runs `work` in the session's transaction and commits when it returns, rolls back when it
   * throws (SQLAlchemy's `with session.begin():`).
   */
  async begin<T>(work: (session: Session) => Promise<T>): Promise<T> {
    this.checkUsable();
    try {
      const value = await work(this);
      await this.commit();
      return value;
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  /**
   * Runs `work` and commits (as {@link Session.begin}), and when it fails with a retryable error
   * (`error.isRetryable`: a serialization failure or a deadlock, at flush or commit too), rolls
   * back and runs it again, up to `retries` times (default 3) with exponential backoff and
   * jitter. Each attempt starts from the session as it was when `run()` was called: what a
   * failed attempt added is transient again and the objects it loaded are expunged. The session
   * must have no transaction in progress and no pending changes when `run()` starts.
   *
   * `work` may run several times: create the objects it adds inside it, and keep effects
   * outside the database out of it.
   *
   * @example
   * await session.run(async (session) => {
   *   const account = await session.get(Account, 1);
   *   if (account) account.balance -= 10;
   *   session.add(new Transfer({ accountId: 1, amount: -10 }));
   * }, { retries: 5 });
   * @throws {InvalidRequestError} (code `session-run-dirty`) when the session has a
   * transaction in progress or pending changes.
   */
  async run<T>(
    work: (session: Session) => Promise<T>,
    options?: TransactionRetryOptions,
  ): Promise<T> {
    this.checkUsable();
    return runInSession(this, work, options);
  }

  /** True while the session has a transaction open. */
  inTransaction(): boolean {
    return this.#connections.inTransaction();
  }

  /** @internal After a savepoint rolled back: what was flushed since is gone, so expire all. */
  afterSavepointRollback(): void {
    this.#failedFlush = null;
    this.expireAll();
  }

  // ------------------------------------------------------------------ internals

  /**
   * @internal Bulk UPDATE / DELETE through the session: objects of that table may be stale, so
   * expire them.
   */
  expireAfterBulk(statement: Executable<object, readonly unknown[]>): void {
    const node = statement.node as { kind: string; table?: { name?: string } };
    if (node.kind !== 'update' && node.kind !== 'delete') return;
    // The object's own mapper, not the identity map's (the hierarchy's root): a joined
    // subclass's object has a row in its own table too.
    this.identityMap.forEach((instance) => {
      const { parts } = mappedState(instance).mapper;
      if (parts.some((part) => part.table.node === node.table)) this.expire(instance);
    });
  }

  #stateOf(instance: object, operation: string): InstanceState {
    const state = stateOf(instance);
    if (!state) {
      const what =
        instance === null
          ? 'null'
          : typeof instance === 'object'
            ? instance.constructor?.name
            : typeof instance;
      throw new UnmappedError(
        `session.${operation}() takes an instance of a model; got ${what}. Models extend Base.model(...).`,
        { code: 'unmapped-instance' },
      );
    }
    return state;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new ResourceClosedError(
        'This Session is closed. Make a new one with the sessionmaker.',
        {
          code: 'session-closed',
        },
      );
    }
  }

  /** @internal Throws when the session is closed or waits for a rollback after a failed flush. */
  checkUsable(): void {
    this.#checkOpen();
    if (this.#failedFlush) {
      throw new PendingRollbackError(
        "This Session's transaction was rolled back because a flush failed " +
          `(${this.#failedFlush.message.split('\n')[0]}). Call session.rollback() before using it again.`,
        { code: 'pending-rollback', cause: this.#failedFlush },
      );
    }
  }

  async #release(): Promise<void> {
    this.#savepoints.length = 0;
    await this.#connections.release();
  }

  #makeTransient(state: InstanceState): void {
    if (state.key !== undefined) this.identityMap.delete(state.mapper, state.key);
    state.session = null;
    state.status = 'transient';
    state.key = undefined;
    state.markedForDeletion = false;
    state.commitValues();
    this.#changes.new.delete(state);
    this.#changes.modified.delete(state);
  }

  #detach(state: InstanceState): void {
    const held = state.key !== undefined && this.identityMap.get(state.mapper, state.key);
    if (held === state.owner) this.identityMap.delete(state.mapper, state.key);
    this.#changes.forget(state);
    state.session = null;
    state.markedForDeletion = false;
    state.status =
      state.status === 'pending' || state.status === 'transient' ? 'transient' : 'detached';
  }
}

function describe(instance: object): string {
  return `<${instance.constructor?.name ?? 'object'}>`;
}

/**
 * A relationship field written without `declare` (`posts!: Post[]`) becomes an own property of
 * each new object, which hides the relationship; say how to declare it.
 */
function checkDeclaredFields(instance: object, state: InstanceState): void {
  if (state.mapper.relationships.size === 0) return;
  for (const key of state.mapper.relationships.keys()) {
    if (Object.hasOwn(instance, key)) {
      throw new ArgumentError(
        `${state.mapper.name}.${key} is a relationship, but the class declares it as a plain field, ` +
          `which hides it. Write \`declare ${key}: ...\` in the class body instead of \`${key}!: ...\` or \`${key} = ...\`.`,
        { code: 'relationship-field' },
      );
    }
  }
}

/**
 * An UPDATE or DELETE of a single-table subclass (`update(Manager)`) keeps to the subclass's
 * rows, as SQLAlchemy's ORM-enabled UPDATE/DELETE does: `WHERE type IN ('manager', ...)`.
 */
function withSubclassCriteria<S extends Executable<object, readonly unknown[]>>(statement: S): S {
  if (!(statement instanceof Update || statement instanceof Delete)) return statement;
  const criterion = entityOf(statement.table)?.discriminatorCriterion;
  if (criterion === undefined) return statement;
  // `where()` returns the same kind of statement with the criterion ANDed in.
  return (statement as Update<AnyTable>).where(criterion) as unknown as S;
}

/** The model of a select's first entity (`select(User, ...)`), for {@link Session.getBind}. */
function firstMapperOf(statement: Executable<object, readonly unknown[]>) {
  if (!(statement instanceof OrmSelect)) return undefined;
  for (const slot of statement.slots) if (slot.kind === 'entity') return slot.mapper;
  return undefined;
}
