import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * The `code` of every error the packages raise: `{ code: 'no-result' }` in their sources (not
 * the conformance suite's, whose `code` keys are table columns).
 */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const pkg of readdirSync(join(root, 'packages'))) {
    if (pkg === 'testing') continue;
    const src = join(root, 'packages', pkg, 'src');
    let files: string[];
    try {
      files = readdirSync(src, { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const match of text.matchAll(/\bcode: '([a-z][a-z0-9-]*)'/g))
        codes.add(match[1] as string);
    }
  }
  return codes;
}

it('docs/errors.md explains every error code the packages raise, and no other', () => {
  const page = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...page.matchAll(/^#### ([a-z][a-z0-9-]*)$/gm)].map((m) => m[1]));
  const raised = codesInSources();
  expect([...raised].filter((code) => !documented.has(code)).sort()).toEqual([]);
  expect([...documented].filter((code) => !raised.has(code as string)).sort()).toEqual([]);
});
