import { type BindNode, type NodeKind, nodeFields, type SqlNode } from '../sql/nodes.js';

/** A statement's structure as a string, and its bound values in the order the key met them. */
export interface StatementKey {
  /** Equal for statements that compile to the same SQL, whatever their bound values. */
  readonly key: string;
  /** The statement's bind nodes; compiled parameter slots point into this list. */
  readonly binds: readonly BindNode[];
}

const memo = new WeakMap<object, StatementKey>();

/**
 * The cache key of a statement (SQLAlchemy's `_generate_cache_key`): its node kinds and
 * non-value fields, read in the order {@link nodeFields} declares, with every bound value left
 * out and collected instead. Nodes are immutable, so the key of a statement object is computed
 * once.
 */
export function statementKey(node: SqlNode): StatementKey {
  const known = memo.get(node);
  if (known) return known;
  const binds: BindNode[] = [];
  const parts: string[] = [];
  writeNode(node, parts, binds);
  const result = { key: parts.join(''), binds };
  memo.set(node, result);
  return result;
}

function writeNode(node: SqlNode, parts: string[], binds: BindNode[]): void {
  if (node.kind === 'bind') {
    binds.push(node);
    parts.push('?', node.name ?? '', ':', node.type.cacheKey(), ';');
    return;
  }
  parts.push(node.kind, '(');
  const fields = nodeFields[node.kind as NodeKind] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const field of fields) writeValue(record[field], parts, binds);
  parts.push(')');
}

function writeValue(value: unknown, parts: string[], binds: BindNode[]): void {
  if (value === null || value === undefined) {
    parts.push('_,');
  } else if (typeof value === 'string') {
    // Quoted, so a name containing punctuation can never run into the next field.
    parts.push(JSON.stringify(value), ',');
  } else if (typeof value !== 'object') {
    parts.push(String(value), ',');
  } else if (Array.isArray(value)) {
    parts.push('[');
    for (const item of value) writeValue(item, parts, binds);
    parts.push(']');
  } else if ('kind' in value && typeof (value as { kind: unknown }).kind === 'string') {
    writeNode(value as SqlNode, parts, binds);
  } else if (typeof (value as { cacheKey?: unknown }).cacheKey === 'function') {
    parts.push((value as { cacheKey(): string }).cacheKey(), ',');
  } else {
    parts.push(JSON.stringify(value), ',');
  }
}
