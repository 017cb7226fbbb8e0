/** The databases the benchmark runs on. */
export const databaseKinds = ['sqlite', 'postgres', 'mysql'] as const;

export type DatabaseKind = (typeof databaseKinds)[number];

/** A database to run on: its kind and the URL Athanor connects with. */
export interface DatabaseTarget {
  readonly kind: DatabaseKind;
  readonly url: string;
}

/** The servers the test suites use, overridable the same way. */
export function defaultTarget(kind: DatabaseKind): DatabaseTarget {
  switch (kind) {
    case 'sqlite':
      return { kind, url: 'sqlite://' };
    case 'postgres':
      return {
        kind,
        url: process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
      };
    case 'mysql':
      return { kind, url: process.env.ATHANOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' };
  }
}

/** A SQLite database in a file (W7's million rows are written once and read by every child). */
export function sqliteFileTarget(path: string): DatabaseTarget {
  return { kind: 'sqlite', url: `sqlite:///${path}` };
}

/** The file of a SQLite URL, or `:memory:`: what better-sqlite3 opens for the raw contender. */
export function sqliteFilename(target: DatabaseTarget): string {
  const path = target.url.replace(/^sqlite:\/\/\/?/, '').replace(/\?.*$/, '');
  return path === '' ? ':memory:' : path;
}

export function isDatabaseKind(value: string): value is DatabaseKind {
  return (databaseKinds as readonly string[]).includes(value);
}
