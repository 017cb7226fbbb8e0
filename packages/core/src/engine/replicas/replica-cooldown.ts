import type { Engine } from '../engine.js';
import type { LogRecord } from '../logger.js';

/** The default of the engine option `replicaCooldown`, in milliseconds. */
export const defaultReplicaCooldown = 5000;

/**
 * Which replicas are set aside, and until when. A replica that failed to connect (or whose
 * pooled connection turned out dead) is not tried again for `cooldownMs`: without it every
 * read would first wait for an unreachable replica's refusal or connect timeout, and log a
 * warning of its own. After the cool-down one read tries it again (the others keep skipping
 * it while that probe is under way); if it still fails it is set aside again, silently. One
 * warning when a replica is set aside, one when it answers again, so a log shows when each
 * replica went away and came back. @internal
 */
export class ReplicaCooldown {
  /** The replicas set aside: from when (`now()`) they may be tried again, and the failure's tick. */
  readonly #setAside = new Map<Engine, { until: number; failedAt: number }>();
  /** Counts attempts and failures, so that a success is matched to what happened before it. */
  #tick = 0;

  constructor(
    private readonly cooldownMs: number,
    private readonly log: (level: LogRecord['level'], message: string) => void,
    // The clock, to be replaced in a test that must not depend on the machine's speed.
    private readonly now: () => number,
  ) {}

  /** Whether `replica` is a candidate for a read: not set aside, or its cool-down is over. */
  mayTry(replica: Engine): boolean {
    const entry = this.#setAside.get(replica);
    return entry === undefined || this.now() >= entry.until;
  }

  /**
   * A read is about to try `replica`: its ticket, or `undefined` when it is set aside. The
   * first read after a cool-down takes the probe: the cool-down starts again for the others,
   * so that many reads at once do not all wait for a replica that may still be gone.
   */
  attempt(replica: Engine): number | undefined {
    const entry = this.#setAside.get(replica);
    if (entry !== undefined) {
      if (this.now() < entry.until) return undefined;
      entry.until = this.now() + this.cooldownMs;
    }
    return ++this.#tick;
  }

  /** `replica` could not be reached: set it aside (warning only when it was not already). */
  failed(replica: Engine, error: unknown): void {
    const until = this.now() + this.cooldownMs;
    const entry = this.#setAside.get(replica);
    if (entry !== undefined) {
      entry.until = until;
      entry.failedAt = ++this.#tick;
      return;
    }
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    this.log(
      'warning',
      `Replica ${replica.url} skipped, it cannot be reached: ${reason}. ` +
        `Reads go to the other replicas or the primary; it is tried again after ${this.cooldownMs} ms.`,
    );
    this.#setAside.set(replica, { until, failedAt: ++this.#tick });
  }

  /**
   * The attempt with `ticket` on `replica` succeeded. It takes reads again only if that attempt
   * began after its last failure: a read already under way on a half-working replica (one
   * whose old connections work while new ones are refused) proves nothing about it.
   */
  answered(replica: Engine, ticket: number): void {
    const entry = this.#setAside.get(replica);
    if (entry === undefined || ticket < entry.failedAt) return;
    this.#setAside.delete(replica);
    this.log('warning', `Replica ${replica.url} answers again; reads go to it again.`);
  }
}
