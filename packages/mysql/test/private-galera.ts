import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@athanor/testing';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { findProgram, sleep } from './private-mariadb.js';

/** A MariaDB Galera cluster a test run started for itself, all nodes on 127.0.0.1. */
export interface PrivateGalera {
  /** `mysql://root@127.0.0.1:PORT/test`, one per node, node 1 (the bootstrap node) first. */
  readonly urls: readonly string[];
  /** Stops every node and deletes their directories. */
  stop(): Promise<void>;
}

/** Where Debian's galera-4 package puts the provider library. */
export const galeraProvider = '/usr/lib/galera/libgalera_smm.so';

/** Why a Galera cluster cannot be started on this machine, or undefined when it can. */
function missingPrograms(): string | undefined {
  const missing = ['mariadb-install-db', 'mariadbd', 'wsrep_sst_rsync', 'rsync'].filter(
    (name) => !findProgram(name),
  );
  if (!existsSync(galeraProvider)) missing.push(`${galeraProvider} (Debian package galera-4)`);
  return missing.length > 0 ? `not installed: ${missing.join(', ')}` : undefined;
}

/**
 * The user the servers run as. As root, `mysql`: the rsync SST script starts an rsync daemon,
 * and an rsync daemon started by root drops to `nobody`, which cannot write the joiner's data
 * directory; started by `mysql` it stays `mysql`. Anyone else runs the servers as themselves.
 */
