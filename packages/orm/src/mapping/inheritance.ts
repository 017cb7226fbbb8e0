import {
  type AnyTable,
  ArgumentError,
  Column,
  type ColumnMap,
  ForeignKey,
  InvalidRequestError,
  Table,
} from '@athanor/core';
import type { Mapper } from './mapper.js';

/**
 * What a model says about its place in a class hierarchy (SQLAlchemy's `__mapper_args__`):
 * the base names the discriminator column, each class the value that marks its rows.
 */
export interface MapperOptions {
  /** The column (by attribute key) whose value tells which class a row is: `'type'`. */
  readonly polymorphicOn?: string;
  /** The discriminator value of this model's rows: `'employee'`. */
  readonly polymorphicIdentity?: string | number;
}

/**
 * The discriminator of one class hierarchy (single-table inheritance): its column, and the
 * mapper each of its values stands for. Every mapper of the hierarchy shares this object.
 */
export class Polymorphism {
  readonly #byIdentity = new Map<unknown, Mapper>();
  readonly #mappers: Mapper[] = [];

  private constructor(
    /** The discriminator column. */
    readonly column: Column,
    readonly index: number,
  ) {}

  /** The discriminator of a base model, or undefined when it has no `polymorphicOn`. */
  static of(table: AnyTable, polymorphicOn: string | undefined): Polymorphism | undefined {
    if (polymorphicOn === undefined) return undefined;
    const index = table.columns.findIndex((column) => column.key === polymorphicOn);
    if (index < 0) {
      throw new ArgumentError(
        `polymorphicOn: '${polymorphicOn}' is not a column of table '${table.name}'; ` +
          `its columns are ${table.columns.map((column) => column.key).join(', ')}. ` +
          "Name the discriminator column by its key, e.g. polymorphicOn: 'type'.",
        { code: 'polymorphic-on' },
      );
    }
    return new Polymorphism(table.columns[index] as Column, index);
  }

