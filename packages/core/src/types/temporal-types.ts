import { TypeEngine } from './type-engine.js';

/**
 * A calendar date (`DATE`), read as `'YYYY-MM-DD'`: a JavaScript Date is an instant, and a
 * calendar date has no time zone to shift it by. Binds a `'YYYY-MM-DD'` string or a Date (its UTC
 * date).
 */
export class DateType extends TypeEngine<string, string | Date> {
  readonly typeName = 'date' as const;
}

/**
 * A date and time, read as a JavaScript Date (millisecond precision). Without a time zone
 * (`TIMESTAMP` / `DATETIME`) the value is stored as UTC, so it reads back the same instant
 * whatever the machine's zone; with `{ timezone: true }` (`TIMESTAMP WITH TIME ZONE` on
 * PostgreSQL) the database keeps the instant. Binds a Date, or a string naming an instant:
 * `'2024-06-01 12:00:00'` (UTC) or `'2024-06-01T12:00:00+02:00'`.
 */
export class DateTimeType extends TypeEngine<Date, Date | string> {
  readonly typeName = 'datetime' as const;
  constructor(readonly timezone = false) {
    super();
  }

  override cacheKey(): string {
    return `datetime:${this.timezone}`;
  }
}

/**
 * A time of day (`TIME`), read as `'HH:MM:SS'` with fractional seconds where stored, as
 * PostgreSQL prints it (`'12:00:00.5'`). Binds an `'HH:MM:SS[.ffffff]'` string.
 */
export class TimeType extends TypeEngine<string, string> {
  readonly typeName = 'time' as const;
}

/**
 * A duration (`INTERVAL`; PostgreSQL only, capability `intervalType`), read as PostgreSQL prints
 * it: `'1 day 02:00:00'`. Binds a string.
 */
export class IntervalType extends TypeEngine<string, string> {
  readonly typeName = 'interval' as const;
}
