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
 * The key text of subtrees without bound values (tables, columns, most expressions), which
 * statements share: a new `select(users).where(users.c.id.eq(id))` writes only its new nodes.
 */
const fragments = new WeakMap<object, string>();

/**
 * The cache key of a statement (SQLAlchemy's `_generate_cache_key`): its node kinds and
 * non-value fields, read in the order {@link nodeFields} declares, with every bound value left
 * out and collected instead. Nodes are immutable, so the key of a statement object is computed
 * once.
 */
export function statementKey(node: SqlNode): StatementKey {
  const known = memo.get(node);
  if (known) return known;
  const state: KeyState = { parts: [], binds: [], ctes: new Map(), cteRefs: 0 };
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
  /** How many such references were written (their text depends on the statement). */
  cteRefs: number;
}

function writeNode(node: SqlNode, state: KeyState): void {
  const { parts, binds } = state;
  if (node.kind === 'bind') {
    binds.push(node);
    parts.push('?', node.name ?? '', ':', node.type.cacheKey(), ';');
    return;
  }
  const known = fragments.get(node);
  if (known !== undefined) {
    parts.push(known);
    return;
  }
  if (node.kind === 'cte') {
    const seen = state.ctes.get(node);
    if (seen !== undefined) {
      state.cteRefs++;
      parts.push('cte#', String(seen), ',');
      return;
    }
    state.ctes.set(node, state.ctes.size);
  }
  const start = parts.length;
  const before = { binds: binds.length, ctes: state.ctes.size, cteRefs: state.cteRefs };
  parts.push(node.kind, '(');
  const fields = nodeFields[node.kind as NodeKind] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const field of fields) writeValue(record[field], state);
  parts.push(')');
  // Text that depends on nothing but the subtree itself can be reused by any statement.
  if (
    binds.length === before.binds &&
    state.ctes.size === before.ctes &&
    state.cteRefs === before.cteRefs
  ) {
    fragments.set(node, parts.slice(start).join(''));
  }
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
