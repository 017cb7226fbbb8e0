/**
 * A decimal number as its digits, read without passing through a double: what a dialect needs
 * to store or compare a `Numeric` value exactly where its database would not.
 */
export interface ExactDecimal {
  /** False for zero, however it was written (`-0`, `-0.00`). */
  readonly negative: boolean;
  /** The digits before the point, without leading zeros: `'0'` for none. */
  readonly whole: string;
  /** The digits after the point as written, trailing zeros kept (`'50'` in `1.50`). */
  readonly fraction: string;
}

const decimalPattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * A number, numeric string or bigint as its exact digits, the exponent applied (`'1.5e3'` is
 * whole `'1500'`); a number is read in its shortest form (`0.1`, not its binary expansion).
 * Null for text that is not a decimal number, and for NaN and ±Infinity.
 */
export function parseDecimal(value: string | number | bigint): ExactDecimal | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const match = decimalPattern.exec(String(value).trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  let digits = whole + fraction;
  // Where the decimal point falls in `digits`, after the exponent moved it.
  let point = whole.length + Number(exponent);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const integer = digits.slice(0, point).replace(/^0+/, '') || '0';
  const decimals = digits.slice(point);
  return { negative: sign === '-' && /[1-9]/.test(digits), whole: integer, fraction: decimals };
}

/**
 * A value that compares with every number of at most `scale` decimals as `value` does, written
 * with as few decimals as that takes. A value with more (non-zero) decimals than `scale` lies
 * strictly between two such numbers: it becomes the point halfway between them, with
 * `scale + 1` decimals, so it still sorts between them and equals neither. (Rounding it to
 * `scale` decimals instead would make `1.0000005` equal `1.000001` in a `Numeric(18, 6)`.)
 */
export function comparedAtScale(value: ExactDecimal, scale: number): ExactDecimal {
  const fraction = value.fraction.replace(/0+$/, '');
  if (fraction.length <= scale) return { ...value, fraction };
  return { ...value, fraction: `${fraction.slice(0, scale)}5` };
}

/** `value` as plain decimal text with at least `scale` decimals: `-12.50` for scale 2. */
export function decimalString(value: ExactDecimal, scale = 0): string {
  const fraction = value.fraction.padEnd(scale, '0');
  return `${value.negative ? '-' : ''}${value.whole}${fraction === '' ? '' : `.${fraction}`}`;
}
