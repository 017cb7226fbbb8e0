import type { FromNode, SqlNode } from './nodes.js';

// What FROM elements an expression or a FROM list involves: the compiler adds the tables a
// select's columns use to its FROM, and join() looks among them for the side to join from.

/** A FROM list with its joins opened: every table, alias and subquery in it. */
export function openFroms(froms: readonly FromNode[]): Set<FromNode> {
  const all = new Set<FromNode>();
  const add = (from: FromNode) => {
    all.add(from);
    if (from.kind === 'join') {
      add(from.left);
      add(from.right);
    }
  };
  for (const from of froms) add(from);
  return all;
}

/** The FROM elements the columns of an expression belong to (not looking into subqueries). */
export function collectFroms(node: SqlNode, into: Set<FromNode>): void {
  switch (node.kind) {
    case 'column':
      if (node.table && node.table.kind !== 'excluded') into.add(node.table);
      return;
    case 'scalar_subquery':
    case 'select':
    case 'compound_select':
      return;
    default: {
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) {
          for (const item of value) {
            if (Array.isArray(item)) for (const inner of item) collectNode(inner, into);
            else collectNode(item, into);
          }
        } else collectNode(value, into);
      }
    }
  }
}

function collectNode(value: unknown, into: Set<FromNode>): void {
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { kind?: unknown }).kind === 'string'
  ) {
    collectFroms(value as SqlNode, into);
  }
}
