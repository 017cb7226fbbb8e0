import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparedAtScale, decimalString, parseDecimal } from '../src/dialect/index.js';

describe('exact decimals', () => {
  it('reads numbers, numeric strings and bigints as their digits, without a double', () => {
    expect(parseDecimal('999999999991.000001')).toEqual({
      negative: false,
      whole: '999999999991',
      fraction: '000001',
    });
    expect(parseDecimal('-0012.50')).toEqual({ negative: true, whole: '12', fraction: '50' });
    expect(parseDecimal('-0.000')).toEqual({ negative: false, whole: '0', fraction: '000' });
    expect(parseDecimal('1.5e3')).toEqual({ negative: false, whole: '1500', fraction: '' });
    expect(parseDecimal(1e-7)).toEqual({ negative: false, whole: '0', fraction: '0000001' });
    expect(parseDecimal(2n ** 70n)?.whole).toBe(String(2n ** 70n));
    expect(parseDecimal('.5')).toEqual({ negative: false, whole: '0', fraction: '5' });
    for (const bad of ['abc', '1.2.3', '', '.', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseDecimal(bad)).toBeNull();
    }
  });

  it('gives a value past the scale as the point halfway between its neighbours', () => {
    const at6 = (value: string) => decimalString(comparedAtScale(parseDecimal(value)!, 6), 6);
    expect(at6('1.5')).toBe('1.500000');
    expect(at6('1.0000010000')).toBe('1.000001');
    expect(at6('1.0000005')).toBe('1.0000005');
    expect(at6('1.00000099999')).toBe('1.0000005');
    expect(at6('-0.0000000001')).toBe('-0.0000005');
  });

  it('keeps the order with every value of the scale, and equals none past it', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.nat(12))
      .map(([negative, digits, shift]) => {
        const text = digits.toString().padStart(shift + 1, '0');
        const point = text.length - shift;
        return `${negative ? '-' : ''}${text.slice(0, point)}.${text.slice(point)}`;
      });
    /** The value times 10^12, exactly, as a bigint. */
    const scaled = (text: string) => {
      const d = parseDecimal(text)!;
      const digits = BigInt(d.whole + d.fraction.padEnd(12, '0').slice(0, 12));
      return d.negative ? -digits : digits;
    };
    fc.assert(
      fc.property(decimal, fc.nat(5), decimal, (value, scale, other) => {
        // `other` cut to `scale` decimals: a value the column could hold.
        const held = decimalString(comparedAtScale(parseDecimal(other)!, 12), 0);
        const stored = held.replace(/(\.\d*)$/, (f) => f.slice(0, scale + 1));
        const stand = decimalString(comparedAtScale(parseDecimal(value)!, scale), scale);
        expect(Math.sign(Number(scaled(stand) - scaled(stored)))).toBe(
          Math.sign(Number(scaled(value) - scaled(stored))),
        );
      }),
    );
  });
});
