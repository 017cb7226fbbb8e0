import type { SchemaDiff } from './schema-diff.js';

/**
 * The phase each kind runs in, so the upgrade runs in order: what blocks a change goes first
 * (foreign keys, then indexes and constraints on columns about to change or go), new tables
 * next (in foreign key order, as found), then columns, old tables, and last what refers to the
 * new shape (indexes, constraints, foreign keys). The downgrade runs the inverses backwards.
 */
const phases: Readonly<Record<SchemaDiff['kind'], number>> = {
  dropForeignKey: 0,
  dropIndex: 1,
  dropUniqueConstraint: 1,
  dropCheckConstraint: 1,
  createTable: 2,
  addColumn: 3,
  alterColumn: 4,
  dropColumn: 5,
  changePrimaryKey: 6,
  dropTable: 7,
  createIndex: 8,
  addUniqueConstraint: 8,
  addCheckConstraint: 8,
  addForeignKey: 9,
};

/** The diffs in the order the upgrade runs them; the order within a phase is kept. */
export function orderDiffs(diffs: readonly SchemaDiff[]): SchemaDiff[] {
  return diffs
    .map((diff, index) => ({ diff, index }))
    .sort((a, b) => phases[a.diff.kind] - phases[b.diff.kind] || a.index - b.index)
    .map(({ diff }) => diff);
}
