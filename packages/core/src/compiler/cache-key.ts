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
  const state: KeyState = { parts: [], binds: [], ctes: new Map() };
  writeNode(node, state);
  const { parts, binds } = state;
  const result = { key: parts.join(''), binds };
  memo.set(node, result);
  return result;
}

interface KeyState {
  readonly parts: string[];
  readonly binds: BindNode[];
  /** CTEs written so far: a second reference (a recursive CTE meets itself) writes its number. */
  readonly ctes: Map<object, number>;
}

function writeNode(node: SqlNode, state: KeyState): void {
  const { parts, binds } = state;
  if (node.kind === 'bind') {
    binds.push(node);
    parts.push('?', node.name ?? '', ':', node.type.cacheKey(), ';');
    return;
  }
  if (node.kind === 'cte') {
    const seen = state.ctes.get(node);
    if (seen !== undefined) {
      parts.push('cte#', String(seen), ',');
      return;
    }
    state.ctes.set(node, state.ctes.size);
  }
  parts.push(node.kind, '(');
  const fields = nodeFields[node.kind as NodeKind] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const field of fields) writeValue(record[field], state);
  parts.push(')');
}

function writeValue(value: unknown, state: KeyState): void {
  const parts = state.parts;
  if (value === null || value === undefined) {
    parts.push('_,');
  } else if (typeof value === 'string') {
    // Quoted, so a name containing punctuation can never run into the next field.
    parts.push(JSON.stringify(value), ',');
  } else if (typeof value !== 'object') {
    parts.push(String(value), ',');
  } else if (Array.isArray(value)) {
    parts.push('[');
    for (const item of value) writeValue(item, state);
    parts.push(']');
  } else if ('kind' in value && typeof (value as { kind: unknown }).kind === 'string') {
    writeNode(value as SqlNode, state);
  } else if (typeof (value as { cacheKey?: unknown }).cacheKey === 'function') {
    parts.push((value as { cacheKey(): string }).cacheKey(), ',');
  } else {
    parts.push(JSON.stringify(value), ',');
  }
}
