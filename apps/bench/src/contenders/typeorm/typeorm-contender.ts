import { peerContender } from '../peer-kit.js';

/**
 * TypeORM: EntitySchema entities, repositories and query builders.
 * Its library is loaded only in the child process that runs it.
 */
export const typeormContender = peerContender(
  'typeorm',
  'typeorm: EntitySchema, repository find/findOneBy/save, relations, InsertQueryBuilder',
  async (target) => (await import('./typeorm-database.js')).openTypeorm(target),
);
