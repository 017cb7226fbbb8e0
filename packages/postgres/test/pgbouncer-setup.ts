import { type ChildProcess, execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeUrl } from '@athanor/core';
import { freePort } from '@athanor/testing';

/**
 * Starts a private PgBouncer in transaction pooling mode in front of the test PostgreSQL, for
 * the tests that check the dialect behind one (test/pgbouncer.test.ts,
 * test/conformance-pgbouncer.test.ts), and stops it when the run ends.
 *
 * It serves two databases, both the test database underneath:
 * - `test`: a pool of 2 server connections, fewer than the tests' clients, so transactions of
 *   one client land on different server connections, as in production;
 * - `test_single`: a pool of 1, so two clients take turns on the same server connection, which
 *   makes the failure of named prepared statements, and the leaks of session state, reproducible;
 * - `test_session_state`: a pool of 1 too, for test/pgbouncer-session-state.test.ts alone, so
 *   the session state it leaves on purpose meets no other test file's;
 * - `test_statement`: statement pooling (`pool_mode=statement`), a pool of 2.
 *
 * ATHANOR_PGBOUNCER_URL points the tests at a PgBouncer already running (in transaction mode)
 * instead; the tests that need the pool of 1 or statement pooling then skip. Without the `pgbouncer` binary the
 * tests skip with a message, except under CI=true, where the run fails.
 */

/** What the setup gives the test files, through vitest's `inject('pgbouncer')`. */
export type PgBouncerTarget =
  | {
      /** A database behind PgBouncer in transaction mode, its pool smaller than the clients. */
      readonly url: string;
      /** The same database with a pool of one server connection; absent for an outside PgBouncer. */
      readonly singleConnectionUrl: string | undefined;
      /** Another pool of one server connection, for the session state tests; absent outside. */
      readonly sessionStateUrl: string | undefined;
      /** The same database behind statement pooling; absent for an outside PgBouncer. */
      readonly statementUrl: string | undefined;
      /** PgBouncer's admin console (`RECONNECT`, `SHOW POOLS`); absent for an outside PgBouncer. */
      readonly adminUrl: string | undefined;
      readonly unavailable?: undefined;
    }
  | { readonly unavailable: string };

declare module 'vitest' {
  export interface ProvidedContext {
    pgbouncer: PgBouncerTarget;
  }
}

interface Provider {
  provide(key: 'pgbouncer', value: PgBouncerTarget): void;
}

const backend = makeUrl(process.env.ATHANOR_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test');
const user = backend.username ?? 'postgres';

export default async function setup(project: Provider): Promise<(() => Promise<void>) | void> {
  const outside = process.env.ATHANOR_PGBOUNCER_URL;
  if (outside) {
    project.provide('pgbouncer', {
      url: outside,
      singleConnectionUrl: undefined,
      statementUrl: undefined,
      sessionStateUrl: undefined,
      adminUrl: undefined,
    });
    return;
  }
  const binary = findPgBouncer();
  if (!binary) {
    const reason =
      'the pgbouncer binary is not installed (apt-get install -y pgbouncer), and ' +
      'ATHANOR_PGBOUNCER_URL does not point at a running PgBouncer in transaction pooling mode';
    if (process.env.CI === 'true')
      throw new Error(`[athanor postgres] ${reason}; under CI=true this fails.`);
    console.warn(`\n[athanor postgres] SKIPPING the PgBouncer tests: ${reason}.\n`);
    project.provide('pgbouncer', { unavailable: reason });
    return;
  }
  const server = await startPgBouncer(binary);
  project.provide('pgbouncer', {
    url: `postgresql://${user}@127.0.0.1:${server.port}/test`,
    singleConnectionUrl: `postgresql://${user}@127.0.0.1:${server.port}/test_single`,
    sessionStateUrl: `postgresql://${user}@127.0.0.1:${server.port}/test_session_state`,
    statementUrl: `postgresql://${user}@127.0.0.1:${server.port}/test_statement`,
    adminUrl: `postgresql://${user}@127.0.0.1:${server.port}/pgbouncer`,
  });
  return server.stop;
}

/** The pgbouncer binary: on PATH, or in /usr/sbin where Debian puts it (not on a user's PATH). */
function findPgBouncer(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return folders.map((folder) => join(folder, 'pgbouncer')).find((path) => existsSync(path));
}

async function startPgBouncer(
  binary: string,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'athanor-pgbouncer-'));
  const port = await freePort();
  const ini = join(dir, 'pgbouncer.ini');
  const logFile = join(dir, 'pgbouncer.log');
  const target = `host=${backend.host ?? '127.0.0.1'} port=${backend.port ?? 5432} dbname=${backend.database || 'test'}`;
  await writeFile(join(dir, 'users.txt'), `"${user}" ""\n`);
  await writeFile(
    ini,
    [
      '[databases]',
      `test = ${target} pool_size=2`,
      `test_single = ${target} pool_size=1`,
      `test_session_state = ${target} pool_size=1`,
      `test_statement = ${target} pool_size=2 pool_mode=statement`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      // A port free now, so never one a running service holds (Debian's own PgBouncer: 6432).
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `admin_users = ${user}`,
      'max_client_conn = 100',
      // pg sends these in its startup packet; PgBouncer refuses unknown ones.
      'ignore_startup_parameters = extra_float_digits,options,application_name',
      `logfile = ${logFile}`,
      '',
    ].join('\n'),
  );
  // In the foreground under a shell that stops it when its stdin closes: at teardown, and also
  // when the test run dies without one (interrupted, killed), so it never outlives the run.
  const command = `'${binary}' '${ini}' & pid=$!; read _; kill $pid; wait $pid`;
  const options: SpawnOptions = { stdio: ['pipe', 'ignore', 'ignore'] };
  // PgBouncer refuses to run as root: as root, run it as the postgres user, who owns the folder.
  let child: ChildProcess;
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    for (const path of [dir, ini, join(dir, 'users.txt')]) await chown(path, uid, gid);
    child = spawn('su', ['postgres', '-s', '/bin/sh', '-c', command], options);
  } else {
    child = spawn('/bin/sh', ['-c', command], options);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin?.end();
    // Bounded: PgBouncer stops at once on SIGTERM, but the machine may be busy.
    await Promise.race([exited, sleep(10_000, undefined, { ref: false })]);
    await rm(dir, { recursive: true, force: true });
  };

  // Bounded, generous: a busy machine may take seconds to start it.
  let listening = false;
  for (let attempt = 0; attempt < 100 && !listening; attempt++) {
    listening = await accepts(port);
    if (!listening) await sleep(200);
  }
  if (!listening) {
    const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
    await stop();
    throw new Error(`PgBouncer did not start listening on port ${port}. Its log:\n${log}`);
  }
  return { port, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
