import { describe } from 'vitest';
import type { Harness } from '../harness.js';

/** TODO(issue 3): the ddl area of the conformance suite. */
export function ddlSuite(h: Harness): void {
  describe('ddl', () => {
    void h;
  });
}
