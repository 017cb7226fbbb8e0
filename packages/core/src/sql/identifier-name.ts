import { ArgumentError } from '../errors.js';

/**
 * Unicode control characters (category Cc: U+0000–U+001F and U+007F–U+009F). No name may hold
 * one: PostgreSQL cannot store NUL at all, a newline or escape in a name corrupts logs and echoed
 * SQL, and the compiler's internal markers are made of them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * Refuses a name (of a table, column, index, constraint, schema, alias or label) holding a
 * control character, naming the character and where it is. Every other character is allowed
 * and quoted by the dialect.
 * @throws {ArgumentError} when the name holds a control character.
 */
export function checkIdentifierName(name: string, what: string): string {
  const found = controlCharacter.exec(name);
  if (found) {
    const code = (found[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    throw new ArgumentError(
      `${what} ${JSON.stringify(name)} contains the control character U+${code} at index ` +
        `${found.index}. Names cannot hold control characters (U+0000–U+001F, U+007F–U+009F); ` +
        'use another name.',
    );
  }
  return name;
}
