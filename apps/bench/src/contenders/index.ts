import type { Contender, WorkloadFactory } from '../contender.js';
import { type WorkloadId, workloadIds } from '../workloads.js';
import { drizzleContender } from './drizzle/drizzle-contender.js';
import { knexContender } from './knex/knex-contender.js';
import { kyselyContender } from './kysely/kysely-contender.js';
import { mikroOrmContender } from './mikro-orm/mikro-orm-contender.js';
import { rawContender, rawTwoQueriesContender } from './raw/raw-contender.js';
import { typeormContender } from './typeorm/typeorm-contender.js';

/**
 * A contender whose module (and library) is imported only when one of its workloads is set up,
 * so a child process holds no other contender's code: its peak RSS is its own.
 */
function loadedOnUse(
  name: string,
  description: string,
  load: () => Promise<Contender['workloads']>,
): Contender {
  const workloads: Partial<Record<WorkloadId, WorkloadFactory>> = {};
  for (const id of workloadIds) {
    workloads[id] = async (context) => {
      const factory = (await load())[id];
      if (!factory) throw new Error(`${name} does not implement ${id}`);
      return factory(context);
    };
  }
  return { name, description, workloads };
}

const athanorCoreContender = loadedOnUse(
  'athanor-core',
  'Athanor Core: Table, insert()/select()/update() run on engine connections',
  async () => (await import('./athanor-core.js')).athanorCoreWorkloads,
);

const athanorOrmContender = loadedOnUse(
  'athanor-orm',
  'Athanor ORM: declarative models, Session (unit of work, identity map), select()',
  async () => (await import('./athanor-orm.js')).athanorOrmWorkloads,
);

/**
 * Every contender, the baseline first: the raw drivers, Athanor, and the peers (a module each
 * under `contenders/<name>/`, its library loaded only in the child that runs it). The harness,
 * reports and tests pick up whatever is listed here.
 */
export const contenders: readonly Contender[] = [
  rawContender,
  rawTwoQueriesContender,
  athanorCoreContender,
  athanorOrmContender,
  drizzleContender,
  kyselyContender,
  knexContender,
  typeormContender,
  mikroOrmContender,
];

/** The contender every ratio is measured against. */
export const baselineName = 'raw';

export function contenderNamed(name: string): Contender | undefined {
  return contenders.find((contender) => contender.name === name);
}
