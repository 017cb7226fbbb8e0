import { StatementError } from '../errors.js';

/** A statement compiled for one dialect: the SQL and where each placeholder's value comes from. */
export interface CompiledStatement {
  /** The SQL with the dialect's placeholders. */
  readonly sql: string;
  /** For each placeholder, in order, the name of the parameter whose value it takes. */
  readonly paramNames: readonly string[];
  /** Values bound into the statement itself (`bindParams`); execution parameters win over them. */
  readonly boundValues: Readonly<Record<string, unknown>>;
  /** An INSERT, UPDATE or DELETE: rows it returns (RETURNING) count as rows affected. */
  readonly isDml: boolean;
}

/**
 * The positional parameter list for one execution of `compiled`.
 * @throws {StatementError} when a parameter has no value, before anything reaches the database.
 */
export function bindParameters(
  compiled: CompiledStatement,
  params: Readonly<Record<string, unknown>> | undefined,
): unknown[] {
  const names = compiled.paramNames;
  const values = new Array<unknown>(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    let value = params?.[name];
    if (value === undefined) value = compiled.boundValues[name];
    if (value === undefined) {
      const given = Object.keys(params ?? {});
      throw new StatementError(
        `A value is required for bind parameter '${name}'` +
          (given.length > 0 ? ` (given: ${given.map((n) => `'${n}'`).join(', ')})` : '') +
          `. Pass it in execute(statement, { ${name}: ... }); use null for SQL NULL.`,
        { statement: compiled.sql, code: 'missing-parameter' },
      );
    }
    values[i] = value;
  }
  return values;
}
