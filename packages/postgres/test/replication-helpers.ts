import { setTimeout as sleep } from 'node:timers/promises';
import { type Engine, type LogRecord, text } from '@athanor/core';

/**
 * Waits until the standby has replayed everything the primary has written so far: its
 * `pg_last_wal_replay_lsn()` reaches the primary's `pg_current_wal_lsn()` read now. Polls the
 * standby (bounded by attempts, not by a clock) instead of sleeping a guessed time.
 */
export async function waitForReplay(primary: Engine, standby: Engine): Promise<void> {
  const lsn = (
    await primary.execute(text('SELECT pg_current_wal_lsn()::text'), undefined, {
      usePrimary: true,
    })
  ).scalar();
  for (let attempt = 0; attempt < 3000; attempt++) {
    const caughtUp = (
      await standby.execute(
        text('SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)'),
        { lsn },
        { readOnly: true },
      )
    ).scalar();
    if (caughtUp === true) return;
    await sleep(10);
  }
  throw new Error(`The standby did not replay up to ${String(lsn)}.`);
}

/** A logger that keeps the warnings an engine logs. */
export function warningsLog(): { readonly warnings: string[]; log(record: LogRecord): void } {
  const warnings: string[] = [];
  return {
    warnings,
    log(record) {
      if (record.level === 'warning') warnings.push(record.message);
    },
  };
}
