import type { ForeignKeyConstraint } from './constraints.js';
import type { AnyTable } from './table.js';

/** Tables in creation order, and the foreign keys that must be added after (cycles). */
export interface TableOrder {
  readonly tables: readonly AnyTable[];
  /** Foreign keys between tables that refer to each other in a cycle, or marked `useAlter`. */
  readonly deferredForeignKeys: readonly ForeignKeyConstraint[];
}

/**
 * Orders tables so each comes after the tables its foreign keys refer to (SQLAlchemy's
 * `sort_tables_and_constraints`). Foreign keys inside a cycle of tables cannot be created inline;
 * they are returned to be added with ALTER TABLE once every table exists.
 */
export function sortTables(tables: readonly AnyTable[]): TableOrder {
  const included = new Set(tables);
  const referredBy = (fk: ForeignKeyConstraint): AnyTable | undefined => {
    const { schema, table } = fk.referred;
    const target = fk.table.metadata.tables.get(schema ? `${schema}.${table}` : table);
    return target && included.has(target) && target !== fk.table ? target : undefined;
  };
  const cyclic = new Set(cyclicForeignKeys(tables, referredBy));
  for (const table of tables) {
    for (const fk of table.foreignKeys) if (fk.options.useAlter) cyclic.add(fk);
  }

  const ordered: AnyTable[] = [];
  const done = new Set<AnyTable>();
  const visiting = new Set<AnyTable>();
  const visit = (table: AnyTable) => {
    if (done.has(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const fk of table.foreignKeys) {
      const target = referredBy(fk);
      if (target && !cyclic.has(fk)) visit(target);
    }
    visiting.delete(table);
    done.add(table);
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return { tables: ordered, deferredForeignKeys: [...cyclic] };
}

/** Foreign keys that join tables in a cycle (Tarjan's strongly connected components). */
function cyclicForeignKeys(
  tables: readonly AnyTable[],
  referredBy: (fk: ForeignKeyConstraint) => AnyTable | undefined,
): ForeignKeyConstraint[] {
  const index = new Map<AnyTable, number>();
  const low = new Map<AnyTable, number>();
  const stack: AnyTable[] = [];
  const onStack = new Set<AnyTable>();
  const component = new Map<AnyTable, number>();
  let counter = 0;
  let components = 0;

  const connect = (table: AnyTable) => {
    index.set(table, counter);
    low.set(table, counter);
    counter++;
    stack.push(table);
    onStack.add(table);
    for (const fk of table.foreignKeys) {
      const target = referredBy(fk);
      if (!target) continue;
      if (!index.has(target)) {
        connect(target);
        low.set(table, Math.min(low.get(table) as number, low.get(target) as number));
      } else if (onStack.has(target)) {
        low.set(table, Math.min(low.get(table) as number, index.get(target) as number));
      }
    }
    if (low.get(table) === index.get(table)) {
      for (;;) {
        const member = stack.pop() as AnyTable;
        onStack.delete(member);
        component.set(member, components);
        if (member === table) break;
      }
      components++;
    }
  };
  for (const table of tables) if (!index.has(table)) connect(table);

  const cyclic: ForeignKeyConstraint[] = [];
  for (const table of tables) {
    for (const fk of table.foreignKeys) {
      const target = referredBy(fk);
      if (target && component.get(target) === component.get(table)) cyclic.push(fk);
    }
  }
  return cyclic;
}
