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
 * The key text of the nodes statements share — tables, aliases, columns — so that a new
 * `select(users).where(users.c.id.eq(id))` writes only its own new nodes. (Other nodes are
 * made for one statement; remembering their text would cost more than it saves.)
 */
const fragments = new WeakMap<object, string>();
const shared = new Set(['table', 'alias', 'column']);

/**
 * Shared nodes' text stands in keys as a short id: one per distinct text, so two tables with the
 * same definition still share compiled SQL, and keys stay short to hash.
 */
const fragmentIds = new Map<string, string>();
/** Never reused, even after the map is cleared, so an id always names one text. */
let nextFragmentId = 0;

function fragmentId(text: string): string {
  let id = fragmentIds.get(text);
  if (id === undefined) {
    // Bounded: a text seen again after a clear gets a new id, which only costs a compile.
    if (fragmentIds.size >= 100_000) fragmentIds.clear();
    id = `#${(nextFragmentId++).toString(36)};`;
    fragmentIds.set(text, id);
  }
  return id;
}

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
  const reused = shared.has(node.kind) && !(node.kind === 'column' && fromQuery(node));
  if (reused) {
    const known = fragments.get(node);
    if (known !== undefined) {
      parts.push(known);
      return;
    }
  }
  if (node.kind === 'cte') {
    const seen = state.ctes.get(node);
    if (seen !== undefined) {
      parts.push('cte#', String(seen), ',');
      return;
    }
    state.ctes.set(node, state.ctes.size);
  }
  const start = parts.length;
  const bindsBefore = binds.length;
  parts.push(node.kind, '(');
  const fields = nodeFields[node.kind as NodeKind] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const field of fields) writeValue(record[field], state);
  parts.push(')');
  // A column or table is the same text in every statement (it holds no values or CTEs).
  if (reused && binds.length === bindsBefore) {
    const id = fragmentId(parts.slice(start).join(''));
    parts.length = start;
    parts.push(id);
    fragments.set(node, id);
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

/**
 * True for a column of a subquery or CTE: its text includes that query (or, inside a recursive
 * CTE, a reference numbered by the statement), so it is not the same in every statement.
 */
function fromQuery(node: SqlNode): boolean {
  const table = (node as { table?: { kind?: string } | null }).table;
  return table !== null && table !== undefined && table.kind !== 'table' && table.kind !== 'alias';
}
