import type { Connection, Engine } from '@athanor/core';

/**
 * The connections a session holds in its transaction, one per engine it has used (SQLAlchemy's
 * `SessionTransaction` keeps one per bind the same way). For an engine with read replicas the
 * session reads on a replica until it writes: from then on, until the transaction ends, it
 * reads on the primary too, where its own writes are (read-your-writes).
 */
export class SessionConnections {
  /** Connections to primaries (each engine's own URL), where writes go. */
  readonly #primaries = new Map<Engine, Connection>();
  /** Connections to replicas, by the engine they are replicas of; dropped when it writes. */
  readonly #replicas = new Map<Engine, Connection>();
  readonly #openings = new WeakMap<
    Engine,
    { primary?: Promise<Connection>; replica?: Promise<Connection> }
  >();

  /**
   * @param onOpen Called with each connection the session opens, before it is used (the
   * session's `afterBegin` event); a connection it fails on is closed.
   */
  constructor(readonly onOpen?: (connection: Connection) => Promise<void>) {}

  /** The connection to `engine`'s primary, opened on first use; a replica one is let go. */
  async primary(engine: Engine): Promise<Connection> {
    const known = this.#primaries.get(engine);
    if (known) return known;
    const connection = await this.#open(engine, 'primary', () => engine.connect());
    this.#primaries.set(engine, connection);
    const replica = this.#replicas.get(engine);
    if (replica) {
      this.#replicas.delete(engine);
      await replica.close();
    }
    return connection;
  }

  /**
   * The connection to read through: the primary's when the session has one on `engine` (it
   * may have written), the engine has no replicas or `usePrimary` asks; else a replica's.
   */
  async forRead(engine: Engine, usePrimary: boolean): Promise<Connection> {
    const primary = this.#primaries.get(engine);
    if (primary) return primary;
    if (usePrimary || engine.replicas.length === 0) return this.primary(engine);
    const known = this.#replicas.get(engine);
    if (known) return known;
    const connection = await this.#open(engine, 'replica', () => engine.connectForRead());
    // A write may have opened the primary meanwhile: then read there.
    if (this.#primaries.has(engine)) {
      await connection.close();
      return this.#primaries.get(engine) as Connection;
    }
    this.#replicas.set(engine, connection);
    return connection;
  }

  /** The primary connection to `engine`, if the session has one. */
  primaryOf(engine: Engine): Connection | undefined {
    return this.#primaries.get(engine);
  }

  /** True while a transaction is open on any of them. */
  inTransaction(): boolean {
    for (const connection of [...this.#primaries.values(), ...this.#replicas.values()]) {
      if (connection.inTransaction()) return true;
    }
    return false;
  }

  /** Commits on each primary in turn (not two-phase, as SQLAlchemy without `twophase`). */
  async commit(): Promise<void> {
    for (const connection of this.#primaries.values()) {
      if (connection.inTransaction()) await connection.commit();
    }
  }

  /** Rolls back everywhere, ignoring connections already lost. */
  async rollback(): Promise<void> {
    for (const connection of [...this.#primaries.values(), ...this.#replicas.values()]) {
      await connection.rollback().catch(() => undefined);
    }
  }

  /** Returns every connection to its pool (rolling back what is left) and forgets them. */
  async release(): Promise<void> {
    const all = [...this.#primaries.values(), ...this.#replicas.values()];
    this.#primaries.clear();
    this.#replicas.clear();
    for (const connection of all) await connection.close();
  }

  /** One checkout per engine and kind at a time, however many calls overlap. */
  async #open(
    engine: Engine,
    kind: 'primary' | 'replica',
    connect: () => Promise<Connection>,
  ): Promise<Connection> {
    const pending = this.#openings.get(engine) ?? {};
    this.#openings.set(engine, pending);
    pending[kind] ??= connect()
      .then((connection) => this.#opened(connection))
      .finally(() => {
        pending[kind] = undefined;
      });
    return pending[kind];
  }

  async #opened(connection: Connection): Promise<Connection> {
    if (this.onOpen === undefined) return connection;
    try {
      await this.onOpen(connection);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    return connection;
  }
}
