import { describe, expect, it } from 'vitest';
import { parseTimestamp, utcTimestamp } from '../src/dialect/index.js';

describe('timestamps as the databases store them', () => {
  it('writes a Date as YYYY-MM-DD HH:MM:SS.mmm in UTC, and reads it back', () => {
    const dates = [
      new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 5)),
      new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(2024, 0, 1)),
    ];
    for (const date of dates) {
      const text = utcTimestamp(date);
      expect(text).toBe(date.toISOString().replace('T', ' ').replace('Z', ''));
      expect(parseTimestamp(text).getTime()).toBe(date.getTime());
    }
    expect(utcTimestamp(new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 5)))).toBe(
      '2024-02-29 12:00:00.005',
    );
  });

  it('keeps years without four digits in the ISO form', () => {
    const early = new Date(Date.UTC(999, 0, 1));
    expect(utcTimestamp(early)).toBe(early.toISOString().replace('T', ' ').replace('Z', ''));
    const late = new Date(Date.UTC(10000, 0, 1));
    expect(utcTimestamp(late)).toBe('+010000-01-01 00:00:00.000');
  });

  it('reads other forms, and does not roll over fields out of range', () => {
    expect(parseTimestamp('2024-02-29 12:00:00').toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(parseTimestamp('2024-02-29T12:00:00+02:00').toISOString()).toBe(
      '2024-02-29T10:00:00.000Z',
    );
    expect(Number.isNaN(parseTimestamp('2024-13-01 00:00:00.000').getTime())).toBe(true);
  });
});
