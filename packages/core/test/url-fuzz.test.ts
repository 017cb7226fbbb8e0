import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, makeUrl } from '../src/index.js';
import { errorRenderings, renderings } from './text-renderings.js';

/**
 * Runs and seed as the conformance suite's fuzz properties take them (@athanor/testing's
 * fuzz-settings.ts, which core cannot import): a fixed seed in CI; `ATHANOR_FUZZ_RUNS` multiplies
 * the runs, `ATHANOR_FUZZ_SEED` is an integer or `random`.
 */
function settings(defaultRuns: number): { numRuns: number; seed: number | undefined } {
  const factor = Number(process.env.ATHANOR_FUZZ_RUNS || '1');
  const seedText = process.env.ATHANOR_FUZZ_SEED || '20261201';
  return {
    numRuns: Math.max(1, Math.round(defaultRuns * factor)),
    seed: seedText === 'random' ? undefined : Number(seedText),
  };
}

/** A limit for a hung test, not for a slow machine: 5,000 cases take seconds, more when busy. */
const fuzzTimeoutMs = 600_000;

/** Any string: whole unicode characters, graphemes, or ASCII. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ maxLength: 12 }),
);

/**
 * Passwords holding the marker `Zq9`, which nothing else in the URLs contains, between two
 * random strings: a rendering without the marker shows no run of the password across it.
 */
const passwords = fc.tuple(anyText, anyText).map(([before, after]) => `${before}Zq9${after}`);

/** The URL forms a password is written in: percent-encoded, and as it is where that parses. */
function urlsFor(password: string): string[] {
  const encoded = [
    `postgresql+pg://scott:${encodeURIComponent(password)}@db.example.com:5433/inventory?sslmode=require`,
    `mysql://scott:${encodeURIComponent(password)}@db.example.com/inventory`,
  ];
  // Written as it is, a `%` and two hex digits is an escape, decoded as SQLAlchemy does.
  if (/%[0-9A-Fa-f]{2}/.test(password)) return encoded;
  return [...encoded, `postgresql://scott:${password}@db.example.com/inventory`];
}

/** The parts of the password a rendering must not show: the marker, and long random runs. */
function secretsOf(password: string): string[] {
  const [before = '', after = ''] = password.split('Zq9');
  return [
    'Zq9',
    ...[before, after].filter(
      (part) =>
        part.length >= 6 &&
        !'postgresql+pg://scott:***@db.example.com:5433/inventory?sslmode=require mysql'.includes(
          part,
        ),
    ),
  ];
}

function errorFrom(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('URL passwords, fuzzed', () => {
  // 5,000 passwords in CI, each through two or three URL forms.
  it(
    'every password survives parsing and never shows in a rendering of a URL or engine',
    () => {
      fc.assert(
        fc.property(passwords, (password) => {
          for (const text of urlsFor(password)) {
            const url = makeUrl(text);
            expect(url.password).toBe(password);
            expect(url.username).toBe('scott');
            expect(url.host).toBe('db.example.com');
            expect(url.database).toBe('inventory');
            expect(makeUrl(url.renderAsString({ hidePassword: false })).password).toBe(password);
            const engine = createEngine(url);
            for (const rendered of [...renderings(url), ...renderings(engine)]) {
              for (const secret of secretsOf(password)) expect(rendered).not.toContain(secret);
            }
          }
        }),
        settings(5000),
      );
    },
    fuzzTimeoutMs,
  );

  // 5,000 passwords in CI, each in four malformed URLs.
  it(
    'never shows a password in the error a malformed URL raises',
    () => {
      fc.assert(
        fc.property(passwords, (password) => {
          const malformed = [
            `postgresql://scott:${password}@db.example.com:notaport/inventory`,
            `postgresql://scott:${password}@db.example.com:99999/inventory`,
            `post gres://scott:${password}@db.example.com/inventory`,
            `scott:${password}@db.example.com/inventory`,
          ];
          for (const text of malformed) {
            const error = errorFrom(() => makeUrl(text));
            // Some passwords make a malformed-looking URL well-formed (a password ending in
            // `@host:5432/db` supplies its own port); then nothing was raised to leak from.
            if (error === undefined) continue;
            for (const rendered of errorRenderings(error)) {
              for (const secret of secretsOf(password)) expect(rendered).not.toContain(secret);
            }
          }
        }),
        settings(5000),
      );
    },
    fuzzTimeoutMs,
  );
});
