import {
  type Connection,
  type Engine,
  type Inspector,
  inspect as inspectEngine,
} from '@athanor/core';
import { UnmappedError } from '../errors.js';
import { EXPIRED, type InstanceState, type ObjectStatus, stateOf } from './instance-state.js';
import { findMapper, type Mapper } from './mapper.js';

/** What `inspect(instance)` tells about an object (SQLAlchemy's `InstanceState`). */
export class InstanceInspection {
  constructor(/** @internal */ readonly state: InstanceState) {}

  /** The object's state: transient, pending, persistent, deleted or detached. */
  get status(): ObjectStatus {
    return this.state.status;
  }

  get transient(): boolean {
    return this.state.status === 'transient';
  }

  get pending(): boolean {
    return this.state.status === 'pending';
  }

  get persistent(): boolean {
    return this.state.status === 'persistent';
  }

  get deleted(): boolean {
    return this.state.status === 'deleted';
  }

  get detached(): boolean {
    return this.state.status === 'detached';
  }

  /** The primary key values, once the object has a row. */
  get identity(): unknown[] | null {
    return this.state.key === undefined ? null : this.state.primaryKey();
  }

  /**
   * The shard the object's row is on, in a `ShardedSession` (SQLAlchemy's
   * `identity_token`); undefined elsewhere, and for a new object until its first flush.
   */
  get identityToken(): string | undefined {
    return this.state.identityToken;
  }

  /** True when attributes were set and not yet flushed. */
  get modified(): boolean {
    return this.state.changedColumns().length > 0;
  }

  /** Attributes that must be loaded again before they can be read. */
  get expiredAttributes(): string[] {
    return this.state.mapper.keys.filter((_, index) => this.state.values[index] === EXPIRED);
  }

  /** The mapper of the object's class. */
  get mapper(): Mapper {
    return this.state.mapper;
  }
}

/**
 * Inspects an object (its ORM state), a model class (its mapper), or an engine or connection
 * (Core's schema Inspector), as SQLAlchemy's `inspect()` does.
 */
export function inspect(subject: Engine | Connection): Inspector;
export function inspect(subject: abstract new (...args: never[]) => object): Mapper;
export function inspect(subject: object): InstanceInspection;
export function inspect(subject: unknown): unknown {
  const state = stateOf(subject);
  if (state) return new InstanceInspection(state);
  if (typeof subject === 'function') {
    const mapper = findMapper(subject);
    if (mapper) return mapper;
  }
  try {
    return inspectEngine(subject as Engine);
  } catch {
    throw new UnmappedError(
      'inspect() takes a model instance, a model class, an Engine or a Connection.',
      { code: 'unmapped-instance' },
    );
  }
}
