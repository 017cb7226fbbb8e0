import {
  type AnyTable,
  ArgumentError,
  type Column,
  type ColumnMap,
  clauseElement,
  type FromClause,
  MetaData,
  Table,
  type TableColumns,
  type TableOptions,
  type TableRow,
} from '@athanor/core';
import { type EventDispatcher, eventsKey } from '@athanor/core/dialect';
import { ExpiredAttributeError } from '../errors.js';
import type { ModelEvents } from '../events/model-events.js';
import { type AssociationProxyOptions, defineAssociationProxy } from './association-proxy.js';
import { entityClause } from './entity-clause.js';
import { addSubclassColumns, joinedTable, type MapperOptions } from './inheritance.js';
import { EXPIRED, InstanceState, mappedState, stateKey } from './instance-state.js';
import { findMapper, type MappedClass, Mapper, mapperOf, registerMapper } from './mapper.js';
import { Registry } from './registry.js';
import { defineRelationship } from './relationship-accessor.js';
import { RelationshipAttribute } from './relationship-attribute.js';
import type {
  ModelBranded,
  ModelClassOf,
  RelatedModel,
  RelationshipKey,
  RelationshipOptions,
} from './relationship-types.js';

/** What `new Model({...})` takes: any of the columns, by attribute name. */
export type ModelInit<Cols extends ColumnMap> = Partial<TableRow<Cols>>;

/** An instance of a model: its column attributes, typed, and readable and writable. */
export type ModelInstance<Cols extends ColumnMap> = TableRow<Cols> & ModelBranded;

/** The model a relationship field of `M`'s instances holds. */
type TargetOf<M extends ModelClassOf<object>, K extends keyof InstanceType<M>> = RelatedModel<
  InstanceType<M>[K]
>;

/**
 * The class `Base.model()` returns, for a model class to extend: constructible with its
 * columns, with the table and typed column expressions as statics.
 */
export interface ModelClass<Name extends string, Cols extends ColumnMap> {
  new (init?: ModelInit<Cols>): ModelInstance<Cols>;
  /** The model's table. */
  readonly table: Table<Name, Cols>;
  /** The columns as expressions for queries: `User.c.age.gt(25)`. */
  readonly c: TableColumns<Cols>;
  /** The MetaData of the declarative base. */
  readonly metadata: MetaData;
  /** A model stands for its table in statements: `select(User)`, `insert(User)`. */
  [clauseElement](): Table<Name, Cols>;
  /** The model's events: `listen(User, 'beforeInsert', (mapper, connection, user) => ...)`. */
  readonly [eventsKey]: EventDispatcher<ModelEvents<ModelInstance<Cols>>>;
  /**
   * Makes an instance with any of its attributes, relationships included (the constructor
   * takes only columns).
   */
  create<T extends object>(this: new () => T, init: Partial<T>): T;
  /**
   * Maps a relationship onto a field the model declares (`declare posts: Post[]`), in a static
   * block or after both models exist. The target is given by a function, so models can refer to
   * each other in any order.
   *
   * @example
   * class User extends Base.model('users', { ... }) {
   *   declare posts: Post[];
   *   static {
   *     this.relationship('posts', () => Post, { backPopulates: 'user', orderBy: () => Post.c.id });
   *   }
   * }
   */
  relationship<M extends ModelClassOf<object>, K extends RelationshipKey<InstanceType<M>>>(
    this: M,
    key: K,
    target: () => ModelClassOf<TargetOf<M, K>>,
    options?: RelationshipOptions<TargetOf<M, K>>,
  ): void;
  /**
   * A relationship as a query element: for loader options (`selectinload(User.rel('posts'))`),
   * joins (`join(User.rel('posts'))`) and conditions (`User.rel('posts').any(...)`).
   */
  rel<M extends ModelClassOf<object>, const K extends RelationshipKey<InstanceType<M>>>(
    this: M,
    key: K,
  ): RelationshipAttribute<InstanceType<M>, K>;
  /**
   * A subclass stored in the same table (single-table inheritance), told apart by the
   * discriminator column the base model names with `polymorphicOn`. Its own columns are added
   * to the table, nullable.
   *
   * @example
   * class Manager extends Employee.submodel({
   *   polymorphicIdentity: 'manager',
   *   columns: { budget: new Column(Integer) },
   * }) {}
   * @throws {ArgumentError} when the model has no `polymorphicOn`, or the identity is taken.
   */
  submodel<
    P extends MappedClass,
    const Own extends ColumnMap = Record<never, never>,
    const T extends string | undefined = undefined,
  >(this: P, options: SubmodelOptions<Own, T>): SubmodelClass<P, Own, T>;
  /**
   * A field that reads through a relationship to an attribute of its objects (SQLAlchemy's
   * association proxy): `user.groups` as `user.memberships.map((m) => m.group)`.
   */
  associationProxy<
    M extends ModelClassOf<object>,
    K extends keyof InstanceType<M> & string,
    Via extends RelationshipKey<InstanceType<M>>,
    A extends keyof TargetOf<M, Via> & string,
  >(
    this: M,
    key: K,
    via: Via,
    attribute: A,
    options?: AssociationProxyOptions<TargetOf<M, Via>, A>,
  ): void;
}

