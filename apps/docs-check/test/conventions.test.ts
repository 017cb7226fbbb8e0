import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assembleModules,
  extractBlocks,
  prepareProject,
  runModule,
  typecheckProject,
} from '../src/index.js';

const urls = { postgres: 'postgresql://test@db/pg', mysql: 'mysql://test@db/my' };

describe('extractBlocks', () => {
  it('finds ts blocks with their flags and first code line, indented ones too', () => {
    const blocks = extractBlocks(
      [
        '# Title',
        '```ts',
        'const a = 1;',
        '```',
        '```sh',
        'npm test',
        '```',
        '- a list item:',
        '  ```typescript no-run standalone',
        '  const b = 2;',
        '  ```',
      ].join('\n'),
    );
    expect(blocks.map((b) => [b.index, b.line, b.code, [...b.flags]])).toEqual([
      [1, 3, 'const a = 1;', []],
      [2, 10, 'const b = 2;', ['no-run', 'standalone']],
    ]);
  });

  it('attaches a docs-check:prelude comment to the block after it', () => {
    const [block] = extractBlocks(
      ['<!-- docs-check:prelude', 'const hidden = 1;', '-->', '', '```ts', 'hidden;', '```'].join(
        '\n',
      ),
    );
    expect(block?.prelude).toEqual({ code: 'const hidden = 1;', line: 2 });
  });

  it('refuses an unknown flag, so a typo cannot turn a check off', () => {
    expect(() => extractBlocks('```ts no-rnu\nx;\n```', 'page.md')).toThrow(
      "page.md:1: unknown flag 'no-rnu'",
    );
  });
});

describe('assembleModules', () => {
  it('joins the blocks of a page into one module, each import once', () => {
    const blocks = extractBlocks(
      [
        '```ts',
        "import { text } from '@athanor/core';",
        'const a = text("SELECT 1");',
        '```',
        '```ts',
        "import { createEngine, text } from '@athanor/core';",
        'const b = createEngine("sqlite://");',
        '```',
      ].join('\n'),
    );
    const [page] = assembleModules(blocks, { urls });
    expect(page?.code.match(/^import .*$/gm)).toEqual([
      "import { text } from '@athanor/core';",
      "import { createEngine } from '@athanor/core';",
    ]);
    const line = page?.code.split('\n').findIndex((l) => l.startsWith('const b')) ?? -1;
    expect(page?.origins[line]).toEqual({ block: 2, line: 7 });
  });

  it('puts a no-run block in a function never called, keeping its types outside', () => {
    const blocks = extractBlocks(
      '```ts no-run\ninterface Shape { a: number }\nconst shape: Shape = { a: 1 };\n```',
    );
    const [page] = assembleModules(blocks, { urls });
    expect(page?.run).toBe(false);
    expect(page?.code).toMatch(
      /interface Shape[\s\S]*async function __docsCheckNoRun1\(\) \{\n\s*const shape/,
    );
  });

  it('gives standalone and server blocks modules of their own, server URLs replaced', () => {
    const blocks = extractBlocks(
      [
        '```ts',
        'const a = 1;',
        '```',
        '```ts standalone',
        'const a = 2;',
        '```',
        '```ts postgres',
        "const url = 'postgresql://user:secret@localhost:5432/shop';",
        '```',
      ].join('\n'),
    );
    const modules = assembleModules(blocks, { urls });
    expect(modules.map((m) => [m.name, m.server])).toEqual([
      ['page', undefined],
      ['block-2', undefined],
      ['block-3', 'postgres'],
    ]);
    expect(modules[2]?.code).toContain("const url = 'postgresql://test@db/pg';");
  });
});

describe('a broken page', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  const project = prepareProject(
    root,
    join(import.meta.dirname, '..', '.tmp-selftest'),
    ['apps/docs-check/test/fixtures/broken.md'],
    { urls },
  );
  const [file] = project.files;

  it('fails with the file, block and line of a type error', () => {
    const errors = typecheckProject(project).get('apps/docs-check/test/fixtures/broken.md');
    expect(errors).toHaveLength(1);
    expect(errors?.[0]).toMatch(
      /^apps\/docs-check\/test\/fixtures\/broken\.md, block 1 \(apps\/docs-check\/test\/fixtures\/broken\.md:6\): error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it('fails with the file, block and error of a block that throws', async () => {
    const module = file?.modules.find((m) => m.name === 'block-2');
    if (!file || !module) throw new Error('the fixture has no block 2');
    const failure = await runModule(project, file, module);
    expect(failure).toMatch(
      /^apps\/docs-check\/test\/fixtures\/broken\.md, block 2 \(.*broken\.md:12\): /,
    );
    expect(failure).toContain('no such table: missing_table');
  });
});
