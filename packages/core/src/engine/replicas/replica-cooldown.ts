import type { Engine } from '../engine.js';
import type { LogRecord } from '../logger.js';

/** The default of the engine option `replicaCooldown`, in milliseconds. */
export const defaultReplicaCooldown = 5000;

/**
 * Which replicas are set aside, and until when. A replica that failed to connect (or whose
 * pooled connection turned out dead) is not tried again for `cooldownMs`: without it every
 * read would first wait for an unreachable replica's refusal or connect timeout, and log a
 * warning of its own. After the cool-down the next read tries it again; if it still fails it
 * is set aside again, silently. One warning when a replica is set aside, one when it answers
 * again, so a log shows when each replica went away and came back. @internal
 */
export class ReplicaCooldown {
  /** The replicas set aside, with the time (`now()`) from which they may be tried again. */
  readonly #until = new Map<Engine, number>();

  constructor(
    private readonly cooldownMs: number,
    private readonly log: (level: LogRecord['level'], message: string) => void,
    // The clock, to be replaced in a test that must not depend on the machine's speed.
    private readonly now: () => number,
  ) {}

  /** Whether a read may try `replica` now: it is not set aside, or its cool-down is over. */
  mayTry(replica: Engine): boolean {
    const until = this.#until.get(replica);
    return until === undefined || this.now() >= until;
  }

  /** `replica` could not be reached: set it aside (warning only the first time). */
  failed(replica: Engine, error: unknown): void {
    if (!this.#until.has(replica)) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.log(
        'warning',
        `Replica ${replica.url} skipped, it cannot be reached: ${reason}. ` +
          `Reads go to the other replicas or the primary; it is tried again after ${this.cooldownMs} ms.`,
      );
    }
    this.#until.set(replica, this.now() + this.cooldownMs);
  }

  /** `replica` answered: if it was set aside, it takes reads again. */
  answered(replica: Engine): void {
    if (!this.#until.delete(replica)) return;
    this.log('warning', `Replica ${replica.url} answers again; reads go to it again.`);
  }
}