/** What `Model.submodel()` takes. */
export interface SubmodelOptions<Own extends ColumnMap, T extends string | undefined = undefined> {
  /** The discriminator value of the subclass's rows: `'manager'`. */
  readonly polymorphicIdentity: string | number;
  /**
   * A table of the subclass's own (joined-table inheritance): its key columns are made from
   * the parent's, each referring to it. Without it the subclass shares its parent's table.
   */
  readonly table?: T;
  /** The subclass's own columns: in its table, or added to the parent's (nullable). */
  readonly columns?: Own;
}

/** What a model class's constructor takes: `InitOf<typeof Employee>`. */
export type InitOf<P> = P extends abstract new (init?: infer I) => object ? NonNullable<I> : never;
/** A model class's columns as expressions (its `c`). */
export type ColumnsOf<P> = P extends { readonly c: infer C } ? C : never;

/**
 * The class `Model.submodel()` returns: the parent's statics, a constructor taking the parent's
 * columns and the subclass's, and instances with both.
 */
export type SubmodelClass<
  P extends MappedClass,
  Own extends ColumnMap,
  T extends string | undefined = undefined,
> = Omit<P, 'prototype' | 'c' | 'table'> & {
  new (init?: InitOf<P> & ModelInit<Own>): InstanceType<P> & TableRow<Own>;
  /** The columns as expressions: the parent's and the subclass's. */
  readonly c: ColumnsOf<P> & TableColumns<Own>;
  /**
   * The subclass's table: its own (joined-table, with key columns made from the parent's), or
   * its parent's.
   */
  readonly table: T extends string ? Table<T, ColumnMap> : TableOf<P>;
};

/** A model class's table. */
export type TableOf<P> = P extends { readonly table: infer Tb } ? Tb : never;

/** What `Base.model()` takes besides the columns: the table's options and the mapper's. */
export type ModelOptions = TableOptions & MapperOptions;

/** A set of columns several models share (SQLAlchemy's mixin columns). */
export interface ColumnMixin<Cols extends ColumnMap> {
  /** The columns, copied for each model that uses the mixin. */
  readonly columns: Cols;
  /** A model with the mixin's columns and its own. */
  model<const Name extends string, Own extends ColumnMap>(
    tableName: Name,
    columns: Own,
    options?: ModelOptions,
  ): ModelClass<Name, Cols & Own>;
}

/** The base class `declarativeBase()` returns, with its statics. */
export interface DeclarativeBase {
  /** The MetaData holding every model's table: `Base.metadata.createAll(engine)`. */
  readonly metadata: MetaData;
  /** The mappers of this base's models. */
  readonly registry: Registry;
  /** The events of every model of the base: `listen(Base, 'beforeUpdate', ...)`. */
  readonly [eventsKey]: EventDispatcher<ModelEvents>;
  /**
   * Resolves every relationship now (it happens by itself on first use), so that a mapping
   * error shows at startup. @throws {ArgumentError} for a relationship that cannot be joined.
   */
  configure(): void;
  /**
   * A model class over a new table: `class User extends Base.model('users', { ... }) {}`.
   * The options are the table's, and `polymorphicOn` / `polymorphicIdentity` for the base of a
   * class hierarchy (see `submodel()`).
   * @throws {ArgumentError} when the table has no primary key, or its name is taken.
   */
  model<const Name extends string, Cols extends ColumnMap>(
    tableName: Name,
    columns: Cols,
    options?: ModelOptions,
  ): ModelClass<Name, Cols>;
  /** A model class over an existing Table (SQLAlchemy's `__table__ = table`). */
  mapTable<Name extends string, Cols extends ColumnMap>(
    table: Table<Name, Cols>,
  ): ModelClass<Name, Cols>;
  /** Columns to share: `const Timestamps = Base.mixin({ createdAt: new Column(DateTime) })`. */
  mixin<Cols extends ColumnMap>(columns: Cols): ColumnMixin<Cols>;
}

