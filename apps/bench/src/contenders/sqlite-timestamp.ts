/** better-sqlite3 binds no Date: the text Athanor's SQLite dialect writes, in UTC. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}
