import type { AnyTable } from '@athanor/core';
import type { InstanceState } from '../mapping/instance-state.js';
import type { Relationship } from '../mapping/relationship.js';
import type { FlushWork } from './flush-changes.js';
import type { AssociationChange } from './flush-plan.js';

/*
 * The rows of many-to-many association tables a flush adds and removes.
 */

/** Rows of an association table, as column key → value. */
export type AssociationRow = Record<string, unknown>;

/**
 * A row of a many-to-many's association table: the owner's key in its columns, and the
 * member's (when given; without it, the row's owner part, to match all its rows).
 */
export function associationRow(
  relationship: Relationship,
  owner: InstanceState,
  member?: InstanceState,
): AssociationRow {
  const row: AssociationRow = {};
  for (const pair of relationship.pairs) {
    row[pair.remote.key] = owner.committedValue(owner.mapper.columnIndex(pair.local));
  }
  if (member) {
    for (const pair of relationship.secondaryPairs) {
      row[pair.remote.key] = member.values[member.mapper.columnIndex(pair.local)];
    }
  }
  return row;
}

export function rowKey(row: AssociationRow): string {
  return Object.keys(row)
    .sort()
    .map((key) => `${key}=${typeof row[key] === 'bigint' ? `${row[key]}n` : String(row[key])}`)
    .join('\u0000');
}

/** Adds or removes association rows, each once even when both sides of the relationship changed. */
export async function writeAssociations(
  work: FlushWork,
  changes: readonly AssociationChange[],
  write: (work: FlushWork, table: AnyTable, rows: readonly AssociationRow[]) => Promise<void>,
): Promise<void> {
  const byTable = new Map<AnyTable, Map<string, AssociationRow>>();
  for (const { relationship, owner, member } of changes) {
    const table = relationship.secondary as unknown as AnyTable;
    const row = associationRow(relationship, owner, member);
    let rows = byTable.get(table);
    if (!rows) {
      rows = new Map();
      byTable.set(table, rows);
    }
    rows.set(rowKey(row), row);
  }
  for (const [table, rows] of byTable) await write(work, table, [...rows.values()]);
}