/**
 * The foundation for ORM models (SQLAlchemy's `declarative_base()` / `DeclarativeBase`): a base
 * with its own MetaData. Each model extends `Base.model(tableName, columns)`.
 *
 * @example
 * const Base = declarativeBase();
 * class User extends Base.model('users', {
 *   id: new Column(Integer, { primaryKey: true }),
 *   name: new Column(Varchar(50)),
 *   age: new Column(Integer),
 * }) {
 *   override toString() { return `<User(name='${this.name}', age=${this.age})>`; }
 * }
 * await Base.metadata.createAll(engine);
 */
export function declarativeBase(options: { metadata?: MetaData } = {}): DeclarativeBase {
  const metadata = options.metadata ?? new MetaData();
  const registry = new Registry();
  const base: DeclarativeBase = {
    metadata,
    registry,
    [eventsKey]: registry.events,
    configure() {
      registry.configure();
    },
    model(tableName, columns, options = {}) {
      const { polymorphicOn, polymorphicIdentity, ...tableOptions } = options;
      const table = new Table(tableName, metadata, columns, tableOptions);
      try {
        return mapTable(base, registry, table, { polymorphicOn, polymorphicIdentity });
      } catch (error) {
        // A table that cannot be mapped must not stay behind for createAll.
        metadata.remove(table as AnyTable);
        throw error;
      }
    },
    mapTable(table) {
      if (table.metadata !== metadata) {
        throw new ArgumentError(
          `Table '${table.name}' belongs to another MetaData than this base's.`,
        );
      }
      return mapTable(base, registry, table);
    },
    mixin(columns) {
      return {
        columns,
        model(tableName, own, tableOptions) {
          const copies: Record<string, Column> = {};
          for (const [key, column] of Object.entries(columns)) copies[key] = column.copy();
          return base.model(tableName, { ...copies, ...own }, tableOptions);
        },
      };
    },
  };
  return base;
}

/** Builds the class for a table: attribute accessors over the instance state. */
function mapTable<Name extends string, Cols extends ColumnMap>(
  base: DeclarativeBase,
  registry: Registry,
  table: Table<Name, Cols>,
  options: MapperOptions = {},
): ModelClass<Name, Cols> {
  let mapper: Mapper;
  // The mapper of each class of the hierarchy made from this model (see the constructor).
  const mapperByClass = new WeakMap<object, Mapper>();

  class Model {
    static readonly table = table;
    static readonly metadata = base.metadata;

    static get c(): TableColumns<Cols> {
      return table.c;
    }

    static [clauseElement](): Table<Name, Cols> {
      return table;
    }

    static get [eventsKey](): EventDispatcher<ModelEvents> {
      return mapper.events;
    }

    static create<T extends object>(this: new () => T, init: Partial<T>): T {
      const instance = new this();
      Object.assign(instance, init);
      return instance;
    }

    static relationship(
      this: ModelClassOf<object>,
      key: string,
      target: () => unknown,
      options: RelationshipOptions<unknown> = {},
    ): void {
      defineRelationship(mapperOf(this), key, target, options);
    }

    static rel(this: ModelClassOf<object>, key: string): RelationshipAttribute<object, never> {
      return RelationshipAttribute.of(mapperOf(this), key);
    }

    static associationProxy(
      this: ModelClassOf<object>,
      key: string,
      via: string,
      attribute: string,
      options: AssociationProxyOptions<object, never> = {},
    ): void {
      defineAssociationProxy(mapperOf(this), key, via, attribute, options);
    }

    static submodel(
      this: MappedClass,
      options: SubmodelOptions<ColumnMap, string | undefined>,
    ): MappedClass {
      return defineSubmodel(this, options);
    }

    constructor(init?: ModelInit<Cols>) {
      // The user's class, known from here on: messages name it (`Dur.span`), not this base.
      // A subclass of a hierarchy has a mapper of its own, found from the class made.
      // A model without a discriminator has no subclasses: its mapper is this one (the fast
      // path, as before inheritance). In a hierarchy, each class's mapper is looked up once.
      let own = mapper;
      if (mapper.polymorphism === undefined) {
        if (new.target !== Model) mapper.useEntity(new.target);
      } else if (new.target !== Model) {
        let found = mapperByClass.get(new.target);
        if (found === undefined) {
          found = findMapper(new.target) as Mapper;
          mapperByClass.set(new.target, found);
        }
        own = found;
      }
      const values = new Array(own.columns.length);
      (this as Record<symbol, unknown>)[stateKey] = new InstanceState(
        own,
        this,
        values,
        'transient',
      );
      // The discriminator is set when the object is made, as SQLAlchemy does: it is what the
      // row will say the object is.
      if (own.polymorphism && own.polymorphicIdentity !== undefined) {
        values[own.polymorphism.index] = own.polymorphicIdentity;
      }
      if (init !== undefined) {
        if (typeof init !== 'object' || init === null) {
          throw new ArgumentError(`new ${new.target.name}() takes an object of attribute values`);
        }
        for (const key in init) {
          const value = (init as Record<string, unknown>)[key];
          const index = own.attributes.has(key) ? own.indexOf.get(key) : undefined;
          // A new object's column values go straight in: there is nothing loaded to remember.
          if (index !== undefined) values[index] = value;
          else if (own.relationships.has(key)) (this as Record<string, unknown>)[key] = value;
          else {
            throw new ArgumentError(
              `'${key}' is not a column of ${new.target.name}; its columns are ${[...own.attributes].join(', ')}.`,
            );
          }
        }
      }
    }

    /** The column values, for JSON.stringify (expired ones left out). */
    toJSON(): Record<string, unknown> {
      const state = mappedState(this);
      return state.mapper.describe(state.values);
    }

    [Symbol.for('nodejs.util.inspect.custom')](): string {
      const state = mappedState(this);
      const shown = Object.entries(state.mapper.describe(state.values))
        .map(([key, value]) => `${key}=${JSON.stringify(value) ?? String(value)}`)
        .join(', ');
      return `${this.constructor.name}(${shown})`;
    }
  }

  mapper = new Mapper(table as AnyTable, Model, registry, undefined, options);
  registerMapper(Model, mapper);
  defineAttributes(Model.prototype, mapper, mapper.keys);
  return Model as unknown as ModelClass<Name, Cols>;
}

