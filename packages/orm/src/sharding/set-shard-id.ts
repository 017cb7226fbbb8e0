import type { Executable } from '@athanor/core';
import type { AnyLoaderOption } from '../query/loader-options.js';
import { OrmSelect } from '../query/orm-select.js';

/**
 * The option {@link setShardId} makes: an ORM select with it runs on that shard only. It
 * loads no relationship (no steps), so `options()` takes it beside loader options.
 */
export class SetShardId implements AnyLoaderOption {
  readonly steps = [] as const;

  constructor(readonly shardId: string) {}
}

/**
 * Pins an ORM select to one shard of a {@link ShardedSession} (SQLAlchemy's `set_shard_id`):
 * the session's `executeChooser` is not asked. The objects it loads, and the relationships
 * loaded with them, come from that shard.
 *
 * @example
 * await session.scalars(select(Customer).options(setShardId('east')));
 */
export function setShardId(shardId: string): SetShardId {
  return new SetShardId(shardId);
}

/** The shard a statement is pinned to with {@link setShardId}, if any (the last one given). */
export function pinnedShard(statement: Executable<object, readonly unknown[]>): string | undefined {
  if (!(statement instanceof OrmSelect)) return undefined;
  let pinned: string | undefined;
  for (const option of statement.loaderOptions) {
    if (option instanceof SetShardId) pinned = option.shardId;
  }
  return pinned;
}