async function serverUser(): Promise<{ name: string; uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const fields = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((entry) => entry[0] === 'mysql');
  if (!fields) throw new Error('Running as root, the Galera nodes need the user mysql: none.');
  return { name: 'mysql', uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** A node's ports: SQL, group communication (gmcast), incremental and full state transfer. */
interface NodePorts {
  readonly sql: number;
  readonly group: number;
  readonly ist: number;
  readonly sst: number;
}

/** One mariadbd of the cluster: its process, and whether it has exited. */
class GaleraNode {
  readonly server: ChildProcess;
  exited = false;
  readonly exit: Promise<void>;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly logFile: string,
    program: string,
    args: readonly string[],
  ) {
    this.server = spawn(program, args, { stdio: 'ignore' });
    this.exit = new Promise<void>((resolve) => {
      this.server.once('exit', () => {
        this.exited = true;
        resolve();
      });
    });
  }

  /** A clean shutdown (SIGTERM), forced (SIGKILL) if it hangs. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.server.kill('SIGTERM');
    const stopped = await Promise.race([
      this.exit.then(() => true),
      sleep(60_000).then(() => false),
    ]);
    if (!stopped) this.server.kill('SIGKILL');
    await this.exit;
  }

  async logTail(): Promise<string> {
    const log = await readFile(this.logFile, 'utf8').catch(() => '');
    return log.split('\n').slice(-20).join('\n');
  }

  /** The node's wsrep status variables, by name (throws while it does not take connections). */
  async status(): Promise<Map<string, string>> {
    const connection = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
    try {
      const [rows] = await connection.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'wsrep\\_%'");
      return new Map(
        rows.map((row) => [String(row.Variable_name).toLowerCase(), String(row.Value)]),
      );
    } finally {
      await connection.end();
    }
  }

  /**
   * Polls the node's status until it is Synced, ready and sees `size` members. Polled by
   * attempts (up to five minutes' worth): a joiner first receives the whole data directory
   * (SST), and a busy machine does that slowly. Throws, with the node's log, if it exits.
   */
  async synced(size: number): Promise<void> {
    let last = 'no connection yet';
    for (let attempt = 0; attempt < 1500; attempt++) {
      if (this.exited) {
        throw new Error(`Galera ${this.name} exited while starting:\n${await this.logTail()}`);
      }
      const status = await this.status().catch((error: Error) => error);
      if (status instanceof Map) {
        last = `wsrep_ready=${status.get('wsrep_ready')}, state ${status.get('wsrep_local_state_comment')}, cluster size ${status.get('wsrep_cluster_size')}`;
        if (
          status.get('wsrep_ready') === 'ON' &&
          status.get('wsrep_local_state_comment') === 'Synced' &&
          Number(status.get('wsrep_cluster_size')) === size
        ) {
          return;
        }
      } else {
        last = status.message;
      }
      await sleep(200);
    }
    throw new Error(`Galera ${this.name} never joined a cluster of ${size} (${last})`);
  }
}

/**
 * Starts a Galera cluster of `size` private MariaDB nodes on free loopback ports, in a fresh
 * directory under the OS temporary directory: node 1 bootstraps the cluster
 * (`--wsrep-new-cluster`) and gets the only `mariadb-install-db`; the others start empty and
 * join, receiving node 1's data by rsync SST. Resolves once every node is Synced in a cluster of
 * `size`, with a `test` database. Returns why not, as a sentence, when a program is missing.
 *
 * Each node has four ports of its own: SQL, group communication (gmcast, the `base_port`), IST
 * and SST, so clusters of several test runs on one machine never meet. The settings are the
 * ones Galera requires (`binlog_format=ROW`, `innodb_autoinc_lock_mode=2`, InnoDB), and
 * `wsrep_auto_increment_control` is left at its default, ON: each node numbers rows at a step of
 * `size` from its own offset.
 */
export async function startPrivateGalera(size = 3): Promise<PrivateGalera | string> {
  const missing = missingPrograms();
  if (missing) return missing;
  const mariadbd = findProgram('mariadbd') as string;
  const installDb = findProgram('mariadb-install-db') as string;
  const user = await serverUser();

  const directory = await mkdtemp(join(tmpdir(), 'athanor-galera-'));
  const ports: NodePorts[] = [];
  for (let i = 0; i < size; i++) {
    ports.push({
      sql: await freePort(),
      group: await freePort(),
      ist: await freePort(),
      sst: await freePort(),
    });
  }
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.group}`).join(',')}`;
  const nodes: GaleraNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(directory, { recursive: true, force: true });
  };

  const prepare = async (index: number) => {
    const nodeDir = join(directory, `node${index + 1}`);
    for (const dir of [nodeDir, join(nodeDir, 'tmp'), join(nodeDir, 'data')]) {
      await mkdir(dir, { recursive: true });
      if (user) await chown(dir, user.uid, user.gid);
    }
    return nodeDir;
  };
  const launch = (index: number, nodeDir: string, extra: readonly string[]) => {
    const p = ports[index] as NodePorts;
    const name = `node${index + 1}`;
    const logFile = join(nodeDir, 'mariadbd.log');
    const args = [
      '--no-defaults',
      `--datadir=${join(nodeDir, 'data')}`,
      `--port=${p.sql}`,
      `--socket=${join(nodeDir, 'mariadbd.sock')}`,
      `--tmpdir=${join(nodeDir, 'tmp')}`,
      '--bind-address=127.0.0.1',
      ...(user ? [`--user=${user.name}`] : []),
      `--log-error=${logFile}`,
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_general_ci',
      '--innodb-buffer-pool-size=32M',
      '--wsrep-on=ON',
      `--wsrep-provider=${galeraProvider}`,
      `--wsrep-cluster-address=${clusterAddress}`,
      `--wsrep-node-address=127.0.0.1:${p.group}`,
      `--wsrep-node-name=${name}`,
      `--wsrep-provider-options=base_port=${p.group};gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=16M`,
      '--wsrep-sst-method=rsync',
      `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`,
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--default-storage-engine=InnoDB',
      ...extra,
    ];
    const node = new GaleraNode(name, p.sql, logFile, mariadbd, args);
    nodes.push(node);
    return node;
  };

  try {
    // mkdtemp makes the directory private to its creator; the servers' user must get in.
    if (user) await chmod(directory, 0o755);
    const dirs = [];
    for (let i = 0; i < size; i++) dirs.push(await prepare(i));
    await promisify(execFile)(installDb, [
      '--no-defaults',
      `--datadir=${join(dirs[0] as string, 'data')}`,
      '--auth-root-authentication-method=normal',
      ...(user ? [`--user=${user.name}`] : []),
    ]);
    const first = launch(0, dirs[0] as string, ['--wsrep-new-cluster']);
    await first.synced(1);
    const connection = await createConnection({
      host: '127.0.0.1',
      port: first.port,
      user: 'root',
    });
    try {
      // Replicated to the joiners with the rest of node 1's data.
      await connection.query('CREATE DATABASE IF NOT EXISTS test');
      await connection.query(
        'ALTER DATABASE test CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci',
      );
    } finally {
      await connection.end();
    }
    const joiners = dirs.slice(1).map((dir, i) => launch(i + 1, dir, []));
    await Promise.all([...joiners, first].map((node) => node.synced(size)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: ports.map((p) => `mysql://root@127.0.0.1:${p.sql}/test`), stop };
}