/**
 * A subclass of a model: a class extending the user's, with a mapper of its own, over the same
 * table with its columns added (single-table), or over a table of its own whose key refers to
 * the parent's (joined-table).
 */
function defineSubmodel(
  parent: MappedClass,
  options: SubmodelOptions<ColumnMap, string | undefined>,
): MappedClass {
  const parentMapper = mapperOf(parent);
  const polymorphism = parentMapper.polymorphism;
  if (polymorphism === undefined) {
    throw new ArgumentError(
      `${parent.name}.submodel(): ${parent.name} names no discriminator column, so its rows ` +
        `cannot be told apart by class. Give the base model one: Base.model('${parentMapper.table.name}', ` +
        "{ ..., type: new Column(Varchar(20)) }, { polymorphicOn: 'type', polymorphicIdentity: '...' }).",
      { code: 'no-polymorphic-on' },
    );
  }
  if (options?.polymorphicIdentity === undefined) {
    throw new ArgumentError(
      `${parent.name}.submodel() needs a polymorphicIdentity: the ${polymorphism.column.key} value ` +
        "that marks the subclass's rows, e.g. { polymorphicIdentity: 'manager' }.",
      { code: 'no-polymorphic-identity' },
    );
  }
  polymorphism.checkIdentity(options.polymorphicIdentity);
  const own = options.columns ?? {};
  // Checked before the table or the hierarchy is changed, so a refused subclass leaves no trace.
  const tableName = options.table ?? parentMapper.table.name;
  // A key the parent has already is refused below, with its own message.
  for (const key of Object.keys(own)) {
    if (!parentMapper.attributes.has(key)) checkAttributeKey(parent.prototype, tableName, key);
  }
  let table: AnyTable;
  if (options.table !== undefined) {
    table = joinedTable(parentMapper, options.table, own);
  } else {
    if (Object.keys(own).length > 0 && polymorphism.hasJoined()) {
      throw new ArgumentError(
        `${parent.name}.submodel(): a hierarchy with joined-table subclasses cannot take ` +
          'single-table subclasses with columns of their own. Give the subclass its own table: ' +
          `{ table: '...', polymorphicIdentity: ${JSON.stringify(options.polymorphicIdentity)}, columns }.`,
        { code: 'subclass-column' },
      );
    }
    table = parentMapper.table;
    addSubclassColumns(table, own);
  }
  const mapperRef: { mapper?: Mapper } = {};
  let entityTable: AnyTable | undefined;
  // The parent's `c` is the table's, cached by Core when first read; the subclass's lists the
  // attributes it has (a joined subclass's key columns are the parent's, under the same keys).
  let columns: Record<string, Column> | undefined;
  const columnsOfSub = () => {
    const mapper = mapperRef.mapper as Mapper;
    // Each column marked as reached through the subclass, so that a select of them reads the
    // subclass's rows only (single-table) or from its tables joined (joined-table).
    columns ??= Object.fromEntries(
      [...mapper.attributes].map((key) => [
        key,
        entityClause(mapper.columns[mapper.indexOf.get(key) as number] as Column, mapper),
      ]),
    ) as Record<string, Column>;
    return columns;
  };
  // A class over the user's parent class: instances get the parent's accessors by prototype.
  const Parent = parent as unknown as new (...args: unknown[]) => object;
  const Sub = class extends Parent {
    static get c(): Record<string, Column> {
      return columnsOfSub();
    }
    static get table(): AnyTable {
      return table;
    }
    static [clauseElement](): FromClause {
      const mapper = mapperRef.mapper as Mapper;
      if (mapper.joined) return mapper.selectable;
      // The shared table, marked as the subclass's: `update(Manager)`, `delete_(Manager)` and
      // `selectFrom(Manager)` then keep to its rows.
      entityTable ??= entityClause(table, mapper);
      return entityTable;
    }
    static get [eventsKey](): EventDispatcher<ModelEvents> {
      return (mapperRef.mapper as Mapper).events;
    }
  };
  Object.defineProperty(Sub, 'name', { value: `${parent.name}Submodel` });
  let mapper: Mapper;
  try {
    mapper = new Mapper(table, Sub, parentMapper.registry, parentMapper, {
      polymorphicIdentity: options.polymorphicIdentity,
    });
  } catch (error) {
    if (table !== parentMapper.table) table.metadata.remove(table);
    throw error;
  }
  mapperRef.mapper = mapper;
  registerMapper(Sub, mapper);
  for (const key of Object.keys(own)) mapper.attributes.add(key);
  defineAttributes(Sub.prototype, mapper, Object.keys(own));
  return Sub;
}

