import fc from 'fast-check';

/** Any string of whole unicode characters: code points, never a lone UTF-16 surrogate. */
export const anyString = (maxLength = 30): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', maxLength });

/** Unicode control characters (Cc), which no name may hold (checked elsewhere). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/** A character of the Basic Multilingual Plane, not a surrogate. */
const basicPlaneCharacter = fc
  .integer({ min: 0x20, max: 0xfffd })
  .filter((unit) => unit < 0xd800 || unit > 0xdfff)
  .map((unit) => String.fromCharCode(unit));

/**
 * A random piece of a name: astral characters (emoji), any other character, or characters of
 * the Basic Plane only; never a control character.
 */
export const namePiece: fc.Arbitrary<string> = fc
  .oneof(
    anyString(14),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.string({ unit: basicPlaneCharacter, maxLength: 14 }),
  )
  .filter((name) => !controlCharacter.test(name));
