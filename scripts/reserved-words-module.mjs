// Writes a dialect's generated reserved-word list as a TypeScript module: the words wrapped at
// 98 columns inside one template string, so a regenerated list diffs word by word. Shared by
// packages/{postgres,mysql,sqlite}/scripts/reserved-words.mjs, which differ only in where the
// words come from.
import { writeFileSync } from 'node:fs';

/**
 * @param {URL} file the module to write
 * @param {{ doc: string, name: string, words: Iterable<string> }} list the doc comment's text
 *   (without the comment markers), the exported constant's name, and the words
 */
export function writeReservedWordsModule(file, { doc, name, words }) {
  const lines = [];
  let line = ' ';
  for (const word of [...new Set(words)].sort()) {
    if (line.length + word.length + 1 > 98) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  const comment = doc
    .trim()
    .split('\n')
    .map((text) => ` * ${text}`.trimEnd())
    .join('\n');
  writeFileSync(
    file,
    `/**
${comment}
 */
export const ${name}: ReadonlySet<string> = new Set(
  \`
${lines.join('\n')}
  \`
    .split(/\\s+/)
    .filter(Boolean),
);
`,
  );
}