/** Installs the accessors of a model's column attributes, reading and writing its state. */
function defineAttributes(prototype: object, mapper: Mapper, keys: readonly string[]): void {
  for (const key of keys) {
    const index = mapper.indexOf.get(key) as number;
    checkAttributeKey(prototype, mapper.table.name, key);
    Object.defineProperty(prototype, key, {
      configurable: true,
      enumerable: true,
      get(this: Record<symbol, InstanceState>) {
        const state = this[stateKey] as InstanceState;
        const value = state.values[index];
        if (value === EXPIRED) throw expired(state, key);
        return value;
      },
      set(this: Record<symbol, InstanceState>, value: unknown) {
        (this[stateKey] as InstanceState).set(index, value);
      },
    });
  }
}

/** @throws {ArgumentError} for a column key that cannot be an attribute of the class. */
function checkAttributeKey(prototype: object, tableName: string, key: string): void {
  // `in` sees inherited names too: `constructor`, `toString`, `__proto__`, `hasOwnProperty`...
  // An attribute of one of those names would replace what every object relies on.
  if (key in prototype || key === 'then') {
    const why =
      key === 'then'
        ? 'an attribute named then makes every instance look like a promise to await'
        : 'the name is a model method or one every object has';
    throw new ArgumentError(
      `Column '${key}' of ${tableName} cannot be a model attribute: ${why}. Rename its key ` +
        `and keep the database name: { ${key === 'then' ? 'thenValue' : `${key.replace(/\W/g, '')}Column`}: new Column(type, { name: '${key}' }) }.`,
      { code: 'reserved-attribute' },
    );
  }
}

function expired(state: InstanceState, key: string): ExpiredAttributeError {
  // The instance's own class: the user's subclass, whatever the mapper has seen.
  const name = `${state.owner.constructor?.name || state.mapper.name}.${key}`;
  if (state.status === 'detached' || state.session === null) {
    return new ExpiredAttributeError(
      `${name} was expired (by a rollback, expire(), or a commit of a session with expireOnCommit: 'strict') ` +
        'and the object is no longer in a session, so it cannot be loaded. ' +
        'Read what you need before the session closes, or add() the object to a session and refresh() it.',
      { code: 'detached-expired' },
    );
  }
  return new ExpiredAttributeError(
    `${name} was expired (by a rollback, expire(), or a commit of a session with expireOnCommit: 'strict') ` +
      'and must be loaded again. Reading is synchronous, so it cannot load by itself: ' +
      'await session.refresh(obj) first, or query the object again.',
    { code: 'expired-attribute' },
  );
}
