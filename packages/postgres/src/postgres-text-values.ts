/**
 * How Athanor reads PostgreSQL's text for the types where it differs from pg's defaults, for any
 * driver that hands over the text (pg here, PGlite in @athanor/pglite).
 */

/** int8 (bigint, `count(*)`): a number when it fits in one exactly, else a bigint. */
export function parseInt8Text(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/**
 * `timestamp` (without time zone) as UTC, whatever the machine's zone, so a Date stored as UTC
 * comes back the same anywhere. 'infinity' and '-infinity' stay strings (nothing else PostgreSQL
 * prints ends in 'y').
 */
export function parseTimestampText(text: string): Date | string {
  return text.endsWith('y') ? text : new Date(`${text.replace(' ', 'T')}Z`);
}
