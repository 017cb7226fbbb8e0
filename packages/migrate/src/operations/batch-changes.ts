import type {
  CheckConstraint,
  Column,
  ConstraintType,
  ForeignKeyConstraint,
  ServerDefault,
  TypeEngine,
  UniqueConstraint,
} from '@athanor/core';

/**
 * One change to a table that SQLite makes by re-creating it (Alembic's batch operations), as
 * plain data: the re-create applies all of a batch's changes to the reflected table at once.
 */
export type BatchChange =
  | { readonly kind: 'add_column'; readonly name: string; readonly column: Column }
  | { readonly kind: 'drop_column'; readonly name: string }
  | {
      readonly kind: 'alter_column';
      readonly name: string;
      readonly type?: TypeEngine;
      readonly nullable?: boolean;
      readonly serverDefault?: ServerDefault | null;
      /** The type now: an Enum's CHECK is named after it when the type changes. */
      readonly existingType?: TypeEngine;
    }
  | {
      readonly kind: 'add_constraint';
      /** Made with column names (not Column objects): it joins the new table. */
      readonly constraint: ForeignKeyConstraint | UniqueConstraint | CheckConstraint;
    }
  | { readonly kind: 'drop_constraint'; readonly name: string; readonly type: ConstraintType };

/** The column a change is about, if it is about one. */
function changedColumn(change: BatchChange): string | null {
  return change.kind === 'add_constraint' || change.kind === 'drop_constraint' ? null : change.name;
}

/** The changes with a column renamed: later changes name it by its new name. */
export function renameInChanges(
  changes: readonly BatchChange[],
  oldName: string,
  newName: string,
): BatchChange[] {
  return changes.map((change) =>
    changedColumn(change) === oldName ? { ...change, name: newName } : change,
  ) as BatchChange[];
}
