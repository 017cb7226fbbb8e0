import { describe, expect, test } from 'vitest';
import { Output } from '../src/cli/output.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('CLI output', () => {
  test('colours on a terminal', () => {
    const out = stream(true);
    const err = stream(true);
    const output = new Output(out, err, {});
    output.line(output.bold('head'));
    output.error('bad');
    expect(out.written).toEqual(['\u001b[1mhead\u001b[0m\n']);
    expect(err.written).toEqual(['\u001b[31;1merror:\u001b[0m bad\n']);
  });

  test('no colour when NO_COLOR is set or the stream is not a terminal', () => {
    for (const [tty, env] of [
      [true, { NO_COLOR: '1' }],
      [false, {}],
    ] as const) {
      const out = stream(tty);
      const err = stream(tty);
      const output = new Output(out, err, env);
      output.line(output.bold('head'));
      output.error('bad');
      expect([...out.written, ...err.written]).toEqual(['head\n', 'error: bad\n']);
    }
  });
});
