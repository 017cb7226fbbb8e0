import { startPrivateGalera } from './private-galera.js';

/**
 * Starts, once per run of the `galera` test project, a private three-node MariaDB Galera cluster
 * (see private-galera.ts) for test/galera.test.ts, and stops it when the run ends.
 *
 * ATHANOR_GALERA_URLS points the tests at an existing cluster instead: three node URLs separated
 * by commas. Without the programs a cluster needs the tests skip with a message, except under
 * CI=true, where the run fails.
 */

/** What the setup gives the test file, through vitest's `inject('galera')`. */
export type GaleraTarget =
  | { readonly urls: readonly string[]; readonly startMs?: number }
  | { readonly unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    galera: GaleraTarget;
  }
}

interface Provider {
  provide(key: 'galera', value: GaleraTarget): void;
}

const envVar = 'ATHANOR_GALERA_URLS';

export default async function setup(project: Provider): Promise<(() => Promise<void>) | void> {
  const outside = process.env[envVar];
  if (outside) {
    const urls = outside.split(',').map((url) => url.trim());
    if (urls.length !== 3) {
      throw new Error(
        `${envVar} must name three node URLs separated by commas, got ${urls.length}`,
      );
    }
    project.provide('galera', { urls });
    return;
  }
  const started = Date.now();
  const cluster = await startPrivateGalera(3);
  if (typeof cluster === 'string') {
    const message = `cannot start a three-node MariaDB Galera cluster: ${cluster}; install them (apt-get install mariadb-server galera-4 rsync) or set ${envVar} to three node URLs of a running cluster`;
    if (process.env.CI === 'true') throw new Error(`${message}. Under CI=true this fails.`);
    console.warn(`SKIPPING the Galera tests: ${message}.`);
    project.provide('galera', { unavailable: message });
    return;
  }
  const startMs = Date.now() - started;
  console.log(`[athanor galera] three-node cluster started in ${(startMs / 1000).toFixed(1)} s`);
  project.provide('galera', { urls: cluster.urls, startMs });
  return () => cluster.stop();
}
