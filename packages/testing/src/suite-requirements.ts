import { type Dialect, type Engine, inspect, text } from '@athanor/core';
import { defaultCapabilities } from '@athanor/core/dialect';

/**
 * Why the suite checks the dialect before its tests: almost every suite creates its tables with
 * `metadata.createAll()` and drops them with `dropAll()`, and both ask `reflection.hasTable`
 * which tables exist. Without it every describe block that creates tables would fail with the
 * same error; the suite fails once instead, naming what to implement.
 */
const why =
  'metadata.createAll() and dropAll(), which almost every suite uses, ask it which tables exist';

/** What the dialect object lacks, before any database is involved (one line each). */
export function dialectShortcomings(dialect: Dialect): string[] {
  const problems: string[] = [];
  const reflection = (dialect as { reflection?: unknown }).reflection;
  if (typeof reflection !== 'object' || reflection === null) {
    problems.push(
      `dialect.reflection is missing: give the dialect ReflectionQueries, at least hasTable (${why}).`,
    );
  } else if (typeof (reflection as { hasTable?: unknown }).hasTable !== 'function') {
    problems.push(`dialect.reflection.hasTable is not a function: implement it (${why}).`);
  }
  const capabilities = (dialect as { capabilities?: object }).capabilities ?? {};
  const absent = Object.keys(defaultCapabilities).filter((flag) => !(flag in capabilities));
  if (absent.length > 0) {
    problems.push(
      `dialect.capabilities has no ${absent.join(', ')}: start from ` +
        '{ ...defaultCapabilities, ... } and change what differs.',
    );
  }
  return problems;
}

/**
 * Asks the dialect's `hasTable` about a table that does not exist and about one just created
 * (`name`, with raw SQL), and says what is wrong with the answers (nothing when both are right).
 */
export async function hasTableShortcomings(engine: Engine, name: string): Promise<string[]> {
  const ask = async (expected: boolean, which: string): Promise<string | undefined> => {
    try {
      const answer = await inspect(engine).hasTable(name);
      if (answer === expected) return undefined;
      return `dialect.reflection.hasTable returned ${String(answer)} for ${which}; it must return ${expected} (${why}).`;
    } catch (error) {
      const { name: kind, message } = error as Error;
      return `dialect.reflection.hasTable threw ${kind}: ${message.split('\n')[0]} Implement it (${why}).`;
    }
  };
  const beforeCreate = await ask(false, `a table that does not exist ('${name}')`);
  if (beforeCreate) return [beforeCreate];
  const quoted = engine.dialect.compiler.quoteIdentifier(name);
  // Raw SQL, so that this checks hasTable alone, not the DDL compiler.
  await engine.execute(text(`CREATE TABLE ${quoted} (id INTEGER)`));
  try {
    const afterCreate = await ask(true, `the table just created ('${name}')`);
    return afterCreate ? [afterCreate] : [];
  } finally {
    await engine.execute(text(`DROP TABLE ${quoted}`));
  }
}
