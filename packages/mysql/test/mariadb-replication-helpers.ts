import { type Engine, type LogRecord, text } from '@athanor/core';

/**
 * Waits until the replica has applied everything the primary has logged so far: the primary's
 * `@@gtid_binlog_pos`, read now, is waited for on the replica with `MASTER_GTID_WAIT`, which
 * returns as soon as the replica has applied it (its 60 s is a bound on a broken replication,
 * not a guessed delay).
 */
export async function waitForReplica(primary: Engine, replica: Engine): Promise<void> {
  const position = (
    await primary.execute(text('SELECT @@gtid_binlog_pos'), undefined, { usePrimary: true })
  ).scalar();
  const waited = (
    await replica.execute(
      text('SELECT MASTER_GTID_WAIT(:position, 60)'),
      { position },
      { readOnly: true },
    )
  ).scalar();
  if (Number(waited) !== 0) {
    throw new Error(`The replica did not apply the primary's GTID ${String(position)}.`);
  }
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
