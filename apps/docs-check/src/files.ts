import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The Markdown files whose blocks are checked, relative to the repository root: `docs/**` (but
 * not the decision records in `docs/adr`, which keep their code as it was decided, nor the
 * generated `docs/api`), the root README and every package's and app's README.
 */
export function markdownFiles(root: string): string[] {
  const files = ['README.md'];
  const docs = join(root, 'docs');
  if (existsSync(docs)) {
    const found = readdirSync(docs, { recursive: true, encoding: 'utf8' })
      .map((name) => join('docs', name).split(sep).join('/'))
      .filter((name) => name.endsWith('.md'))
      .filter((name) => !name.startsWith('docs/adr/') && !name.startsWith('docs/api/'))
      .sort();
    files.push(...found);
  }
  for (const group of ['packages', 'apps']) {
    const folder = join(root, group);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const readme = join(folder, name, 'README.md');
      if (existsSync(readme)) files.push(relative(root, readme).split(sep).join('/'));
    }
  }
  return files;
}
