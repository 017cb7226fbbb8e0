import type { InstanceState } from '../mapping/instance-state.js';
import type { DeletingSession } from '../session/cascades.js';
import type { IdentityMap } from '../session/identity-map.js';

/**
 * The session as the loaders see it while they read rows from one shard: the objects they
 * make are keyed, and marked, with that shard's id (SQLAlchemy's identity token), so that
 * the same primary key on two shards is two objects. Everything else is the session's own.
 */
export class ShardLoader implements DeletingSession {
  constructor(
    readonly session: DeletingSession,
    readonly identityToken: string,
  ) {}

  get identityMap(): IdentityMap {
    return this.session.identityMap;
  }

  adopt(instance: object, state: InstanceState, key: unknown, weakly?: boolean): void {
    this.session.adopt(instance, state, key, weakly);
  }

  delete(instance: object): void {
    this.session.delete(instance);
  }

  expunge(instance: object): void {
    this.session.expunge(instance);
  }
}
