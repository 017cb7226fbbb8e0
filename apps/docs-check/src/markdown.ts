/** What a block's info string may say after `ts`, beside the language. */
export const blockFlags = ['no-run', 'standalone', 'postgres', 'mysql'] as const;
export type BlockFlag = (typeof blockFlags)[number];

/** One ```ts block of a Markdown file. */
export interface CodeBlock {
  /** 1-based, counting only the TypeScript blocks of the file. */
  readonly index: number;
  /** The line of the Markdown file the block's first code line is on (1-based). */
  readonly line: number;
  /** The code, with the fence's indentation removed. */
  readonly code: string;
  readonly flags: ReadonlySet<BlockFlag>;
  /** Hidden code from a `<!-- docs-check:prelude ... -->` comment just before the block. */
  readonly prelude: { readonly code: string; readonly line: number } | undefined;
}

const fenceOpen = /^( {0,12})(`{3,}|~{3,})\s*([^`]*)$/;
const preludeOpen = /^\s*<!--\s*docs-check:prelude\s*$/;

/**
 * The TypeScript blocks (```ts or ```typescript) of a Markdown file, in order. Blocks may be
 * indented (inside a list); the indentation of the fence is removed from every line.
 *
 * @throws {Error} for an unknown flag in an info string or an unclosed prelude comment, so a
 * typo cannot turn a check off.
 */
export function extractBlocks(markdown: string, file = 'the Markdown file'): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let prelude: { code: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (preludeOpen.test(line)) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^\s*-->\s*$/.test(lines[end] as string)) end++;
      if (end === lines.length) {
        throw new Error(`${file}:${i + 1}: a docs-check:prelude comment is never closed (-->).`);
      }
      prelude = { code: lines.slice(start, end).join('\n'), line: start + 1 };
      i = end;
      continue;
    }
    const open = fenceOpen.exec(line);
    if (!open) {
      // Only blank lines may come between a prelude and its block.
      if (line.trim() !== '') prelude = undefined;
      continue;
    }
    const [, indent = '', fence = '', info = ''] = open;
    const end = findClose(lines, i + 1, indent.length, fence);
    const body = lines.slice(i + 1, end).map((text) => dedent(text, indent.length));
    const [language = '', ...words] = info.trim().split(/\s+/);
    if (language === 'ts' || language === 'typescript') {
      const flags = new Set<BlockFlag>();
      for (const word of words) {
        if (!(blockFlags as readonly string[]).includes(word)) {
          throw new Error(
            `${file}:${i + 1}: unknown flag '${word}' after \`\`\`${language}; ` +
              `the flags are ${blockFlags.join(', ')}.`,
          );
        }
        flags.add(word as BlockFlag);
      }
      blocks.push({
        index: blocks.length + 1,
        line: i + 2,
        code: body.join('\n'),
        flags,
        prelude,
      });
    } else if (prelude) {
      throw new Error(
        `${file}:${i + 1}: a docs-check:prelude comment stands before a non-ts block.`,
      );
    }
    prelude = undefined;
    i = end;
  }
  if (prelude) throw new Error(`${file}: a docs-check:prelude comment has no block after it.`);
  return blocks;
}

function findClose(lines: readonly string[], from: number, indent: number, fence: string): number {
  const closing = new RegExp(
    `^ {0,${indent + 3}}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`,
  );
  for (let i = from; i < lines.length; i++) if (closing.test(lines[i] as string)) return i;
  return lines.length;
}

function dedent(line: string, indent: number): string {
  let cut = 0;
  while (cut < indent && line[cut] === ' ') cut++;
  return line.slice(cut);
}
