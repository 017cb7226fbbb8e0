import { BooleanType, nullType } from '../types/other-types.js';
import type { TypeEngine } from '../types/type-engine.js';
import type { BindNode, ColumnNode, ExpressionNode, KeywordNode } from './nodes.js';

const booleanType = new BooleanType();

/** A bound value of a type; the value is sent as a parameter, never written into the SQL. */
export function bindNode(
  value: unknown,
  type: TypeEngine,
  name: string | null = null,
  column: ColumnNode | null = null,
): BindNode {
  return { kind: 'bind', value, type, name, column };
}

const keywords = {
  NULL: { kind: 'keyword', keyword: 'NULL', type: nullType },
  TRUE: { kind: 'keyword', keyword: 'TRUE', type: booleanType },
  FALSE: { kind: 'keyword', keyword: 'FALSE', type: booleanType },
} as const satisfies Record<string, KeywordNode>;

/** `NULL`, `TRUE` or `FALSE`. */
export function keyword(word: 'NULL' | 'TRUE' | 'FALSE'): KeywordNode {
  return keywords[word];
}

/** The SQL type of an expression node. */
export function nodeType(node: ExpressionNode): TypeEngine {
  switch (node.kind) {
    case 'clause_list':
      return booleanType;
    case 'order_by':
      return nodeType(node.element);
    default:
      return node.type;
  }
}
