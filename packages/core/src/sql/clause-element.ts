/**
 * What an object that stands for a FROM clause or an expression returns when put in a statement
 * (SQLAlchemy's `__clause_element__`): an ORM model class stands for its table, so
 * `select(User)`, `insert(User)` and `users.join(Post)` work.
 */
export const clauseElement: unique symbol = Symbol.for('athanor.clauseElement');

/** An object standing for a clause `E`. */
export interface HasClauseElement<E> {
  [clauseElement](): E;
}

/** The clause an object stands for: itself, or what its `[clauseElement]()` returns. */
export function resolveClause<E>(value: E | HasClauseElement<E>): E {
  if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
    const resolve = (value as Partial<HasClauseElement<E>>)[clauseElement];
    if (typeof resolve === 'function') return resolve.call(value);
  }
  return value as E;
}
