import { describe, expect, test } from 'vitest';
import { renderRevisionFile } from '../src/index.js';

describe('renderRevisionFile', () => {
  test('an import the body asks for that the file already has is written once', () => {
    const source = renderRevisionFile({
      id: '3f9c1e2ab7d4',
      downRevisions: [],
      message: 'add age',
      createDate: new Date('2026-12-02T01:00:00.000Z'),
      upgrade: "  await op.addColumn('users', 'age', new sa.Column(sa.Integer));",
      downgrade: "  await op.dropColumn('users', 'age');",
      // What renderRevisionBody returns for a body using core, plus one of the user's own.
      imports: ["import * as sa from '@athanor/core';", "import { seed } from './seed.js';"],
    });
    expect(source.split('\n').slice(0, 4)).toEqual([
      "import type { Operations } from '@athanor/migrate';",
      "import * as sa from '@athanor/core';",
      "import { seed } from './seed.js';",
      '',
    ]);
  });
});
