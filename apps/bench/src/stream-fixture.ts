import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawWorkloadsFor } from './contenders/raw/raw-contender.js';
import { type DatabaseTarget, sqliteFileTarget } from './database-target.js';

/**
 * Writes W7's rows once, with the raw driver, where every child can read them: on SQLite a file
 * (a database in memory would count its own pages in each child's RSS), on a server a table.
 * Returns the target the W7 children use and a function that removes the file.
 */
export async function prepareStreamTable(
  target: DatabaseTarget,
  size: number,
): Promise<{ target: DatabaseTarget; remove: () => void }> {
  let streamTarget = target;
  let remove: () => void = () => undefined;
  if (target.kind === 'sqlite') {
    const path = join(tmpdir(), `athanor-bench-stream-${process.pid}-${size}.db`);
    rmSync(path, { force: true });
    streamTarget = sqliteFileTarget(path);
    remove = () => rmSync(path, { force: true });
  }
  await (await rawWorkloadsFor(target.kind)).fillStreamTable(streamTarget, size);
  return { target: streamTarget, remove };
}
