/**
 * The row type a statement returns, carried in the type system only. `R` is the row read by
 * name, `T` the row read by position.
 */
export declare const resultShape: unique symbol;

/**
 * Something `Connection.execute` can run: `text()`, `select()`, `insert()`, DDL... It holds the
 * node the compiler turns into SQL.
 */
export interface Executable<
  R extends object = Record<string, unknown>,
  T extends readonly unknown[] = unknown[],
> {
  /** The statement's tree (for compilers and layers built on Core). */
  readonly node: { readonly kind: string };
  /** Never set at run time; lets `execute` infer the row type. */
  readonly [resultShape]?: { readonly byName: R; readonly byPosition: T };
}

/** The row read by name of an executable. */
export type RowShapeOf<E> = E extends Executable<infer R, readonly unknown[]> ? R : never;
/** The row read by position of an executable. */
export type RowTupleOf<E> = E extends Executable<object, infer T> ? T : never;
