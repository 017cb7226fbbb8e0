import { type BindNode, type NodeKind, nodeFields, type SqlNode } from '../sql/nodes.js';
import { TypeEngine } from '../types/type-engine.js';
import { typeKey } from '../types/type-key.js';

/** A statement's structure as a string, and its bound values in the order the key met them. */
interface StatementKey {
  /** Equal for statements that compile to the same SQL, whatever their bound values. */
  readonly key: string;
  /** The statement's bind nodes; compiled parameter slots point into this list. */
  readonly binds: readonly BindNode[];
}

/** Keys of statements met more than once: built once, run many times. */
const reusedKeys = new WeakMap<object, StatementKey>();

/**
 * The statements keyed last. Most statements are built, run once and dropped, and a WeakMap
 * entry for each costs more than a simple statement's key; a statement met again while still
 * in this ring moves to {@link reusedKeys}.
 */
const recentNodes: (object | undefined)[] = new Array(16);
const recentKeys: (StatementKey | undefined)[] = new Array(16);
let nextRecent = 0;

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
 * out and collected instead. Nodes are immutable, so the key of a statement that is run again is
 * not computed again.
 */
export function statementKey(node: SqlNode): StatementKey {
  const reused = reusedKeys.get(node);
  if (reused) return reused;
  const recent = recentNodes.indexOf(node);
  if (recent >= 0) {
    const known = recentKeys[recent] as StatementKey;
    reusedKeys.set(node, known);
    return known;
  }
  const state: KeyState = { text: '', binds: [], ctes: null, cteMentions: 0 };
  writeNode(node, state);
  const result = { key: state.text, binds: state.binds };
  recentNodes[nextRecent] = node;
  recentKeys[nextRecent] = result;
  nextRecent = (nextRecent + 1) % recentNodes.length;
  return result;
}

interface KeyState {
  /** The key so far (appended to: V8 joins the pieces once, when the key is first hashed). */
  text: string;
  readonly binds: BindNode[];
  /** CTEs written so far: a second reference (a recursive CTE meets itself) writes its number. */
  ctes: Map<object, number> | null;
  /** CTEs written or referenced so far: text that mentions one depends on the statement. */
  cteMentions: number;
}

function writeNode(node: SqlNode, state: KeyState): void {
  if (node.kind === 'bind') {
    state.binds.push(node);
    state.text += `?${node.name ?? ''}:${typeKey(node.type)};`;
    return;
  }
  const reused = shared.has(node.kind) && !(node.kind === 'column' && fromQuery(node));
  if (reused) {
    const known = fragments.get(node);
    if (known !== undefined) {
      state.text += known;
      return;
    }
  }
  if (node.kind === 'cte') {
    state.cteMentions++;
    state.ctes ??= new Map();
    const seen = state.ctes.get(node);
    if (seen !== undefined) {
      state.text += `cte#${seen},`;
      return;
    }
    state.ctes.set(node, state.ctes.size);
  }
  const start = state.text.length;
  const bindsBefore = state.binds.length;
  state.text += `${node.kind}(`;
  const fields = nodeFields[node.kind as NodeKind] as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (const field of fields) writeValue(record[field], state);
  state.text += ')';
  // A column or table is the same text in every statement (it holds no values or CTEs).
  if (reused && state.binds.length === bindsBefore) fragments.set(node, shorten(state, start));
}

function writeValue(value: unknown, state: KeyState): void {
  if (value === null || value === undefined) {
    state.text += '_,';
  } else if (typeof value === 'string') {
    // Quoted, so a name containing punctuation can never run into the next field.
    state.text += `${JSON.stringify(value)},`;
  } else if (typeof value !== 'object') {
    state.text += `${String(value)},`;
  } else if (Array.isArray(value)) {
    if (Object.isFrozen(value)) writeSharedList(value, state);
    else writeList(value, state);
  } else if ('kind' in value && typeof (value as { kind: unknown }).kind === 'string') {
    writeNode(value as SqlNode, state);
  } else if (value instanceof TypeEngine) {
    // With its variants: a column typed `Integer().withVariant(...)` compiles apart from one
    // typed `Integer()`. (A custom type's key is its class and fields: see type-key.ts.)
    state.text += `${typeKey(value)},`;
  } else if (typeof (value as { cacheKey?: unknown }).cacheKey === 'function') {
    state.text += `${(value as { cacheKey(): string }).cacheKey()},`;
  } else {
    state.text += `${JSON.stringify(value)},`;
  }
}

/** Replaces the text written since `start` by its short id, and returns the id. */
function shorten(state: KeyState, start: number): string {
  const id = fragmentId(state.text.slice(start));
  state.text = state.text.slice(0, start) + id;
  return id;
}

/**
 * True for a column of a subquery or CTE: its text includes that query (or, inside a recursive
 * CTE, a reference numbered by the statement), so it is not the same in every statement.
 */
function fromQuery(node: SqlNode): boolean {
  const table = (node as { table?: { kind?: string } | null }).table;
  return table !== null && table !== undefined && table.kind !== 'table' && table.kind !== 'alias';
}

function writeList(list: readonly unknown[], state: KeyState): void {
  state.text += '[';
  for (const item of list) writeValue(item, state);
  state.text += ']';
}

/**
 * A frozen list never changes, and Core freezes the lists it shares between statements (the
 * columns `select(table)` selects): its text, when it holds no bound value and mentions no CTE,
 * is the same in every statement, so it is written once and then stands as a short id.
 */
function writeSharedList(list: readonly unknown[], state: KeyState): void {
  const known = fragments.get(list);
  if (known !== undefined) {
    state.text += known;
    return;
  }
  const start = state.text.length;
  const bindsBefore = state.binds.length;
  const ctesBefore = state.cteMentions;
  writeList(list, state);
  if (state.binds.length === bindsBefore && state.cteMentions === ctesBefore) {
    fragments.set(list, shorten(state, start));
  }
}
