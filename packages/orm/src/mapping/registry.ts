import { ArgumentError } from '@athanor/core';
import type { EventDispatcher } from '@athanor/core/dialect';
import { type ModelEvents, modelDispatcher } from '../events/model-events.js';
import type { Mapper } from './mapper.js';
import { defineRelationship } from './relationship-accessor.js';

/**
 * The mappers of one declarative base (SQLAlchemy's `registry`). Relationships name their
 * targets with functions, so they are resolved together — `configure()` — on first use, once
 * every model they mention exists.
 */
export class Registry {
  readonly mappers: Mapper[] = [];
  /** Listeners for every model of the base: each model's dispatcher runs them first. */
  readonly events: EventDispatcher<ModelEvents> = modelDispatcher('a declarative base');
  #configured = false;
  #configuring = false;

  add(mapper: Mapper): void {
    this.mappers.push(mapper);
    this.#configured = false;
  }

  /** Something changed (a relationship was added): configure again on next use. */
  invalidate(): void {
    this.#configured = false;
  }

  /**
   * Resolves every relationship: targets, directions, join columns, `backref`s and
   * `backPopulates` partners. Runs by itself on first use; call it to see mapping errors early.
   * @throws {ArgumentError} for a relationship whose join cannot be worked out.
   */
  configure(): void {
    if (this.#configured || this.#configuring) return;
    this.#configuring = true;
    try {
      for (const mapper of this.mappers) {
        for (const relationship of mapper.relationships.values()) relationship.resolve();
      }
      for (const mapper of [...this.mappers]) {
        for (const relationship of [...mapper.relationships.values()]) {
          const name = relationship.options.backref;
          if (name === undefined) continue;
          const target = relationship.target;
          const existing = target.relationships.get(name);
          if (existing) {
            // Mapped on both sides already: fine if it names this one back, else a clash.
            if (existing.options.backPopulates === relationship.key) continue;
            throw new ArgumentError(
              `${relationship.name} has backref '${name}', but ${target.name} already has a relationship '${name}'. ` +
                `Drop the backref and link the two with backPopulates instead.`,
              { code: 'backref-clash' },
            );
          }
          const selfReferential = target === mapper;
          const backref = defineRelationship(target, name, () => mapper.entity, {
            // backPopulates is typed by the target model's keys, which a backref made at run
            // time cannot state; the key is the relationship this backref mirrors.
            backPopulates: relationship.key as never,
            secondary: relationship.options.secondary,
            foreignKeys: relationship.options.foreignKeys,
            primaryjoin: relationship.options.primaryjoin,
            remoteSide:
              selfReferential && relationship.direction === 'one-to-many'
                ? () => relationship.pairs.map((pair) => pair.local)
                : undefined,
          });
          backref.resolve();
        }
      }
      for (const mapper of this.mappers) {
        for (const relationship of mapper.relationships.values()) relationship.linkReverse();
      }
      this.#configured = true;
    } finally {
      this.#configuring = false;
    }
  }
}
