import { peerContender } from '../peer-kit.js';

/**
 * Kysely: a query builder, SQL built and compiled per call; no ORM, no identity map.
 * Its library is loaded only in the child process that runs it.
 */
export const kyselyContender = peerContender(
  'kysely',
  'kysely: query builder, executed per call; W4 with jsonArrayFrom (MariaDB: two queries)',
  async (target) => (await import('./kysely-database.js')).openKysely(target),
);
