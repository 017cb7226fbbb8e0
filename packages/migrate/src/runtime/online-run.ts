import type { Connection } from '@athanor/core';
import { Operations } from '../operations/operations.js';
import { headsAfter, type MigrationStep } from '../script/migration-path.js';
import type { RevisionMap } from '../script/revision-map.js';
import { MigrationError } from './migration-error.js';
import { holdingLock, type MigrationLock } from './migration-lock.js';
import { OnlineMigrationContext } from './online-context.js';
import {
  checkKnownHeads,
  type Destination,
  type Direction,
  describeStep,
  planSteps,
  resolveDestination,
} from './plan.js';
import { SqliteForeignKeys } from './sqlite-foreign-keys.js';
import type { VersionTable } from './version-table.js';

/** What an online run needs. */
interface OnlineRun {
  readonly map: RevisionMap;
  readonly versionTable: VersionTable;
  readonly lock: MigrationLock;
  readonly direction: Direction;
  readonly target: string;
  /** Receives "Running upgrade a -> b, message" before each step. */
  readonly log: (line: string) => void;
}

/**
 * Runs the migrations from the database's current version to the target, each in its own
 * transaction with its version-table update, and returns the steps run. The version is read
 * inside each transaction, after the lock: a second run that waited for the first finds its
 * work done and skips it.
 */
export async function runOnline(connection: Connection, run: OnlineRun): Promise<MigrationStep[]> {
  return holdingLock(run.lock, connection, async () => {
    const done: MigrationStep[] = [];
    let destination: Destination | undefined;
    for (;;) {
      // SQLite re-creates tables it cannot ALTER; that needs foreign keys off (see the class).
      const foreignKeys = await SqliteForeignKeys.pause(connection);
      const context = new OnlineMigrationContext(connection);
      let step: MigrationStep | undefined;
      let heads: string[] = [];
      try {
        // Inside the try: a BEGIN that fails (SQLITE_BUSY) still turns foreign keys back on.
        await connection.begin();
        const exists = await run.versionTable.exists(connection);
        heads = exists ? await run.versionTable.read(connection) : [];
        checkKnownHeads(run.map, heads, run.versionTable.name);
        destination ??= resolveDestination(run.map, run.direction, run.target, heads);
        if (!exists && run.direction === 'upgrade') await context.emit(run.versionTable.create());
        step = planSteps(run.map, heads, destination)[0];
        if (!step) {
          await connection.commit();
          return done;
        }
        run.versionTable.check(step.revision.id);
        run.log(describeStep(step));
        await step.revision[step.direction](new Operations(context));
        const after = headsAfter(run.map, heads, step);
        for (const statement of run.versionTable.changes(heads, after)) {
          await context.emit(statement);
        }
        await foreignKeys.check();
        await connection.commit();
        done.push(step);
      } catch (error) {
        // The run's error is the one to report: a rollback on a lost connection fails too.
        await connection.rollback().catch(() => undefined);
        throw step ? failure(connection, step, heads, context, error) : error;
      } finally {
        await foreignKeys.resume();
      }
    }
  });
}

function failure(
  connection: Connection,
  step: MigrationStep,
  heads: readonly string[],
  context: OnlineMigrationContext,
  error: unknown,
): MigrationError {
  const { revision } = step;
  const reason = error instanceof Error ? error.message : String(error);
  const version = heads.join(', ') || 'base (empty)';
  const name = `${step.direction} of ${revision.id}${revision.message ? ` (${revision.message})` : ''}`;
  if (connection.dialect.capabilities.transactionalDdl) {
    return new MigrationError(
      `The ${name} failed and was rolled back; the version is still ${version}.\n${reason}`,
      revision.id,
      [],
      error,
    );
  }
  const ran = context.statementsRun;
  const list = ran.length > 0 ? ran.map((sql) => `  ${sql};`).join('\n') : '  (none)';
  return new MigrationError(
    `The ${name} failed on ${connection.dialect.name}, where DDL commits at once: the version ` +
      `table still says ${version}, but these statements of it had already run (the DDL among ` +
      `them stays):\n` +
      `${list}\nUndo them by hand (or fix the revision so it can run from here), then run again.\n${reason}`,
    revision.id,
    [...ran],
    error,
  );
}
