import type { Dialect } from '../dialect/dialect.js';
import { ArgumentError } from '../errors.js';

/**
 * Checks the values about to be sent with one statement, on every database alike, for what a
 * driver would otherwise get wrong without a word or with a misleading error.
 *
 * @throws {ArgumentError} `too-many-parameters` when there are more values than the dialect's
 * `maxParameters` (PostgreSQL's protocol counts them in 16 bits, and pg then fails with a
 * protocol error that does not say why); `bad-bind-value` for a string holding a lone UTF-16
 * surrogate, which UTF-8 cannot encode, so every driver would store U+FFFD in its place.
 */
export function checkBoundValues(values: readonly unknown[], dialect: Dialect): void {
  const limit = dialect.capabilities.maxParameters;
  if (values.length > limit) {
    throw new ArgumentError(
      `The statement has ${values.length} bound parameters; ${dialect.name} takes at most ` +
        `${limit} in one statement. Split the work into several statements: pass long IN lists ` +
        'in chunks, or insert the rows with conn.execute(insert(table), rows), which batches them.',
      { code: 'too-many-parameters' },
    );
  }
  for (let index = 0; index < values.length; index++) checkValue(values[index], index);
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkValue(value: unknown, index: number): void {
  if (typeof value === 'string') {
    const found = loneSurrogate.exec(value);
    if (!found) return;
    const unit = found[0].charCodeAt(0).toString(16).toUpperCase();
    throw new ArgumentError(
      `Cannot bind parameter ${index + 1}: the string holds a lone UTF-16 surrogate (U+${unit} ` +
        `at index ${found.index}), which UTF-8 cannot encode, so the database would store ` +
        'U+FFFD instead. Fix the string where it was cut or built, or call ' +
        'value.toWellFormed() to replace it with U+FFFD knowingly.',
      { code: 'bad-bind-value' },
    );
  }
  // Array parameters (PostgreSQL arrays) hold strings too.
  if (Array.isArray(value)) for (const item of value) checkValue(item, index);
}
