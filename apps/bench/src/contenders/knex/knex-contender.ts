import { peerContender } from '../peer-kit.js';

/**
 * knex: a query builder, SQL built per call (no prepared statements), no relations.
 * Its library is loaded only in the child process that runs it.
 */
export const knexContender = peerContender(
  'knex',
  'knex: query builder per call, batchInsert, W4 as whereIn + stitching, .stream()',
  async (target) => (await import('./knex-database.js')).openKnex(target),
);
