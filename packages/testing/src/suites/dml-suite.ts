import { describe } from 'vitest';
import type { Harness } from '../harness.js';

/** TODO(issue 3): the dml area of the conformance suite. */
export function dmlSuite(h: Harness): void {
  describe('dml', () => {
    void h;
  });
}
