import {
  ArgumentError,
  comparedAtScale,
  decimalString,
  type NumericType,
  parseDecimal,
} from '@athanor/core/dialect';

/**
 * How the SQLite dialect stores `Numeric`: as decimal text, exactly, in a column declared
 * `NUMERIC_TEXT(p, s)`.
 *
 * SQLite has no decimal type. A column declared NUMERIC has NUMERIC affinity, which turns
 * `'12345678901234.5678'` into a double and keeps only about 15 significant digits. A declared
 * type containing TEXT has TEXT affinity, which stores the string as it is; the name also says
 * what the column is, so reflection reads it back as `Numeric(p, s)`. A CHECK on the column
 * (written with the type, see {@link numericTextCheck}) refuses text that is not a plain decimal.
 *
 * With a scale, the text is canonical (one text per value, see {@link decimalText}), so the
 * compiler compares the column with bound values exactly: `=` and IN on the text itself (the
 * values written the same way, see {@link comparedText}), `<` and the like on sign, number of
 * whole digits and text (sqlite-decimal-compare.ts). Elsewhere text would sort as text
 * ('9.5' > '10.25'), so the compiler reads the column as a number: `CAST(x AS NUMERIC)` against
 * other expressions, in ORDER BY, min() and max(). That is exact for integers up to 2^63 and
 * otherwise correct to about 15 significant digits (SQLite's double); sum() and avg() read the
 * text as doubles as well.
 */
export const numericTextTypeName = 'NUMERIC_TEXT';

/** `NUMERIC_TEXT(20, 4)`, or `NUMERIC_TEXT` without a precision. */
export function numericTextType(type: NumericType<boolean>): string {
  const { precision, scale } = type;
  return precision === undefined
    ? numericTextTypeName
    : `${numericTextTypeName}(${precision}, ${scale ?? 0})`;
}

/**
 * The condition a `NUMERIC_TEXT` column's CHECK holds `column` (quoted as the DDL writes it) to:
 * NULL, or text of digits with at most one point and a minus sign only in front. It refuses
 * what raw SQL could write that is not a number: words, blobs, exponents (a double SQLite turns
 * into text as `1.0e+20`).
 */
export function numericTextCheck(column: string): string {
  return (
    `${column} IS NULL OR typeof(${column}) = 'text' AND ${column} GLOB '*[0-9]*' AND ` +
    `NOT ${column} GLOB '*[^0-9.-]*' AND NOT ${column} GLOB '?*-*' AND NOT ${column} GLOB '*.*.*'`
  );
}

/** True when `sqltext` is the CHECK {@link numericTextCheck} writes (reflection leaves it out). */
export function isNumericTextCheck(sqltext: string): boolean {
  const column = /^("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)\s/.exec(sqltext)?.[1];
  return column !== undefined && sqltext === numericTextCheck(column);
}

/**
 * A number, numeric string or bigint as the plain decimal text the column stores: no exponent,
 * no `+`, no leading zeros, rounded half away from zero to `scale` decimals and padded to them
 * (as a database with a decimal type stores `Numeric(p, s)`). Without a scale, the decimals are
 * kept as given. A number is written in its shortest form (`0.1`, not its binary expansion).
 * With a scale, the text is canonical: one text for each value, which `=` compares.
 */
export function decimalText(value: string | number | bigint, scale: number | undefined): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ArgumentError(`Numeric cannot store ${value} on SQLite; bind a finite number.`);
  }
  const decimal = parseDecimal(value);
  if (!decimal) {
    throw new ArgumentError(`Numeric expects a number or a numeric string, got '${value}'.`);
  }
  let integer = decimal.whole;
  let decimals = decimal.fraction;
  if (scale !== undefined) {
    if (decimals.length > scale) {
      const roundUp = (decimals[scale] as string) >= '5';
      const kept = integer + decimals.slice(0, scale);
      const rounded = roundUp ? increment(kept) : kept;
      integer = rounded.slice(0, rounded.length - scale);
      decimals = rounded.slice(rounded.length - scale);
    } else {
      decimals = decimals.padEnd(scale, '0');
    }
  }
  integer = integer.replace(/^0+/, '') || '0';
  const text = decimals === '' ? integer : `${integer}.${decimals}`;
  return decimal.negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/**
 * A value compared with a `NUMERIC_TEXT(p, s)` column by `=`, `!=` or IN, as text that equals
 * the column's canonical text exactly when the numbers are equal: the value's digits, not
 * rounded, padded to `scale` decimals. A value with more decimals than that keeps them (one
 * more, see {@link comparedAtScale}), so it equals no stored text: `1.0000005` does not find
 * `1.000001` as it would rounded.
 */
export function comparedText(value: string | number, scale: number): string {
  const decimal = parseDecimal(value);
  if (!decimal) {
    throw new ArgumentError(`Numeric expects a number or a numeric string, got '${value}'.`);
  }
  return decimalString(comparedAtScale(decimal, scale), scale);
}

/** A string of digits plus one: `'0999'` → `'1000'`, `'99'` → `'100'`. */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, i) + String(Number(digits[i]) + 1) + '0'.repeat(digits.length - i - 1);
}

/**
 * Stored decimal text padded to `scale` decimals, as written; text SQL wrote with more decimals
 * (or not as a plain decimal) is returned as it is.
 */
export function withScaleText(text: string, scale: number | undefined): string {
  if (scale === undefined || !/^-?\d*(\.\d*)?$/.test(text)) return text;
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  if (decimals >= scale) return text;
  return `${text}${dot < 0 && scale > 0 ? '.' : ''}${'0'.repeat(scale - decimals)}`;
}
