import type {
  Column,
  ColumnElement,
  Connection,
  Executable,
  ServerDefaultExpression,
  Table,
  TableOptions,
  TypeEngine,
} from '@athanor/core';

/** A SQL expression (MIGRATE.md's `SqlExpression`). */
type SqlExpression = ColumnElement<unknown>;

/** What a server default may be, as a Column's `serverDefault` takes it. */
type ServerDefault = string | number | boolean | ServerDefaultExpression;

/**
 * The `op` API exactly as MIGRATE.md states it, for type-checking rendered revisions while the
 * Operations class that implements it is being written beside this work. Once Operations has
 * these methods, the rendered files are checked against it instead (see the typecheck helper).
 */
export interface OpApi {
  createTable(
    name: string,
    columns: Record<string, Column>,
    options?: TableOptions,
  ): Promise<Table>;
  dropTable(name: string, options?: { schema?: string }): Promise<void>;
  renameTable(oldName: string, newName: string, options?: { schema?: string }): Promise<void>;
  addColumn(
    table: string,
    name: string,
    column: Column,
    options?: { schema?: string },
  ): Promise<void>;
  dropColumn(table: string, name: string, options?: { schema?: string }): Promise<void>;
  alterColumn(
    table: string,
    name: string,
    changes: {
      type?: TypeEngine;
      nullable?: boolean;
      serverDefault?: ServerDefault | null;
      comment?: string | null;
      newName?: string;
      using?: string;
      existingType?: TypeEngine;
      existingNullable?: boolean;
      existingServerDefault?: ServerDefault | null;
      existingComment?: string | null;
    },
    options?: { schema?: string },
  ): Promise<void>;
  createIndex(
    name: string,
    table: string,
    columns: readonly (string | SqlExpression)[],
    options?: { unique?: boolean; where?: string | SqlExpression; schema?: string },
  ): Promise<void>;
  dropIndex(name: string, options: { table: string; schema?: string }): Promise<void>;
  createForeignKey(
    name: string,
    sourceTable: string,
    referentTable: string,
    localColumns: string[],
    remoteColumns: string[],
    options?: {
      onDelete?: string;
      onUpdate?: string;
      schema?: string;
      referentSchema?: string;
    },
  ): Promise<void>;
  createUniqueConstraint(
    name: string,
    table: string,
    columns: string[],
    options?: { schema?: string },
  ): Promise<void>;
  createCheckConstraint(
    name: string,
    table: string,
    condition: string | SqlExpression,
    options?: { schema?: string },
  ): Promise<void>;
  dropConstraint(
    name: string,
    table: string,
    options: { type: 'foreignkey' | 'unique' | 'check' | 'primary'; schema?: string },
  ): Promise<void>;
  execute(sql: string | Executable): Promise<void>;
  getBind(): Connection;
}
