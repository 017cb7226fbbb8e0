/**
 * The row type a statement returns, carried in the type system only. `R` is the row read by
 * name, `T` the row read by position.
 */
export declare const resultShape: unique symbol;

/** Something `Connection.execute` can run: a `text()` clause, and later every statement node. */
export interface Executable<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> {
  /** The node kind, which the compiler dispatches on. */
  readonly kind: string;
  /** Never set at run time; lets `execute` infer the row type. */
  readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };
}

/** The row read by name of an executable. */
export type RowShapeOf<E> = E extends Executable<infer R, readonly unknown[]> ? R : never;
/** The row read by position of an executable. */
export type RowTupleOf<E> = E extends Executable<object, infer T> ? T : never;
