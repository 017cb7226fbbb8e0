import {
  type AnyTable,
  ArgumentError,
  Column,
  type ColumnMap,
  InvalidRequestError,
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

  /** @throws {ArgumentError} when another class of the hierarchy has this identity. */
  checkIdentity(identity: unknown): void {
    const taken = identity === undefined ? undefined : this.#byIdentity.get(identity);
    if (taken) {
      throw new ArgumentError(
        `polymorphicIdentity ${JSON.stringify(identity)} is already the identity of ${taken.name}; ` +
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
