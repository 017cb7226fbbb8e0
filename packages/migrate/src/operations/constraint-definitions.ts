import {
  ArgumentError,
  CheckConstraint,
  ForeignKeyConstraint,
  type ReferentialAction,
  type SqlExpression,
  TextClause,
  UniqueConstraint,
} from '@athanor/core';

/** Options of `op.createForeignKey`. */
export interface ForeignKeyOperationOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** The schema of the referring table. */
  readonly schema?: string;
  /** The schema of the referred table. */
  readonly referentSchema?: string;
}

/** A named foreign key over column names, to join a stand-in or re-created table. */
export function foreignKeyDefinition(
  name: string | null,
  referent: string,
  localColumns: readonly string[],
  remoteColumns: readonly string[],
  options: ForeignKeyOperationOptions,
): ForeignKeyConstraint {
  const prefix = options.referentSchema ? `${options.referentSchema}.` : '';
  return new ForeignKeyConstraint(
    localColumns,
    remoteColumns.map((column) => `${prefix}${referent}.${column}`),
    {
      ...(name === null ? {} : { name }),
      ...(options.onDelete ? { onDelete: options.onDelete } : {}),
      ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
    },
  );
}

export function uniqueDefinition(
  name: string | null,
  columns: readonly string[],
): UniqueConstraint {
  return new UniqueConstraint(...columns, ...(name === null ? [] : [{ name }]));
}

/** A CHECK from SQL text or `text(...)`: the condition is written into the DDL as it is. */
export function checkDefinition(
  name: string | null,
  condition: string | SqlExpression,
): CheckConstraint {
  let sql: string;
  if (typeof condition === 'string') sql = condition;
  else if (condition instanceof TextClause) sql = condition.sql;
  else {
    throw new ArgumentError(
      'createCheckConstraint takes the condition as SQL: a string or text("qty >= 0").',
      { code: 'check-condition' },
    );
  }
  return new CheckConstraint(sql, name === null ? {} : { name });
}
