import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { markdownFiles } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^(`{3,}|~{3,})[\s\S]*?^\1/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
}

it('every relative link in the docs and READMEs points at a file (and heading) that exists', () => {
  const broken: string[] = [];
  for (const file of markdownFiles(root)) {
    const path = join(root, file);
    // Links outside code: drop fenced blocks and inline code first.
    const text = readFileSync(path, 'utf8')
      .replace(/^(\s*)(`{3,}|~{3,})[\s\S]*?^\1\2/gm, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      const [where = '', anchor] = target.split('#');
      const resolved = where === '' ? path : join(dirname(path), where);
      if (!existsSync(resolved)) {
        broken.push(`${file}: ${target} (no such file)`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile()) {
        if (!anchors(resolved).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
  }
  expect(broken).toEqual([]);
});
