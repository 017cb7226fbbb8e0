import { render } from './render-diff.js';
import type { SchemaDiff } from './schema-diff.js';

/** The body of a revision's `upgrade` and `downgrade`, and the imports they need. */
export interface RevisionBody {
  /** The statements inside `upgrade(op)`, indented; a comment line when nothing changed. */
  readonly upgrade: string;
  /** The statements inside `downgrade(op)`: the inverses, in reverse order. */
  readonly downgrade: string;
  /** Import lines the body needs (`import * as sa from '@athanor/core';`). */
  readonly imports: string[];
}

/** Options of {@link renderRevisionBody}. */
export interface RenderOptions {
  /** Put before each line. Default two spaces (the functions' body). */
  readonly indent?: string;
}

/** The diff that undoes `diff`. */
function inverseOf(diff: SchemaDiff): SchemaDiff {
  switch (diff.kind) {
    case 'createTable':
      return { kind: 'dropTable', table: diff.table };
    case 'dropTable':
      return { kind: 'createTable', table: diff.table };
    case 'addColumn':
      return { ...diff, kind: 'dropColumn' };
    case 'dropColumn':
      return { ...diff, kind: 'addColumn' };
    case 'alterColumn':
      return { ...diff, from: diff.to, to: diff.from };
    case 'changePrimaryKey':
      return { ...diff, from: diff.to, to: diff.from };
    case 'createIndex':
      return { kind: 'dropIndex', index: diff.index };
    case 'dropIndex':
      return { kind: 'createIndex', index: diff.index };
    case 'addUniqueConstraint':
      return { kind: 'dropUniqueConstraint', constraint: diff.constraint };
    case 'dropUniqueConstraint':
      return { kind: 'addUniqueConstraint', constraint: diff.constraint };
    case 'addForeignKey':
      return { kind: 'dropForeignKey', foreignKey: diff.foreignKey };
    case 'dropForeignKey':
      return { kind: 'addForeignKey', foreignKey: diff.foreignKey };
    case 'addCheckConstraint':
      return { kind: 'dropCheckConstraint', constraint: diff.constraint };
    case 'dropCheckConstraint':
      return { kind: 'addCheckConstraint', constraint: diff.constraint };
  }
}

function body(diffs: readonly SchemaDiff[], indent: string): string {
  const lines = diffs.flatMap(render);
  if (lines.length === 0) return `${indent}// No changes.`;
  return lines.map((line) => indent + line).join('\n');
}

/**
 * Writes the differences {@link compareMetadata} found as the body of a revision: readable
 * TypeScript calling the `op` API, one `await op.x(...)` per change, the downgrade filled in with
 * the inverse changes in reverse order. Types are written as core's factories (`sa.Varchar(50)`),
 * server defaults as literals or `sa.text('...')`, and every name as an escaped string literal,
 * so no name can break the file. A dropped and an added column of the same type come with a
 * comment saying how to make them a rename instead.
 *
 * @example
 * const { upgrade, downgrade, imports } = renderRevisionBody(diffs);
 * // upgrade:   "  await op.addColumn('users', 'age', new sa.Column(sa.Integer, { nullable: true }));"
 * // downgrade: "  await op.dropColumn('users', 'age');"
 * // imports:   ["import * as sa from '@athanor/core';"]
 */
export function renderRevisionBody(
  diffs: readonly SchemaDiff[],
  options: RenderOptions = {},
): RevisionBody {
  const indent = options.indent ?? '  ';
  const upgrade = body(diffs, indent);
  const downgrade = body([...diffs].reverse().map(inverseOf), indent);
  const usesCore = /\bsa\./.test(upgrade) || /\bsa\./.test(downgrade);
  return {
    upgrade,
    downgrade,
    imports: usesCore ? ["import * as sa from '@athanor/core';"] : [],
  };
}
