import { freePort } from '@athanor/testing';
import { findPostgresBinaries, startPrivateReplication } from './private-replication.js';

/**
 * Starts, once per test run, a private PostgreSQL primary and a hot standby streaming from it
 * (test/private-replication.ts), for the read-replica tests (test/replicas.test.ts,
 * test/conformance-replicas.test.ts), and stops both when the run ends.
 *
 * ATHANOR_PG_PRIMARY_URL and ATHANOR_PG_REPLICA_URL point the tests at a pair already running
 * instead (the replica a physical standby of the primary). Without PostgreSQL's server programs
 * the tests skip with a message, except under CI=true, where the run fails.
 */

/** What the setup gives the test files, through vitest's `inject('replication')`. */
export type ReplicationTarget =
  | { readonly primaryUrl: string; readonly replicaUrl: string; readonly unavailable?: undefined }
  | { readonly unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    replication: ReplicationTarget;
  }
}

interface Provider {
  provide(key: 'replication', value: ReplicationTarget): void;
}

export default async function setup(project: Provider): Promise<(() => Promise<void>) | void> {
  const primaryUrl = process.env.ATHANOR_PG_PRIMARY_URL;
  const replicaUrl = process.env.ATHANOR_PG_REPLICA_URL;
  if (primaryUrl && replicaUrl) {
    project.provide('replication', { primaryUrl, replicaUrl });
    return;
  }
  const unavailable = (reason: string) => {
    const message =
      `cannot start a PostgreSQL primary with a hot standby: ${reason}; ` +
      'set ATHANOR_PG_PRIMARY_URL and ATHANOR_PG_REPLICA_URL to point at a running pair';
    if (process.env.CI === 'true') throw new Error(`${message}. Under CI=true this fails.`);
    console.warn(`\n[athanor postgres] SKIPPING the read-replica tests: ${message}.\n`);
    project.provide('replication', { unavailable: message });
  };
  const bin = findPostgresBinaries();
  if (!bin) {
    unavailable(
      "PostgreSQL's server programs (initdb, pg_basebackup, postgres) are not installed " +
        '(apt-get install postgresql, or set ATHANOR_PG_BINDIR)',
    );
    return;
  }
  let pair: Awaited<ReturnType<typeof startPrivateReplication>>;
  try {
    pair = await startPrivateReplication(bin, [await freePort(), await freePort()]);
  } catch (error) {
    unavailable(error instanceof Error ? error.message : String(error));
    return;
  }
  project.provide('replication', { primaryUrl: pair.primaryUrl, replicaUrl: pair.replicaUrl });
  return pair.stop;
}
