import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection } from 'mysql2/promise';

/** A MariaDB server a test file started for itself. */
export interface PrivateMariadb {
  /** `mysql://root@127.0.0.1:PORT/test`. */
  readonly url: string;
  /**
   * Stops the server and starts it again on the same data directory and port: `fast` as an
   * administrator does (SIGTERM, a clean shutdown), `immediate` as a crash does (SIGKILL, crash
   * recovery at the start). Resolves when it accepts connections again.
   */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/** Where a program is: on PATH, or in the sbin directories Debian puts `mariadbd` in. */
export function findProgram(name: string): string | undefined {
  const directories = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/sbin',
    '/usr/local/sbin',
  ];
  for (const directory of directories) {
    const path = join(directory, name);
    if (directory && existsSync(path)) return path;
  }
  return undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a private MariaDB on `port` with the given server options, in a fresh data directory
 * under the OS temporary directory, and creates its `test` database. Returns why not, as a
 * sentence, when the MariaDB programs are not installed.
 *
 * `--no-defaults` keeps the machine's configuration (which may force `user=mysql` or a port)
 * out; the character set is the one the shared test server uses. The server gets a temporary
 * directory of its own: at start-up MariaDB deletes every `#sql*` file in its tmpdir, and in the
 * shared /tmp those are the temporary tables of the machine's own server, whose queries then
 * failed with "Error on delete of '/tmp/#sql-temptable-…'". Readiness is waited for by
 * attempts, not by a wall-clock limit, and generously: a busy machine starts servers slowly.
 */
export async function startPrivateMariadb(options: {
  readonly port: number;
  readonly serverArgs: readonly string[];
}): Promise<PrivateMariadb | string> {
  const installDb = findProgram('mariadb-install-db');
  const mariadbd = findProgram('mariadbd');
  if (!installDb || !mariadbd) {
    return 'the MariaDB server programs (mariadb-install-db, mariadbd) are not installed';
  }
  const directory = await mkdtemp(join(tmpdir(), 'athanor-mariadb-'));
  const dataDir = join(directory, 'data');
  const tmpDir = join(directory, 'tmp');
  await mkdir(tmpDir);
  await promisify(execFile)(installDb, [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--auth-root-authentication-method=normal',
    // Its bootstrap server, too, deletes the `#sql*` files of the tmpdir it is given: those of
    // another bootstrap running at once when it was the shared /tmp.
    `--tmpdir=${tmpDir}`,
  ]);
  const logFile = join(directory, 'mariadbd.log');
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${options.port}`,
    `--socket=${join(directory, 'mariadbd.sock')}`,
    `--tmpdir=${tmpDir}`,
    '--bind-address=127.0.0.1',
    '--user=root',
    `--log-error=${logFile}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_general_ci',
    '--innodb-buffer-pool-size=32M',
    ...options.serverArgs,
  ];
  let server: ChildProcess;
  let exited = false;
  let exit: Promise<void>;
  const launch = () => {
    server = spawn(mariadbd, args, { stdio: 'ignore' });
    exited = false;
    exit = new Promise<void>((resolve) => {
      server.once('exit', () => {
        exited = true;
        resolve();
      });
    });
  };

  const halt = async (mode: 'fast' | 'immediate') => {
    if (exited) return;
    if (mode === 'immediate') {
      server.kill('SIGKILL');
      await exit;
      return;
    }
    server.kill('SIGTERM');
    // A clean shutdown flushes InnoDB; wait for it, then force it if it hangs. The timer is
    // cleared once the server is down: left running it kept the test run alive for a minute.
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), 60_000);
    });
    const stopped = await Promise.race([exit.then(() => true), hung]);
    clearTimeout(timer);
    if (!stopped) server.kill('SIGKILL');
    await exit;
  };
  const stop = async () => {
    await halt('fast');
    await rm(directory, { recursive: true, force: true });
  };

  const log = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15);
  /** Waits until the server takes connections, and runs `ready` on one. */
  const accepting = async (ready: (connection: Connection) => Promise<void>) => {
    for (let attempt = 0; ; attempt++) {
      if (exited) {
        await stop();
        throw new Error(
          `The private MariaDB on port ${options.port} exited while starting:\n${(await log()).join('\n')}`,
        );
      }
      try {
        const connection = await createConnection({
          host: '127.0.0.1',
          port: options.port,
          user: 'root',
        });
        await ready(connection);
        await connection.end();
        return;
      } catch (error) {
        if (attempt >= 600) {
          await stop();
          throw new Error(
            `The private MariaDB on port ${options.port} never accepted connections`,
            { cause: error },
          );
        }
        await sleep(200);
      }
    }
  };

  launch();
  await accepting(async (connection) => {
    // mariadb-install-db may have made `test` already, in the compiled-in latin1.
    await connection.query('CREATE DATABASE IF NOT EXISTS test');
    await connection.query('ALTER DATABASE test CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci');
  });
  const restart = async (mode: 'fast' | 'immediate') => {
    await halt(mode);
    launch();
    await accepting(async () => {});
  };
  return { url: `mysql://root@127.0.0.1:${options.port}/test`, restart, stop };
}
