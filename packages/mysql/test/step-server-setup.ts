import { freePort } from '@athanor/testing';
import { startPrivateMariadb } from './private-mariadb.js';

/**
 * Starts, once per test run, a private MariaDB that numbers rows 2, 5, 8, ... as one of three
 * primaries does (and Galera, per node), for test/auto-increment-step.test.ts, and stops it when
 * the run ends. It listens on a port free at the time, so runs on one machine never meet.
 *
 * ATHANOR_MYSQL_STEP_URL points the tests at such a server instead. Without the MariaDB server
 * programs the tests skip with a message, except under CI=true, where the run fails.
 */

/** What the setup gives the test file, through vitest's `inject('stepServer')`. */
export type StepServer = { readonly url: string } | { readonly unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    stepServer: StepServer;
  }
}

interface Provider {
  provide(key: 'stepServer', value: StepServer): void;
}

const envVar = 'ATHANOR_MYSQL_STEP_URL';
export const stepServerArgs = [
  '--auto-increment-increment=3',
  '--auto-increment-offset=2',
  '--innodb-autoinc-lock-mode=1',
];

export default async function setup(project: Provider): Promise<(() => Promise<void>) | void> {
  const outside = process.env[envVar];
  if (outside) {
    project.provide('stepServer', { url: outside });
    return;
  }
  const started = await startPrivateMariadb({ port: await freePort(), serverArgs: stepServerArgs });
  if (typeof started === 'string') {
    const message = `cannot start a MariaDB with ${stepServerArgs.join(' ')}: ${started}; set ${envVar} to point at one`;
    if (process.env.CI === 'true') throw new Error(`${message}. Under CI=true this fails.`);
    console.warn(`SKIPPING the auto_increment_increment tests: ${message}.`);
    project.provide('stepServer', { unavailable: message });
    return;
  }
  project.provide('stepServer', { url: started.url });
  return () => started.stop();
}
