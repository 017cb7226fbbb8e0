import { type ChildProcess, execFile, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/** A private PostgreSQL primary and a hot standby streaming from it. */
export interface PrivateReplication {
  /** `postgresql://postgres@127.0.0.1:PORT/test` on the primary. */
  readonly primaryUrl: string;
  /** The same database on the hot standby (read-only, `pg_is_in_recovery()` true). */
  readonly replicaUrl: string;
  /** Stops both servers and deletes their data directories. */
  stop(): Promise<void>;
}

/**
 * The directory of PostgreSQL's server programs: ATHANOR_PG_BINDIR, else where `initdb` is on
 * PATH, else the newest /usr/lib/postgresql/<version>/bin (Debian keeps them off PATH).
 */
export function findPostgresBinaries(): string | undefined {
  const fromEnv = process.env.ATHANOR_PG_BINDIR;
  if (fromEnv) return fromEnv;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder && existsSync(join(folder, 'initdb')) && existsSync(join(folder, 'pg_basebackup')))
      return folder;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/**
 * Makes a real physical replica pair: `initdb` a primary in a private folder, start it on
 * `ports[0]`, take a `pg_basebackup -R` of it (the `-R` writes `standby.signal` and
 * `primary_conninfo`), and start that as a hot standby on `ports[1]`. Both small and unsynced
 * (`fsync=off`): they are thrown away at the end, and a base backup of a fresh cluster takes
 * about a second.
 *
 * Why a private primary rather than a standby of the machine's server: that server refuses
 * replication connections (its pg_hba.conf has no `replication` line), and editing a shared
 * server's authentication while other test runs use it is not a test's business. Here the pair
 * is the test's own, on free ports, so parallel runs never meet, and no root is needed.
 *
 * PostgreSQL refuses to run as root: as root, the programs run as the `postgres` user (through
 * `runuser`), who is given the folder. Each server runs in the foreground under a shell that
 * stops it when the shell's stdin closes: at `stop()`, and also when the test run dies without
 * calling it, so no server outlives the run.
 */
export async function startPrivateReplication(
  bin: string,
  ports: readonly [number, number],
): Promise<PrivateReplication> {
  const directory = await mkdtemp(join(tmpdir(), 'athanor-pg-replication-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all([idOf('-u'), idOf('-g')]);
    await chown(directory, uid, gid);
  }
  const run = async (program: string, args: readonly string[]) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), [...args]];
    try {
      await promisify(execFile)(file, argv, { cwd: directory });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`${program} ${args.join(' ')} failed: ${stderr || String(error)}`);
    }
  };
  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const primaryDir = join(directory, 'primary');
    const standbyDir = join(directory, 'standby');
    // initdb's default pg_hba.conf with --auth=trust lets local replication connections in.
    await run('initdb', [
      '-D',
      primaryDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    // Asynchronous by default (`local`), so reads can run ahead of replay as they do in
    // production; a session that sets synchronous_commit = remote_apply waits at each commit
    // until the standby has applied it (what the conformance run through replicas does).
    servers.push(
      await startServer(bin, primaryDir, ports[0], directory, asRoot, [
        'synchronous_standby_names=*',
        'synchronous_commit=local',
      ]),
    );
    await run('createdb', ['-h', '127.0.0.1', '-p', String(ports[0]), '-U', 'postgres', 'test']);
    // `-c fast`: a checkpoint now, instead of waiting for a spread one.
    await run('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(ports[0]), '-U', 'postgres'],
      ...['-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
    ]);
    servers.push(await startServer(bin, standbyDir, ports[1], directory, asRoot));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    primaryUrl: `postgresql://postgres@127.0.0.1:${ports[0]}/test`,
    replicaUrl: `postgresql://postgres@127.0.0.1:${ports[1]}/test`,
    stop,
  };
}

interface Server {
  stop(): Promise<void>;
}

async function idOf(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await promisify(execFile)('id', [flag, 'postgres']);
  return Number(stdout);
}

async function startServer(
  bin: string,
  dataDir: string,
  port: number,
  socketDir: string,
  asRoot: boolean,
  extraSettings: readonly string[] = [],
): Promise<Server> {
  const logFile = `${dataDir}.log`;
  const settings = [
    `port=${port}`,
    'listen_addresses=127.0.0.1',
    `unix_socket_directories=${socketDir}`,
    'shared_buffers=16MB',
    'max_connections=50',
    'fsync=off',
    'full_page_writes=off',
    ...extraSettings,
  ];
  const options = settings.flatMap((setting) => ['-c', setting]);
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is lost that matters here.
  const command = `${[join(bin, 'postgres'), '-D', dataDir, ...options].map(quote).join(' ')} 2>${quote(logFile)} & pid=$!; read _; kill -INT $pid; wait $pid`;
  const spawnOptions: SpawnOptions = { stdio: ['pipe', 'ignore', 'ignore'] };
  const child: ChildProcess = asRoot
    ? spawn('runuser', ['-u', 'postgres', '--', '/bin/sh', '-c', command], spawnOptions)
    : spawn('/bin/sh', ['-c', command], spawnOptions);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    child.stdin?.end();
    // Bounded: a fast shutdown takes well under a second, but the machine may be busy.
    await Promise.race([exit, sleep(30_000, undefined, { ref: false })]);
  };
  // Ready when pg_isready says so (a standby: once it is consistent and takes read-only
  // sessions). Bounded by attempts, generously: a busy machine starts servers slowly.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exited) break;
    const ready = await promisify(execFile)(join(bin, 'pg_isready'), [
      ...['-h', '127.0.0.1', '-p', String(port), '-q'],
    ]).then(
      () => true,
      () => false,
    );
    if (ready) return { stop };
    await sleep(100);
  }
  const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
  await stop();
  throw new Error(
    `PostgreSQL on ${dirname(logFile)} did not start on port ${port}. Its log:\n${log}`,
  );
}
