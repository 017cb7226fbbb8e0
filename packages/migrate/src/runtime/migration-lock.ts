import { createHash } from 'node:crypto';
import { type Connection, OperationalError, text } from '@athanor/core';

/** How long MySQL/MariaDB's GET_LOCK waits for another run to finish, in seconds. */
const mysqlLockTimeout = 600;

/**
 * Holds a lock for a whole migration run so two `upgrade`s at once apply each revision once.
 * PostgreSQL: a session advisory lock; MySQL/MariaDB: `GET_LOCK`. Both are taken on the
 * migration connection before the version is read, and outside any transaction (each commits
 * at once), so they outlive the per-migration transactions. SQLite and PGlite need none here:
 * each migration's transaction takes the database's write lock (SQLite's BEGIN IMMEDIATE,
 * PGlite's one session) and the runner reads the version inside it.
 */
export interface MigrationLock {
  acquire(connection: Connection): Promise<void>;
  release(connection: Connection): Promise<void>;
}

/**
 * Runs `work` holding `lock`. When `work` fails, its error is the one thrown: releasing the lock
 * then (a rollback and an unlock on a connection that may be dead) must not replace the error
 * that says what ran; the server drops the lock with the session anyway.
 */
export async function holdingLock<T>(
  lock: MigrationLock,
  connection: Connection,
  work: () => Promise<T>,
): Promise<T> {
  await lock.acquire(connection);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await lock.release(connection).catch(() => undefined);
    throw error;
  }
  await lock.release(connection);
  return result;
}

/** The lock for a dialect, named after the version table (one lock per version table). */
export function migrationLock(
  dialectName: string,
  database: string,
  versionTable: string,
): MigrationLock {
  const name = `athanor:${database}.${versionTable}`;
  if (dialectName === 'postgresql') return advisoryLock(name);
  if (dialectName === 'mysql') return namedLock(name);
  return { acquire: async () => undefined, release: async () => undefined };
}

function advisoryLock(name: string): MigrationLock {
  // Advisory locks take a 64-bit key; a hash of the name gives every version table its own.
  const key = createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
  return {
    async acquire(connection) {
      await connection.execute(text('SELECT pg_advisory_lock(CAST(:key AS BIGINT))'), { key });
      await connection.commit();
    },
    async release(connection) {
      await connection.rollback();
      await connection.execute(text('SELECT pg_advisory_unlock(CAST(:key AS BIGINT))'), { key });
      await connection.commit();
    },
  };
}

function namedLock(fullName: string): MigrationLock {
  // GET_LOCK names are at most 64 characters; a long one keeps a readable start and a hash.
  const name =
    fullName.length <= 64
      ? fullName
      : `${fullName.slice(0, 47)}:${createHash('sha256').update(fullName).digest('hex').slice(0, 16)}`;
  return {
    async acquire(connection) {
      const result = await connection.execute(text('SELECT GET_LOCK(:name, :timeout) AS got'), {
        name,
        timeout: mysqlLockTimeout,
      });
      await connection.commit();
      if (Number(result.one().got) !== 1) {
        throw new OperationalError(
          `Another migration run has held the lock '${name}' for ${mysqlLockTimeout} s. ` +
            'Wait for it to finish (or end the session holding it), then run again.',
          { code: 'migration-lock-timeout' },
        );
      }
    },
    async release(connection) {
      await connection.rollback();
      await connection.execute(text('SELECT RELEASE_LOCK(:name)'), { name });
      await connection.commit();
    },
  };
}
