import type { TypeEngine } from '@athanor/core';

/**
 * A server default as autogenerate carries it: a JavaScript literal the model gave
 * (`serverDefault: 'draft'`), or SQL (a `text()` in the model, or what the database reports).
 */
export type ServerDefaultSpec =
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'sql'; readonly sql: string };

/** A column, from the model or from the database: all a revision needs to create it again. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: TypeEngine;
  readonly nullable: boolean;
  readonly primaryKey: boolean;
  /** True or false when stated (or reflected); undefined leaves it to the column's default. */
  readonly autoincrement: boolean | undefined;
  readonly serverDefault: ServerDefaultSpec | null;
  readonly comment: string | null;
  /**
   * A model's column of a custom type (a TypeDecorator, a UserDefinedType): what a revision
   * writes instead, as a revision cannot import the type reliably. See `renderColumnType`.
   */
  readonly customType?: CustomTypeSpec;
}

/** A custom type as a revision writes it: the type it is stored as, named in a comment. */
export interface CustomTypeSpec {
  /** The custom type's class name, for the comment. */
  readonly name: string;
  /** What it is stored as on the dialect: a decorator's impl; a user-defined type itself. */
  readonly stored: TypeEngine;
  /** The stored type's DDL on the dialect (what a user-defined type is written as). */
  readonly ddl: string;
}

/** Where a table lives: its name and schema (null: the connection's default schema). */
export interface TableRef {
  readonly table: string;
  readonly schema: string | null;
}

/** A primary key: its columns in order; `name` when the database or the model names it. */
export interface PrimaryKeySpec {
  readonly name: string | null;
  readonly columns: readonly string[];
}

/** A foreign key of `table`. Actions are null for the database's default (NO ACTION). */
export interface ForeignKeySpec extends TableRef {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly referredSchema: string | null;
  readonly referredTable: string;
  readonly referredColumns: readonly string[];
  readonly onDelete: string | null;
  readonly onUpdate: string | null;
}

/** A UNIQUE constraint of `table` (unnamed ones have a null name on SQLite). */
export interface UniqueConstraintSpec extends TableRef {
  readonly name: string | null;
  readonly columns: readonly string[];
}

/** A CHECK constraint of `table`, its condition as SQL. */
export interface CheckConstraintSpec extends TableRef {
  readonly name: string | null;
  readonly sqltext: string;
}

/** An index of `table` over columns. */
export interface IndexSpec extends TableRef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** A whole table, with what CREATE TABLE writes inline and the indexes created after it. */
export interface TableSpec extends TableRef {
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey: PrimaryKeySpec;
  readonly foreignKeys: readonly ForeignKeySpec[];
  readonly uniqueConstraints: readonly UniqueConstraintSpec[];
  readonly checkConstraints: readonly CheckConstraintSpec[];
  readonly indexes: readonly IndexSpec[];
  readonly comment: string | null;
}

/** What an `alterColumn` changes. */
export type ColumnAttribute = 'type' | 'nullable' | 'serverDefault' | 'comment';

/**
 * One difference between the model (MetaData) and the database, as the upgrade sees it: the
 * database moves from the reflected state to the model's (Alembic's MigrateOperation ops). Each
 * carries both sides, so the downgrade is its inverse.
 */
export type SchemaDiff =
  | { readonly kind: 'createTable'; readonly table: TableSpec }
  | { readonly kind: 'dropTable'; readonly table: TableSpec }
  | {
      readonly kind: 'addColumn';
      readonly ref: TableRef;
      readonly column: ColumnSpec;
      /** Columns of the same type dropped from the table in the same diff: maybe a rename. */
      readonly renameCandidates: readonly string[];
    }
  | {
      readonly kind: 'dropColumn';
      readonly ref: TableRef;
      readonly column: ColumnSpec;
      /** Columns of the same type added to the table in the same diff: maybe a rename. */
      readonly renameCandidates: readonly string[];
    }
  | {
      readonly kind: 'alterColumn';
      readonly ref: TableRef;
      /** The column as the database has it. */
      readonly from: ColumnSpec;
      /** The column as the model has it. */
      readonly to: ColumnSpec;
      readonly changed: readonly ColumnAttribute[];
    }
  | {
      readonly kind: 'changePrimaryKey';
      readonly ref: TableRef;
      readonly from: PrimaryKeySpec;
      readonly to: PrimaryKeySpec;
    }
  | { readonly kind: 'createIndex'; readonly index: IndexSpec }
  | { readonly kind: 'dropIndex'; readonly index: IndexSpec }
  | { readonly kind: 'addUniqueConstraint'; readonly constraint: UniqueConstraintSpec }
  | { readonly kind: 'dropUniqueConstraint'; readonly constraint: UniqueConstraintSpec }
  | { readonly kind: 'addForeignKey'; readonly foreignKey: ForeignKeySpec }
  | { readonly kind: 'dropForeignKey'; readonly foreignKey: ForeignKeySpec }
  | { readonly kind: 'addCheckConstraint'; readonly constraint: CheckConstraintSpec }
  | { readonly kind: 'dropCheckConstraint'; readonly constraint: CheckConstraintSpec };

/** The kinds of object `includeObject` is asked about. */
export type IncludedObjectType =
  | 'table'
  | 'column'
  | 'index'
  | 'uniqueConstraint'
  | 'foreignKey'
  | 'checkConstraint';

/**
 * Decides whether autogenerate looks at an object (Alembic's `include_object`): return false to
 * leave it out. `reflected` is true for an object found only in the database (a drop would be
 * proposed), false for one of the model. A table found only in the database is dropped only
 * when this returns true for it; without `includeObject`, such tables are left alone.
 *
 * @example
 * // Drop the database's tables that the model no longer has, except the ones another tool owns.
 * includeObject: ({ type, name, reflected }) => !(type === 'table' && reflected && name.startsWith('legacy_'))
 */
export type IncludeObject = (object: {
  readonly type: IncludedObjectType;
  readonly name: string;
  /** The table the object belongs to (for anything but a table). */
  readonly table?: string;
  readonly reflected: boolean;
}) => boolean;

/** Options of {@link compareMetadata}. */
export interface CompareOptions {
  /** Filters the objects compared; when absent, all but the database-only tables. */
  readonly includeObject?: IncludeObject;
  /** The version table's name: never compared, never dropped. Default `athanor_version`. */
  readonly versionTable?: string;
  /** The schema to compare (the model's tables in it, the database's); default schema if absent. */
  readonly schema?: string;
}
