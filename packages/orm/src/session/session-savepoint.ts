import type { NestedTransaction } from '@athanor/core';

/** What a savepoint needs from its session. */
export interface SavepointSession {
  flush(): Promise<void>;
  /** After a savepoint rolled back: what was flushed since is gone, so expire all. */
  afterSavepointRollback(): void;
}

/** A savepoint in a session, from `session.beginNested()`. */
export class SessionSavepoint {
  constructor(
    private readonly session: SavepointSession,
    private readonly savepoint: NestedTransaction,
  ) {}

  /** Flushes and releases the savepoint. */
  async commit(): Promise<void> {
    await this.session.flush();
    await this.savepoint.commit();
  }

  /** Rolls back to the savepoint and expires every object. */
  async rollback(): Promise<void> {
    await this.savepoint.rollback();
    this.session.afterSavepointRollback();
  }
}
