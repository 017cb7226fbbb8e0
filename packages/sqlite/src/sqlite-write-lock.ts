/**
 * One writer at a time per SQLite database file in this process.
 *
 * better-sqlite3 waits for SQLite's file lock synchronously (its busy handler sleeps the
 * thread), so a connection that waited for a lock held by another connection of the SAME
 * process would freeze the event loop, and the holder could never run the statement that frees
 * the lock. Connections of one process therefore take turns here first, waiting on a promise:
 * the loop keeps turning and the holder finishes. SQLite's own lock then only ever makes a
 * connection wait for another process.
 *
 * The locks live on `globalThis`, so every engine on a file shares one, even when two copies of
 * this package are loaded. A worker thread has its own: to SQLite and to this lock, it is
 * another process (its waits block only its own thread).
 */

/** Gives the lock back; safe to call twice. */
export type ReleaseWriteLock = () => void;

interface Waiter {
  grant(): void;
  timer: ReturnType<typeof setTimeout>;
}

interface FileLock {
  held: boolean;
  readonly waiters: Waiter[];
}

/** The longest delay setTimeout honours. */
const maxTimerDelay = 2 ** 31 - 1;

const registryKey = Symbol.for('@athanor/sqlite:write-locks');
const registry = globalThis as Record<symbol, Map<string, FileLock> | undefined>;
registry[registryKey] ??= new Map<string, FileLock>();
const locks: Map<string, FileLock> = registry[registryKey];

/**
 * Takes the write lock of the database file at `path` (a resolved, absolute path), waiting up
 * to `timeout` ms for the connection that holds it. Rejects with a `SQLITE_BUSY` error after
 * that, as SQLite would, saying why.
 */
export function acquireWriteLock(path: string, timeout: number): Promise<ReleaseWriteLock> {
  let lock = locks.get(path);
  if (!lock) {
    lock = { held: false, waiters: [] };
    locks.set(path, lock);
  }
  const fileLock = lock;
  if (!fileLock.held) {
    fileLock.held = true;
    return Promise.resolve(releaser(path, fileLock));
  }
  return new Promise<ReleaseWriteLock>((resolve, reject) => {
    const waiter: Waiter = {
      grant: () => resolve(releaser(path, fileLock)),
      timer: setTimeout(
        () => {
          fileLock.waiters.splice(fileLock.waiters.indexOf(waiter), 1);
          reject(lockTimeout(path, timeout));
        },
        // setTimeout fires at once for a delay it cannot hold: wait about 24 days at most.
        Math.min(timeout, maxTimerDelay),
      ),
    };
    fileLock.waiters.push(waiter);
  });
}

/** A release function for one grant of the lock: hands it to the next waiter, or frees it. */
function releaser(path: string, lock: FileLock): ReleaseWriteLock {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = lock.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.grant();
      return;
    }
    lock.held = false;
    // No one holds or waits: forget the file, so a process that opens many files keeps no trace.
    if (locks.get(path) === lock) locks.delete(path);
  };
}

function lockTimeout(path: string, timeout: number): Error {
  return Object.assign(
    new Error(
      `database is locked: another connection of this process held the write transaction on ` +
        `${path} for the whole ${timeout} ms busy timeout. Only one transaction writes to a ` +
        'SQLite file at a time: commit or close the connection that holds one before starting ' +
        'another (a Connection or Session keeps its transaction until commit() or close()), ' +
        "run read-only work in engine.begin({ readOnly: true }, ...), or raise the URL's " +
        '?timeout=.',
    ),
    { code: 'SQLITE_BUSY' },
  );
}
