import {
  type AnyTable,
  ArgumentError,
  and,
  bindparam,
  type Column,
  type ColumnElement,
  type Dialect,
  type FromClause,
  type Select,
  select,
} from '@athanor/core';
import type { EventDispatcher } from '@athanor/core/dialect';
import { UnmappedError } from '../errors.js';
import { type ModelEvents, modelDispatcher } from '../events/model-events.js';
import {
  columnsOf,
  InheritedRelationships,
  type MapperOptions,
  Polymorphism,
  positions,
  type TablePart,
  tableParts,
} from './inheritance.js';
import { EXPIRED, InstanceState, stateKey } from './instance-state.js';
import type { Registry } from './registry.js';
import type { Relationship } from './relationship.js';

/** A constructor of mapped instances. */
export type MappedClass = abstract new (...args: never[]) => object;

/**
 * How one class maps to one table (SQLAlchemy's `Mapper`): its columns by attribute name and
 * position, its primary key, and the class whose instances the ORM builds from rows.
 */
export class Mapper {
  /**
   * The table's columns, in order; an instance's values follow this order. A joined-table
   * subclass has its parent's columns, then its own table's.
   */
  columns: readonly Column[];
  /** Attribute names, by column position. */
  keys: readonly string[];
  /** Column position by attribute name. */
  indexOf: ReadonlyMap<string, number>;
  /**
   * The column attributes this model's class has: every column of its table, except in a
   * single-table hierarchy, where a model has its own and its ancestors' columns only.
   */
  readonly attributes: Set<string>;
  /** @internal How rows of a class hierarchy are told apart; shared by every mapper of it. */
  readonly polymorphism: Polymorphism | undefined;
  /** The value of the discriminator column that marks this model's rows. */
  readonly polymorphicIdentity: string | number | undefined;
  /** The positions of the primary key columns, in key order. */
  readonly primaryKeyIndexes: readonly number[];
  /** The relationships, by attribute name (a subclass's include its parent's). */
  readonly relationships: Map<string, Relationship>;
  /** The class instances are made of: the user's subclass, once seen. */
  #entity: MappedClass | undefined;
  readonly #checkedDialects = new WeakSet<Dialect>();
  /** @internal The model's listeners (`listen(User, 'beforeInsert', ...)`), under its base's. */
  readonly events: EventDispatcher<ModelEvents>;

  constructor(
    readonly table: AnyTable,
    /** The class `model()` made, which installs the attribute accessors. */
    readonly baseClass: MappedClass,
    /** The mappers of the same declarative base. */
    readonly registry: Registry,
    /** The model this one inherits from (single-table inheritance shares its table). */
    readonly inherits?: Mapper,
    options: MapperOptions = {},
  ) {
    this.relationships = inherits
      ? new InheritedRelationships(inherits.relationships)
      : new Map<string, Relationship>();
    this.columns = columnsOf(table, inherits);
    this.keys = this.columns.map((column) => column.key);
    this.indexOf = positions(this.keys);
    // A subclass adds its own columns' keys to these (declarative-base.ts, defineSubmodel).
    this.attributes = new Set(inherits ? inherits.attributes : this.keys);
    this.polymorphism = inherits
      ? inherits.polymorphism
      : Polymorphism.of(table, options.polymorphicOn);
    this.polymorphicIdentity = options.polymorphicIdentity;
    this.polymorphism?.add(this);
    const key = table.primaryKey.columns;
    if (key.length === 0) {
      throw new ArgumentError(
        `The model for table '${table.name}' has no primary key, so its rows cannot be told apart. ` +
          'Mark a column primaryKey: true, or give a PrimaryKeyConstraint in the table options.',
        { code: 'no-primary-key' },
      );
    }
    // The identity is the root's key, wherever the subclass's own table keeps it.
    this.primaryKeyIndexes = inherits
      ? inherits.primaryKeyIndexes
      : key.map((column) => this.keys.indexOf(column.key));
    // A subclass's listeners sit under its parent's: `listen(Employee, ...)` hears Managers too.
    this.events = modelDispatcher(
      `the model of table '${table.name}'`,
      inherits?.events ?? registry.events,
    );
    registry.add(this);
  }

