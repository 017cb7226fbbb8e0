import { ArgumentError, type BinaryOperator, type Processor } from '@athanor/core/dialect';

/** The operators that take a pattern on their right (ILIKE is written with LIKE). */
export const likes = new Set<BinaryOperator>(['LIKE', 'NOT LIKE', 'ILIKE', 'NOT ILIKE']);

/**
 * A LIKE pattern's processor: SQLite's LIKE reads a pattern only up to its first U+0000, so
 * `'%a\u0000b%'` would match as `'%a'`; such a pattern is refused instead of matching more.
 */
export function nulFreePattern(process: Processor | undefined): Processor {
  return (value) => {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new ArgumentError(
        `Cannot bind the LIKE pattern ${JSON.stringify(value)} on SQLite: it holds U+0000, and ` +
          `SQLite's LIKE reads a pattern (and a value) only up to its first U+0000, so it would ` +
          'match more than asked. Take the U+0000 out of the pattern, or compare with instr().',
        { code: 'bad-bind-value' },
      );
    }
    return process ? process(value) : value;
  };
}
