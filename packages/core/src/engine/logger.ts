/**
 * One log entry: from an engine with `echo` or `echoPool` on, or a warning, which is logged
 * whatever `echo` says (a replica that cannot be reached and was skipped).
 */
export interface LogRecord {
  readonly level: 'info' | 'debug' | 'warning';
  /** `athanor.engine` for statements and transactions, `athanor.pool` for the pool. */
  readonly logger: 'athanor.engine' | 'athanor.pool';
  readonly message: string;
}

/** Receives log records; give one as `createEngine(url, { echo: true, logger })`. */
export type LogHandler = (record: LogRecord) => void;

/**
 * The default handler: one line per record on standard output, as SQLAlchemy's `echo=True`
 * prints them.
 *
 * 2026-01-01T10:00:00.000Z INFO athanor.engine SELECT * FROM users WHERE name = ?
 */
export const consoleLogHandler: LogHandler = (record) => {
  (record.level === 'warning' ? console.warn : console.log)(
    `${new Date().toISOString()} ${record.level.toUpperCase()} ${record.logger} ${record.message}`,
  );
};
