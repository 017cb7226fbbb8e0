import type { Contender } from '../contender.js';
import { athanorCoreContender } from './athanor-core.js';
import { athanorOrmContender } from './athanor-orm.js';
import { rawContender } from './raw/raw-contender.js';

/**
 * Every contender, the baseline first. A peer (drizzle, kysely, knex, typeorm, mikro-orm) is a
 * module under `contenders/` added here; the harness, reports and tests pick it up.
 */
export const contenders: readonly Contender[] = [
  rawContender,
  athanorCoreContender,
  athanorOrmContender,
];

/** The contender every ratio is measured against. */
export const baselineName = 'raw';

export function contenderNamed(name: string): Contender | undefined {
  return contenders.find((contender) => contender.name === name);
}
