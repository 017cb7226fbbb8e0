import { describe } from 'vitest';
import type { Harness } from '../harness.js';

/** TODO(issue 3): the select area of the conformance suite. */
export function selectSuite(h: Harness): void {
  describe('select', () => {
    void h;
  });
}
