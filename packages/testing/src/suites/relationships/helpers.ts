import type { Session } from '@athanor/orm';

// Small readers the relationship tests share (here and in packages/orm/test).

/** How many times the SQL names the table (quoted or not). */
export function mentionsOf(sql: string, table: string): number {
  return sql.match(new RegExp(`\\b${table}\\b`, 'g'))?.length ?? 0;
}

/** True when the SQL names the table (quoted or not). */
export function mentions(sql: string, table: string): boolean {
  return mentionsOf(sql, table) > 0;
}

/** The titles of posts, notes, books, … in order. */
export const titles = (items: readonly { title: string }[]): string[] =>
  items.map((item) => item.title);

/** The names of users, nodes, groups, … in order. */
export const names = (items: readonly { name: string }[]): string[] =>
  items.map((item) => item.name);

/** The rows a statement returns, as plain arrays, read in the session's transaction. */
export async function rowsOf(
  session: Session,
  statement: Parameters<Session['execute']>[0],
): Promise<unknown[][]> {
  return (await session.execute(statement)).all().map((row) => [...row]);
}
