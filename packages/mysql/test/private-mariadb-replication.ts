import { freePort } from '@athanor/testing';
import { createConnection } from 'mysql2/promise';
import { type PrivateMariadb, startPrivateMariadb } from './private-mariadb.js';

/** A private MariaDB primary and a replica replicating from it. */
export interface PrivateMariadbReplication {
  /** `mysql://root@127.0.0.1:PORT/test` on the primary (`server_id` 1). */
  readonly primaryUrl: string;
  /** The same database on the replica (`server_id` 2, `read_only`). */
  readonly replicaUrl: string;
  /** Stops both servers and deletes their data directories. */
  stop(): Promise<void>;
}

/** The primary's options: a binary log in row format, which the replica reads. */
export const primaryArgs = ['--log-bin=mariadb-bin', '--server-id=1', '--binlog-format=ROW'];
/** The replica's options: refuses writes from users without READ ONLY ADMIN. */
export const replicaArgs = ['--server-id=2', '--read-only=ON'];

/**
 * Makes a real MariaDB replication pair: two private servers (private-mariadb.ts) on free ports,
 * started at once, and the second made a replica of the first with GTIDs
 * (`MASTER_USE_GTID=slave_pos`: it replays the primary's binary log from the start, the two
 * servers being fresh). Resolves once the replica has applied what the primary has logged so
 * far, so replication is known to run. Returns why not, as a sentence, when the MariaDB server
 * programs are not installed.
 */
export async function startPrivateMariadbReplication(): Promise<
  PrivateMariadbReplication | string
> {
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started = await Promise.allSettled([
    startPrivateMariadb({ port: primaryPort, serverArgs: primaryArgs }),
    startPrivateMariadb({ port: replicaPort, serverArgs: replicaArgs }),
  ]);
  const servers = started.flatMap((each) =>
    each.status === 'fulfilled' && typeof each.value !== 'string' ? [each.value] : [],
  );
  const stop = async () => void (await Promise.all(servers.map((server) => server.stop())));
  const [primary, replica] = started.map((each) =>
    each.status === 'fulfilled' ? each.value : undefined,
  );
  if (typeof primary !== 'object' || typeof replica !== 'object') {
    await stop();
    const failed = started.find((each) => each.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
    return String(typeof primary === 'string' ? primary : replica);
  }
  try {
    await replicate(primary, replica, primaryPort);
  } catch (error) {
    await stop();
    throw error;
  }
  return { primaryUrl: primary.url, replicaUrl: replica.url, stop };
}

async function replicate(
  primary: PrivateMariadb,
  replica: PrivateMariadb,
  primaryPort: number,
): Promise<void> {
  const onPrimary = await createConnection(primary.url);
  const onReplica = await createConnection(replica.url);
  try {
    await onReplica.query(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primaryPort}, ` +
        `MASTER_USER='root', MASTER_USE_GTID=slave_pos`,
    );
    await onReplica.query('START SLAVE');
    const [[{ position }]] = (await onPrimary.query(
      'SELECT @@gtid_binlog_pos AS position',
    )) as unknown as [[{ position: string }]];
    // A bound on a wait that ends as soon as the replica has caught up, not a guessed delay.
    const [[{ waited }]] = (await onReplica.query('SELECT MASTER_GTID_WAIT(?, 120) AS waited', [
      position,
    ])) as unknown as [[{ waited: number }]];
    if (waited !== 0) {
      const [status] = await onReplica.query('SHOW SLAVE STATUS');
      throw new Error(
        `The private MariaDB replica did not catch up with its primary (GTID ${position}): ` +
          JSON.stringify(status),
      );
    }
  } finally {
    await Promise.all([onPrimary.end(), onReplica.end()]);
  }
}
