import { StatementError } from '../errors.js';
import type { BindNode } from '../sql/nodes.js';
import { ownValue } from '../util/own-properties.js';
import { type Processor, withBindTarget } from './type-processors.js';

/** Where one placeholder's value comes from. */
export interface ParamSlot {
  /** Index into the statement's bind nodes, or -1 for a parameter given only at execution. */
  readonly bind: number;
  /** The execution parameter that supplies (or overrides) the value: `bindparam` and `text()`. */
  readonly name: string | null;
  /** Converts the value for the driver, when its type needs it. */
  readonly process: Processor | undefined;
  /** What the value is for, named when it is refused: `parameter 'id'`, `column 'users.age'`. */
  readonly target: string | null;
}

/** The VALUES row of an INSERT, kept so many rows can be sent in one statement. */
export interface ValuesRowTemplate {
  /** The row's SQL with placeholder markers. */
  readonly text: string;
  /** How many placeholders the row has. */
  readonly slotCount: number;
}

/**
 * A statement compiled for one dialect, without values: cached by structure and reused for
 * every execution of a statement of the same shape.
 */
export interface CompiledStatement {
  /** The SQL with the dialect's placeholders. */
  readonly sql: string;
  /** One per placeholder, in order. */
  readonly slots: readonly ParamSlot[];
  /** Values bound into a `text()` clause ahead of execution. */
  readonly boundValues: Readonly<Record<string, unknown>>;
  /** An INSERT, UPDATE or DELETE: rows it returns (RETURNING) count as rows affected. */
  readonly isDml: boolean;
  /** Converts each result column, in order; null when no column needs converting. */
  readonly resultProcessors: readonly (Processor | undefined)[] | null;
  /** A result column is an exact big integer: the driver must not read integers as doubles. */
  readonly exactIntegers: boolean;
  /** For an INSERT of one VALUES row: the template to repeat for many rows. */
  readonly valuesRow: ValuesRowTemplate | null;
  /** The SQL with markers where placeholders go, for re-rendering with more VALUES rows. */
  readonly template: string;
  /** The slots the template's markers number, in the order they were made. */
  readonly templateSlots: readonly ParamSlot[];
}

/**
 * The marker the compiler writes where a placeholder goes: `\u0000<slot number>\u0002`. Parts of
 * a statement are written out of order (a CTE's body, written when first used, goes first), so
 * each marker names its slot, and the slots are put in text order when the SQL is final.
 *
 * Every marker begins with NUL, and no user text that reaches a template can hold one: names
 * refuse every control character (`checkIdentifierName`, and `quoteIdentifier` again), literals
 * and raw SQL refuse NUL. So no table, column, label or `text()` can be read as a marker.
 */
export function placeholderMarker(slot: number | string, row?: number): string {
  return row === undefined ? `\u0000${slot}\u0002` : `\u0000${slot}:${row}\u0002`;
}

/** Matches a placeholder marker; a second number, when present, is the VALUES row it belongs to. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: markers are control characters on purpose, as SQL text cannot hold them.
export const placeholderPattern = /\u0000(\d+)(?::(\d+))?\u0002/g;

/** The marker for the VALUES row of an INSERT in a template (NUL-led, as placeholders are). */
export const valuesRowMarker = '\u0000values\u0002';

/**
 * The positional parameters for one execution: values from the statement's bind nodes, or from
 * `params` by name, each converted for the driver.
 * @throws {StatementError} when a named parameter has no value, before anything reaches the database.
 */
export function bindParameters(
  compiled: CompiledStatement,
  binds: readonly BindNode[],
  params: Readonly<Record<string, unknown>> | undefined,
): unknown[] {
  const slots = compiled.slots;
  const values = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as ParamSlot;
    const value = slotValue(compiled, slot, binds, params);
    if (value === undefined && slot.name !== null) throw missing(compiled, slot.name, params);
    values[i] = slot.process && value !== null ? processValue(slot, value, i) : value;
  }
  return values;
}

/**
 * A value converted by its slot's processor; a refused value's error names the parameter or
 * column it was for (by position when it has neither name).
 */
export function processValue(slot: ParamSlot, value: unknown, position: number): unknown {
  try {
    return (slot.process as Processor)(value);
  } catch (error) {
    throw withBindTarget(error, slot.target ?? `parameter ${position + 1}`);
  }
}

/**
 * The value one placeholder takes, before conversion: from `params` by name, else from the
 * statement's bind node or the values bound into a `text()`. Undefined when none is given.
 */
export function slotValue(
  compiled: CompiledStatement,
  slot: ParamSlot,
  binds: readonly BindNode[],
  params: Readonly<Record<string, unknown>> | undefined,
): unknown {
  if (slot.name === null) return (binds[slot.bind] as BindNode).value;
  const given = params ? ownValue(params, slot.name) : undefined;
  if (given !== undefined) return given;
  return slot.bind >= 0
    ? (binds[slot.bind] as BindNode).value
    : ownValue(compiled.boundValues, slot.name);
}

function missing(
  compiled: CompiledStatement,
  name: string,
  params: Readonly<Record<string, unknown>> | undefined,
): StatementError {
  const given = Object.keys(params ?? {});
  return new StatementError(
    `A value is required for bind parameter '${name}'` +
      (given.length > 0 ? ` (given: ${given.map((n) => `'${n}'`).join(', ')})` : '') +
      `. Pass it in execute(statement, { ${name}: ... }); use null for SQL NULL.`,
    { statement: compiled.sql, code: 'missing-parameter' },
  );
}
