import { peerContender } from '../peer-kit.js';

/** Drizzle ORM: a schema per dialect, so a module per driver, each loaded only when used. */
export const drizzleContender = peerContender(
  'drizzle',
  'drizzle-orm: select/insert/update builders with .prepare() and placeholders, relational findMany({ with })',
  async (target) => {
    switch (target.kind) {
      case 'sqlite':
        return (await import('./drizzle-sqlite.js')).openDrizzleSqlite(target);
      case 'postgres':
        return (await import('./drizzle-postgres.js')).openDrizzlePostgres(target);
      case 'mysql':
        return (await import('./drizzle-mysql.js')).openDrizzleMysql(target);
    }
  },
);
