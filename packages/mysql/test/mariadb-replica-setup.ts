import { startPrivateMariadbReplication } from './private-mariadb-replication.js';

/**
 * Starts, once per run of the `mariadb-replicas` test project, a private MariaDB primary and a
 * replica replicating from it (test/private-mariadb-replication.ts), for the read-replica tests
 * (test/mariadb-replica*.test.ts), and stops both when the run ends.
 *
 * ATHANOR_MARIADB_PRIMARY_URL and ATHANOR_MARIADB_REPLICA_URL point the tests at a pair already
 * running instead (the replica replicating from the primary, and `server_id` 1 and 2 as here:
 * the tests tell the servers apart by it). Without the MariaDB server programs the tests skip
 * with a message, except under CI=true, where the run fails.
 */

/** What the setup gives the test files, through vitest's `inject('mariadbReplication')`. */
export type MariadbReplicationTarget =
  | { readonly primaryUrl: string; readonly replicaUrl: string; readonly unavailable?: undefined }
  | { readonly unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    mariadbReplication: MariadbReplicationTarget;
  }
}

interface Provider {
  provide(key: 'mariadbReplication', value: MariadbReplicationTarget): void;
}

export default async function setup(project: Provider): Promise<(() => Promise<void>) | void> {
  const primaryUrl = process.env.ATHANOR_MARIADB_PRIMARY_URL;
  const replicaUrl = process.env.ATHANOR_MARIADB_REPLICA_URL;
  if (primaryUrl && replicaUrl) {
    project.provide('mariadbReplication', { primaryUrl, replicaUrl });
    return;
  }
  const started = Date.now();
  const pair = await startPrivateMariadbReplication();
  if (typeof pair === 'string') {
    const message =
      `cannot start a MariaDB primary with a replica: ${pair}; install them ` +
      '(apt-get install mariadb-server) or set ATHANOR_MARIADB_PRIMARY_URL and ' +
      'ATHANOR_MARIADB_REPLICA_URL to point at a running pair';
    if (process.env.CI === 'true') throw new Error(`${message}. Under CI=true this fails.`);
    console.warn(`\n[athanor mysql] SKIPPING the MariaDB read-replica tests: ${message}.\n`);
    project.provide('mariadbReplication', { unavailable: message });
    return;
  }
  console.log(
    `[athanor mysql] MariaDB primary and replica started in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  project.provide('mariadbReplication', {
    primaryUrl: pair.primaryUrl,
    replicaUrl: pair.replicaUrl,
  });
  return pair.stop;
}
