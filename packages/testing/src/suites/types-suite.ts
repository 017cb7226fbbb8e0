import { describe } from 'vitest';
import type { Harness } from '../harness.js';

/** TODO(issue 3): the types area of the conformance suite. */
export function typesSuite(h: Harness): void {
  describe('types', () => {
    void h;
  });
}
