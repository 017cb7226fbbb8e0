import { InvalidRequestError } from '../errors.js';

/**
 * One row of a result, readable by name and by position (SQLAlchemy's `Row`):
 *
 * ```ts
 * row.name;              // by name
 * row[0];                // by position
 * const [id, name] = row; // unpacked in column order
 * ```
 *
 * Column names are the row's own enumerable properties, so `{ ...row }`, `JSON.stringify(row)`
 * and `console.log(row)` show a plain object. Positions are read through the prototype. When a
 * result has two columns of the same name, reading that name throws (label one of them); both
 * stay readable by position.
 */
export type Row<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> = Readonly<R> & RowPositions<T> & Iterable<T[number]>;

/** Positional access typed from the row's tuple. */
export type RowPositions<T extends readonly unknown[]> = number extends T['length']
  ? { readonly [index: number]: T[number] }
  : { readonly [K in keyof T as K extends `${number}` ? K : never]: T[K] };

/** The base class of every row; it keeps the values in column order. */
export class RowBase {
  readonly #values: readonly unknown[];

  constructor(values: readonly unknown[]) {
    this.#values = values;
  }

  /** The row's values in column order. */
  static valuesOf(row: RowBase): readonly unknown[] {
    return row.#values;
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.#values;
  }
}

type RowConstructor = new (values: readonly unknown[]) => RowBase;

const isIndex = /^(?:0|[1-9]\d*)$/;

/**
 * A row class for one list of column names: the constructor copies each uniquely named value
 * onto the row; the prototype reads positions and refuses ambiguous names.
 */
export function rowClassFor(columns: readonly string[]): RowConstructor {
  const counts = new Map<string, number>();
  for (const name of columns) counts.set(name, (counts.get(name) ?? 0) + 1);
  const named: [string, number][] = [];
  columns.forEach((name, index) => {
    if (counts.get(name) === 1 && !isIndex.test(name)) named.push([name, index]);
  });
  const special = named.some(([name]) => name === '__proto__');

  class Row extends RowBase {
    constructor(values: readonly unknown[]) {
      super(values);
      const self = this as unknown as Record<string, unknown>;
      if (special) {
        for (const [name, index] of named) {
          Object.defineProperty(self, name, {
            value: values[index],
            enumerable: true,
            writable: false,
          });
        }
      } else {
        for (let i = 0; i < named.length; i++) {
          const entry = named[i] as [string, number];
          self[entry[0]] = values[entry[1]];
        }
      }
    }
  }
  const proto = Row.prototype;
  columns.forEach((_name, index) => {
    Object.defineProperty(proto, index, {
      get(this: RowBase) {
        return RowBase.valuesOf(this)[index];
      },
    });
  });
  for (const [name, count] of counts) {
    if (count > 1) {
      Object.defineProperty(proto, name, {
        get() {
          throw new InvalidRequestError(
            `Ambiguous column name '${name}' in result set: ${count} columns have that name. ` +
              `Read them by position (row[0]) or give each a label (SELECT a.${name} AS a_${name}, ...).`,
          );
        },
      });
    }
  }
  return Row;
}
