import { peerContender } from '../peer-kit.js';

/**
 * MikroORM 6: EntitySchema entities, a forked EntityManager per unit of work.
 * Its library is loaded only in the child process that runs it.
 */
export const mikroOrmContender = peerContender(
  'mikro-orm',
  'mikro-orm 6: EntitySchema, em.fork() per unit of work, em.create + flush, populate, findByCursor',
  async (target) => (await import('./mikro-orm-database.js')).openMikroOrm(target),
);
