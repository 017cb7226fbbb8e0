import { type AnyTable, ArgumentError } from '@athanor/core';
import type { BatchChange } from './batch-changes.js';

/**
 * The changes with each dropped or altered column named as the table spells it. SQLite's names
 * are case-insensitive, so `dropColumn('NAME')` is the column `name`; a name that matches no
 * column (a typo) is refused: the re-create would otherwise match nothing and copy the table
 * unchanged, and the migration would seem to succeed.
 */
export function resolveColumnNames(
  table: AnyTable,
  changes: readonly BatchChange[],
): BatchChange[] {
  const spelled = new Map(table.columns.map((column) => [column.name.toLowerCase(), column.name]));
  return changes.map((change) => {
    if (change.kind !== 'drop_column' && change.kind !== 'alter_column') return change;
    const name = spelled.get(change.name.toLowerCase());
    if (name === undefined) {
      const what = change.kind === 'drop_column' ? 'dropColumn' : 'alterColumn';
      throw new ArgumentError(
        `${what}: table '${table.name}' has no column '${change.name}'; its columns are ` +
          `${table.columns.map((column) => column.name).join(', ')}.`,
        { code: 'no-such-column' },
      );
    }
    return name === change.name ? change : { ...change, name };
  });
}
