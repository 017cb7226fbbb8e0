import { describe } from 'vitest';
import type { Harness } from '../harness.js';

/** TODO(issue 3): the reflection area of the conformance suite. */
export function reflectionSuite(h: Harness): void {
  describe('reflection', () => {
    void h;
  });
}
