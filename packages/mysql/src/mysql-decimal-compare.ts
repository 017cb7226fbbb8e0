import {
  ArgumentError,
  comparedAtScale,
  decimalString,
  defaultTypeProcessors,
  type NumericType,
  type Processor,
  parseDecimal,
  type TypeEngine,
} from '@athanor/core/dialect';

/** MySQL's widest DECIMAL: 65 digits, at most 30 of them decimals. */
const maxPrecision = 65;
const maxScale = 30;

/** How a value compared with a Numeric column is bound: cast to a DECIMAL, exactly. */
interface DecimalComparison {
  /** The DECIMAL the value is cast to: `DECIMAL(65, 30)` for a `Numeric(18, 6)`. */
  readonly sqlType: string;
  readonly process: Processor;
}

/**
 * MySQL compares a DECIMAL column with a string parameter as two doubles, so values that differ
 * past the 15th significant digit compare equal. Cast to a DECIMAL, the value compares exactly.
 * The DECIMAL is as wide as MySQL allows with room for every whole digit of the column
 * (`Numeric(p, s)` has `p - s`) and one more: DECIMAL(65, S) with S = min(30, 64 - (p - s)),
 * and never less than s.
 *
 * A value that DECIMAL(65, S) cannot hold would be rounded by the cast, maybe into a false match
 * (`1.0000005` made `1.000001`), so it is bound as a value that compares with every value the
 * column can hold as it does: one with more decimals than the column's scale as the point
 * halfway between its neighbours at that scale (see `comparedAtScale`), one with more whole
 * digits than the cast holds as ±10^(p - s), past every one of them. Only the widest columns
 * (precision 64 or 65, or scale 30) leave no room for that: such a value is refused.
 */
export function decimalComparison(type: TypeEngine): DecimalComparison {
  const numeric = type as NumericType<boolean>;
  // The DDL's DECIMAL(38, 10) for a Numeric without precision (see mysql-type-compiler.ts).
  const precision = numeric.precision ?? 38;
  const scale = numeric.precision === undefined ? 10 : (numeric.scale ?? 0);
  const whole = precision - scale;
  // One whole digit more than the column's, so a value past every one of them fits too.
  const castScale = Math.max(scale, Math.min(maxScale, maxPrecision - 1 - whole));
  const castWhole = maxPrecision - castScale;
  const sqlType = `DECIMAL(${maxPrecision}, ${castScale})`;
  const check = defaultTypeProcessors.numeric?.(type).bind as Processor;
  const refuse = (value: unknown): never => {
    throw new ArgumentError(
      `Cannot compare ${String(value)} with a Numeric(${precision}, ${scale}) column on MySQL: ` +
        `MySQL compares it exactly as a ${sqlType}, which cannot hold it. Round the value to ` +
        `${castScale} decimals and ${castWhole} whole digits.`,
      { code: 'bad-bind-value' },
    );
  };
  const process: Processor = (value) => {
    const checked = check(value) as string | number;
    const decimal = parseDecimal(checked);
    if (!decimal) return refuse(value);
    if (decimal.whole.length > castWhole) {
      if (castWhole === whole) return refuse(value);
      return `${decimal.negative ? '-' : ''}1${'0'.repeat(whole)}`;
    }
    const fraction = decimal.fraction.replace(/0+$/, '');
    if (fraction.length <= castScale) return decimalString({ ...decimal, fraction });
    if (castScale === scale) return refuse(value);
    return decimalString(comparedAtScale(decimal, scale));
  };
  return { sqlType, process };
}