  #byKey: Select<object, readonly unknown[]> | undefined;

  /** The first model of the hierarchy: the identity map keys objects by it. */
  get root(): Mapper {
    return this.inherits?.root ?? this;
  }

  /**
   * @internal The table gained columns (a single-table subclass's): positions and the cached
   * statement follow. Attributes do not: the new columns belong to the subclass.
   */
  tableChanged(): void {
    this.columns = columnsOf(this.table, this.inherits);
    this.keys = this.columns.map((column) => column.key);
    this.indexOf = positions(this.keys);
    this.#byKey = undefined;
    this.#parts = undefined;
  }

  #parts: readonly TablePart[] | undefined;

  /** Whether this model has a table of its own under its parent's (joined-table inheritance). */
  get joined(): boolean {
    return this.inherits !== undefined && this.inherits.table !== this.table;
  }

  /**
   * @internal The tables an object's row is spread over, the root's first: one for a model,
   * one more per joined-table subclass on the way down. The flush writes each.
   */
  get parts(): readonly TablePart[] {
    this.#parts ??= tableParts(this);
    return this.#parts;
  }

  /** What the model's rows are read from: its table, or its tables joined on their keys. */
  get selectable(): FromClause {
    if (!this.joined) return this.table;
    const parent = this.inherits as Mapper;
    const part = this.parts.at(-1) as TablePart;
    const on = and(
      ...part.inheritedKey.map(([own, from]) =>
        (this.columns[own] as Column).eq(this.columns[from] as Column),
      ),
    );
    return parent.selectable.join(this.table, on);
  }

  /**
   * The condition that keeps a subclass's rows (`type IN ('manager')`), or undefined for a
   * model that is not a subclass in a hierarchy.
   */
  get discriminatorCriterion(): ColumnElement<boolean> | undefined {
    if (this.inherits === undefined || this.polymorphism === undefined) return undefined;
    return this.polymorphism.column.in(this.polymorphism.identitiesOf(this));
  }

  /** The mapper of the class a row belongs to, by its discriminator value. */
  mapperForRow(values: readonly unknown[]): Mapper {
    return this.polymorphism?.mapperFor(values, this) ?? this;
  }

  /**
   * `SELECT <columns> FROM <table> WHERE <key> = :pk0 ...`, made once: `get()` and `refresh()`
   * run the same statement object, so it is neither rebuilt nor keyed again.
   */
  get byKey(): Select<object, readonly unknown[]> {
    const criterion = this.discriminatorCriterion;
    this.#byKey ??= select(...this.columns)
      .selectFrom(this.selectable)
      .where(
        and(
          ...this.primaryKeyIndexes.map((index, i) => {
            const column = this.columns[index] as Column;
            return column.eq(bindparam(`pk${i}`, column.type));
          }),
          ...(criterion ? [criterion] : []),
        ),
      );
    return this.#byKey;
  }

