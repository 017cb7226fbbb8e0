import { createHash } from 'node:crypto';
import type { Column } from './column.js';
import type { ForeignKeyConstraint } from './constraints.js';

/**
 * A generated name that fits the database's identifier limit: when too long, it is cut and a
 * short hash of the whole name is appended, so two long names still differ (as SQLAlchemy does).
 */
export function truncateIdentifier(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash('md5').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, maxLength - hash.length - 1)}_${hash}`;
}

/** The name a foreign key gets when it has none and must be named (added with ALTER TABLE). */
export function foreignKeyName(constraint: ForeignKeyConstraint, maxLength: number): string {
  if (constraint.name) return constraint.name;
  const columns = constraint.columns.map((column: Column) => column.name).join('_');
  return truncateIdentifier(
    `fk_${constraint.table.name}_${columns}_${constraint.referred.table}`,
    maxLength,
  );
}