  /** @internal Records a mapper of the hierarchy and its identity (unique in the hierarchy). */
  add(mapper: Mapper): void {
    const identity = mapper.polymorphicIdentity;
    this.checkIdentity(identity);
    if (identity !== undefined) this.#byIdentity.set(identity, mapper);
    this.#mappers.push(mapper);
    // Statements made before (a subclass's `get()`) list the identities: make them again.
    for (const each of this.#mappers) each.tableChanged();
  }

  /** Whether a class of the hierarchy has a table of its own. */
  hasJoined(): boolean {
    return this.#mappers.some((mapper) => mapper.joined);
  }

  /** @throws {ArgumentError} when another class of the hierarchy has this identity. */
  checkIdentity(identity: unknown): void {
    const taken = identity === undefined ? undefined : this.#byIdentity.get(identity);
    if (taken) {
      throw new ArgumentError(
        `polymorphicIdentity ${JSON.stringify(identity)} is already the identity of ${classNameOf(taken)}; ` +
          'give each class of the hierarchy its own value.',
        { code: 'duplicate-polymorphic-identity' },
      );
    }
  }

  /** The identities of a mapper and of every class that inherits from it. */
  identitiesOf(mapper: Mapper): (string | number)[] {
    const identities: (string | number)[] = [];
    for (const each of this.#mappers) {
      const identity = each.polymorphicIdentity;
      if (identity !== undefined && inheritsFrom(each, mapper)) identities.push(identity);
    }
    return identities;
  }

  /**
   * The mapper of a row's class. A row of the queried class's hierarchy with an identity no
   * class declares cannot be made into an object of the right class: an error, as SQLAlchemy's.
   */
  mapperFor(values: readonly unknown[], queried: Mapper): Mapper {
    const identity = values[this.index];
    const mapper = this.#byIdentity.get(identity);
    if (mapper) return mapper;
    if (identity === null || identity === undefined) return queried;
    throw new InvalidRequestError(
      `No class of ${queried.root.name}'s hierarchy has polymorphicIdentity ${JSON.stringify(identity)} ` +
        `(the ${this.column.key} of a row of ${queried.table.name}). Declare the subclass for it.`,
      { code: 'unknown-polymorphic-identity' },
    );
  }
}

interface Attachable {
  attach(table: AnyTable, key: string, node: AnyTable['node']): void;
}

/**
 * A mapper's class for messages. A subclass's user class is known once it is used; before
 * that, a single-table subclass is named by the call that made it (its mapper's name would be
 * the shared table's).
 */
function classNameOf(mapper: Mapper): string {
  const known = mapper.entity !== mapper.baseClass || mapper.inherits === undefined;
  // A joined subclass unseen yet is named by its own table, which tells it apart.
  if (known || mapper.joined) return mapper.name;
  return `the subclass made by ${mapper.inherits.name}.submodel({ polymorphicIdentity: ${JSON.stringify(mapper.polymorphicIdentity)} })`;
}

function inheritsFrom(mapper: Mapper, ancestor: Mapper): boolean {
  for (let m: Mapper | undefined = mapper; m; m = m.inherits) if (m === ancestor) return true;
  return false;
}

/**
 * Adds a single-table subclass's columns to its hierarchy's table (SQLAlchemy does the same):
 * they must be nullable, since the other classes' rows have no value for them.
 * @throws {ArgumentError} for a column the table has already, or one that is NOT NULL.
 */
export function addSubclassColumns(table: AnyTable, columns: ColumnMap): void {
  const added: Column[] = [];
  for (const [key, column] of Object.entries(columns)) {
    if (!(column instanceof Column)) {
      throw new ArgumentError(`Subclass column '${key}' is not a Column (use new Column(type))`);
    }
    if (table.columns.some((existing) => existing.key === key)) {
      throw new ArgumentError(
        `Table '${table.name}' has a column '${key}' already; a single-table subclass adds new columns only.`,
        { code: 'subclass-column' },
      );
    }
    if (!column.nullable) {
      throw new ArgumentError(
        `Subclass column '${key}' is NOT NULL, but it goes in table '${table.name}', whose other ` +
          "classes' rows have no value for it. Leave it nullable (drop nullable: false / primaryKey).",
        { code: 'subclass-column' },
      );
    }
    // `attach` is Core's internal way for a Table to take a column (hidden from its typings);
    // the column is added the way the Table constructor adds its own.
    (column as unknown as Attachable).attach(table, key, table.node);
    added.push(column);
  }
  // A Table's column list is fixed for its users; inheritance is the one place that grows it,
  // before any row is read, as SQLAlchemy's single-table mapping does.
  (table.columns as Column[]).push(...added);
}

/**
 * One table of an object's row (joined-table inheritance spreads a row over several): the
 * positions of its columns in the object's values, in the table's order, and of its key.
 */
export interface TablePart {
  readonly table: AnyTable;
  readonly indexes: readonly number[];
  readonly keyIndexes: readonly number[];
  /**
   * For a subclass's table: each key column's position and the position of the parent's key
   * column whose value it takes (the INSERT copies it once the parent's row has its key).
   */
  readonly inheritedKey: readonly (readonly [own: number, from: number])[];
}

/** A mapper's columns: its table's, after its parent's for a joined-table subclass. */
export function columnsOf(table: AnyTable, inherits: Mapper | undefined): readonly Column[] {
  if (inherits === undefined || inherits.table === table) {
    // A single-table subclass shares the array: the table grows for every class of it.
    return inherits?.columns ?? table.columns;
  }
  return [...inherits.columns, ...table.columns];
}

/** Position by key; a joined subclass's key columns repeat the parent's, which come first. */
export function positions(keys: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  keys.forEach((key, index) => {
    if (!map.has(key)) map.set(key, index);
  });
  return map;
}

/** The tables of a mapper's rows, root first. */
export function tableParts(mapper: Mapper): TablePart[] {
  const parent = mapper.inherits;
  if (parent === undefined) {
    return [
      {
        table: mapper.table,
        indexes: mapper.columns.map((_, index) => index),
        keyIndexes: mapper.primaryKeyIndexes,
        inheritedKey: [],
      },
    ];
  }
  if (!mapper.joined) return [...parent.parts];
  const offset = parent.columns.length;
  const indexes = mapper.table.columns.map((_, i) => offset + i);
  const keyIndexes = mapper.table.primaryKey.columns.map(
    (column) => offset + mapper.table.columns.indexOf(column),
  );
  // The subclass's key columns were made from the parent's key, in its order.
  const inheritedKey = keyIndexes.map(
    (own, i) => [own, parent.primaryKeyIndexes[i] as number] as const,
  );
  return [...parent.parts, { table: mapper.table, indexes, keyIndexes, inheritedKey }];
}

/**
 * A joined-table subclass's table: its key columns copy the parent's (same keys, names and
 * types), each a foreign key to the parent's row, then the subclass's own columns.
 * @throws {ArgumentError} for an own column whose key the parent has already.
 */
export function joinedTable(parent: Mapper, name: string, own: ColumnMap): AnyTable {
  const parentPart = parent.parts.at(-1) as TablePart;
  const columns: Record<string, Column> = {};
  for (const index of parentPart.keyIndexes) {
    const key = parent.columns[index] as Column;
    columns[key.key] = new Column(key.type, {
      primaryKey: true,
      // The value comes from the parent's row, never from a sequence of this table.
      autoincrement: false,
      name: key.name,
      foreignKey: new ForeignKey(`${parentPart.table.fullname}.${key.name}`),
    });
  }
  for (const [key, column] of Object.entries(own)) {
    if (parent.attributes.has(key) || key in columns) {
      throw new ArgumentError(
        `Subclass column '${key}' of table '${name}': ${parent.name} has an attribute '${key}' ` +
          'already. Give the column another key (and keep its SQL name with { name }).',
        { code: 'subclass-column' },
      );
    }
    columns[key] = column;
  }
  return new Table(name, parent.table.metadata, columns);
}

/**
 * A subclass's relationships: its own, and its parent's, read live (the parent's may be
 * declared after the subclass, in a static block), so that the flush, cascades and loaders see
 * a Manager's `department` as they see an Employee's.
 */
export class InheritedRelationships<V> extends Map<string, V> {
  constructor(private readonly parent: ReadonlyMap<string, V>) {
    super();
  }

  override get(key: string): V | undefined {
    return super.get(key) ?? this.parent.get(key);
  }

  override has(key: string): boolean {
    return super.has(key) || this.parent.has(key);
  }

  override get size(): number {
    return super.size + this.parent.size;
  }

  override *entries(): MapIterator<[string, V]> {
    yield* this.parent.entries();
    yield* super.entries();
  }

  override *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(visit: (value: V, key: string, map: Map<string, V>) => void): void {
    for (const [key, value] of this.entries()) visit(value, key, this);
  }
}