  /** The parameters of {@link Mapper.byKey} for primary key values in key order. */
  keyParams(key: readonly unknown[]): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (let i = 0; i < key.length; i++) params[`pk${i}`] = key[i];
    return params;
  }

  /** A column's position in an instance's values. @throws {ArgumentError} for another table's column. */
  columnIndex(column: Column): number {
    const index = this.columns.indexOf(column);
    if (index < 0) {
      throw new ArgumentError(`Column '${column.name}' is not a column of ${this.name}'s table.`);
    }
    return index;
  }

  /** The class instances are made of. */
  get entity(): MappedClass {
    return this.#entity ?? this.baseClass;
  }

  /** Records the user's class for this mapping; two different classes are an error. */
  useEntity(cls: MappedClass): void {
    if (this.#entity === cls || cls === this.baseClass) return;
    if (this.#entity !== undefined) {
      throw new ArgumentError(
        `Table '${this.table.name}' is already mapped by class ${this.#entity.name}; ` +
          `${cls.name} maps it again. Give each model its own table.`,
        { code: 'duplicate-mapping' },
      );
    }
    this.#entity = cls;
  }

  /**
   * The model's class name, for messages; the table's name until the class is seen (the class
   * `model()` made, which the user's extends, is not the model's name).
   */
  get name(): string {
    return this.#entity?.name || this.table.name;
  }

  /** A new instance for a loaded row (the constructor is not run, as SQLAlchemy does). */
  instanceFromRow(values: unknown[]): object {
    const instance = Object.create(this.entity.prototype) as Record<symbol, unknown>;
    instance[stateKey] = new InstanceState(this, instance, values, 'persistent');
    return instance;
  }

  /**
   * The identity-map key of a row's primary key values (a primitive, for a fast Map lookup).
   * `token` is the row's shard in a sharded session (SQLAlchemy's identity token): the same
   * primary key on two shards is two objects.
   */
  identityKey(values: readonly unknown[], token?: string): unknown {
    const indexes = this.primaryKeyIndexes;
    if (indexes.length === 1 && token === undefined) return values[indexes[0] as number];
    const key = indexes.map((index) => keyPart(values[index])).join('\u0000');
    return token === undefined ? key : `${keyPart(token)}\u0000${key}`;
  }

  /** The identity-map key of primary key values given in key order (and a shard's token). */
  identityKeyOf(primaryKey: readonly unknown[], token?: string): unknown {
    if (primaryKey.length === 1 && token === undefined) return primaryKey[0];
    const key = primaryKey.map(keyPart).join('\u0000');
    return token === undefined ? key : `${keyPart(token)}\u0000${key}`;
  }

  /**
   * Checks once per dialect that the database can hold every column's type, so the error
   * names the model and column rather than a failed CREATE TABLE.
   */
  checkDialect(dialect: Dialect): void {
    if (this.#checkedDialects.has(dialect)) return;
    for (const column of this.columns) {
      try {
        dialect.compiler.typeCompiler.process(column.type);
      } catch (error) {
        throw new ArgumentError(
          `${this.name}.${column.key}: ${(error as Error).message} Choose a type ${dialect.name} has.`,
          { cause: error, code: 'unsupported-type' },
        );
      }
    }
    this.#checkedDialects.add(dialect);
  }

  /** A state's values with expired ones left out, as an object (for messages and toJSON). */
  describe(values: readonly unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.keys.forEach((key, index) => {
      if (this.attributes.has(key) && values[index] !== EXPIRED && values[index] !== undefined)
        out[key] = values[index];
    });
    return out;
  }
}

/** One value of a key, as a string that tells types apart (`1`, `s1`, `1n`). */
export function keyPart(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? `s${value}` : String(value);
}

const mappers = new WeakMap<object, Mapper>();

/** @internal Records the mapper of the class `model()` made. */
export function registerMapper(baseClass: object, mapper: Mapper): void {
  mappers.set(baseClass, mapper);
}

/** The mapper for a model class (or any subclass of it), or undefined. */
export function findMapper(cls: unknown): Mapper | undefined {
  for (
    let current = cls;
    current && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    const mapper = mappers.get(current as object);
    if (mapper) {
      if (current !== cls) mapper.useEntity(cls as MappedClass);
      return mapper;
    }
  }
  return undefined;
}

/** The mapper for a model class. @throws {UnmappedError} for anything else. */
export function mapperOf(cls: unknown): Mapper {
  const mapper = findMapper(cls);
  if (!mapper) {
    const name = typeof cls === 'function' ? cls.name : String(cls);
    throw new UnmappedError(
      `${name} is not a mapped class: define models with class X extends Base.model('table', { ... }).`,
      { code: 'unmapped-class' },
    );
  }
  return mapper;
}
