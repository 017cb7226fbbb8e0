import type { BindNode, CteNode, FromNode, SqlNode } from '../sql/nodes.js';
import { nullType } from '../types/other-types.js';
import type { TypeEngine } from '../types/type-engine.js';
import { type ParamSlot, placeholderMarker, type ValuesRowTemplate } from './compiled-statement.js';
import type { Processor } from './type-processors.js';

/** A SELECT being compiled: what its FROM holds, for correlating subqueries inside it. */
export interface SelectScope {
  /** Every FROM element of the select, joins opened up. */
  readonly froms: ReadonlySet<FromNode>;
  /** Labels in its column list, for ORDER BY to refer to by name. */
  readonly labels: ReadonlySet<SqlNode>;
  /** The tables of an UPDATE or DELETE: correlated to only while a subquery keeps a FROM. */
  readonly dml?: boolean;
}

/**
 * The state of one compilation: parameter slots in order, names made up for anonymous aliases,
 * the CTEs met on the way (rendered in one WITH at the top), and the enclosing SELECTs.
 */
export class CompileContext {
  readonly slots: ParamSlot[] = [];
  readonly selects: SelectScope[] = [];
  /** CTEs in the order their WITH entries are written (dependencies first). */
  readonly ctes: { readonly node: CteNode; readonly sql: string }[] = [];
  readonly #cteSeen = new Set<CteNode>();
  readonly #anonymous = new Map<object, string>();
  readonly #bindIndex: Map<BindNode, number>;
  #anonCounter = 0;
  /** Render bound values inline as literals (DDL cannot take parameters). */
  literalBinds = false;
  /** Qualify column names with their table (false in INSERT column lists and SET targets). */
  qualifyColumns = true;
  /** Result conversions for the statement's columns, set by the top-level SELECT or RETURNING. */
  resultProcessors: (Processor | undefined)[] | null = null;
  /** Set when a result column is an exact big integer. */
  exactIntegers = false;
  /** The VALUES row of a single-row INSERT, recorded for batching. */
  valuesRow: ValuesRowTemplate | null = null;
  /** True while compiling the top-level statement's own column list. */
  topLevel = true;

  constructor(
    binds: readonly BindNode[],
    readonly processorFor: (type: TypeEngine) => { bind?: Processor | undefined },
  ) {
    this.#bindIndex = new Map(binds.map((bind, index) => [bind, index]));
  }

  /**
   * Records a placeholder for a bind node and returns its marker. `process` converts its value
   * instead of its type's bind processor: a dialect's compiler gives one where the value goes
   * somewhere the type's conversion does not fit (a Numeric compared, not stored).
   */
  placeholder(bind: BindNode, process?: Processor): string {
    const index = this.#bindIndex.get(bind);
    const slot: ParamSlot = {
      bind: index ?? -1,
      name: bind.name,
      process: process ?? this.processorFor(bind.type).bind,
      target: bindTarget(bind),
    };
    this.slots.push(slot);
    return placeholderMarker(this.slots.length - 1);
  }

  /**
   * Records a placeholder for a parameter given by name at execution (in raw SQL); its value
   * has no SQL type, so it gets the dialect's conversion for untyped values (a Date, say).
   */
  namedPlaceholder(name: string): string {
    this.slots.push({
      bind: -1,
      name,
      process: this.processorFor(nullType).bind,
      target: `parameter '${name}'`,
    });
    return placeholderMarker(this.slots.length - 1);
  }

  /** The name of an alias, subquery or CTE: its own, or `anon_1`, `anon_2`... in order of use. */
  nameOf(node: object, given: string | null | undefined): string {
    if (given) return given;
    let name = this.#anonymous.get(node);
    if (!name) {
      name = `anon_${++this.#anonCounter}`;
      this.#anonymous.set(node, name);
    }
    return name;
  }

  /** Registers a CTE; `render` writes its body (registering the CTEs it uses first). */
  addCte(node: CteNode, render: () => string): void {
    if (this.#cteSeen.has(node)) return;
    this.#cteSeen.add(node);
    const sql = render();
    this.ctes.push({ node, sql });
  }
}

/** What a refused value was for, as an error names it: a named parameter, else its column. */
function bindTarget(bind: BindNode): string | null {
  if (bind.name !== null) return `parameter '${bind.name}'`;
  const column = bind.column;
  if (!column) return null;
  const table =
    column.table?.kind === 'table' || column.table?.kind === 'alias' ? column.table.name : null;
  return table ? `${table}.${column.name}` : column.name;
}
