import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '@athanor/core';
import { versionsDir } from './script-directory.js';

/** What goes into a new revision file. */
interface NewRevision {
  readonly id: string;
  readonly downRevisions: readonly string[];
  readonly message: string;
  readonly createDate: Date;
  readonly branchLabels?: readonly string[] | undefined;
  readonly dependsOn?: readonly string[] | undefined;
  /** The statements of `upgrade(op)`, indented; a comment when empty. */
  readonly upgrade?: string | undefined;
  readonly downgrade?: string | undefined;
  /** Import lines the bodies need beside the usual ones. */
  readonly imports?: readonly string[] | undefined;
}

/** A new revision id: 12 random hex characters, as Alembic's. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** A file-name-safe slug of a message: lowercase words joined by `_`, at most 40 characters. */
export function slugify(message: string): string {
  const slug = message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return slug || 'revision';
}

/** The TypeScript source of a revision file. */
export function renderRevisionFile(revision: NewRevision): string {
  const down = revision.downRevisions;
  const downRevision =
    down.length === 0 ? 'null' : down.length === 1 ? quote(down[0] as string) : list(down);
  const usual = [
    "import type { Operations } from '@athanor/migrate';",
    "import * as sa from '@athanor/core';",
  ];
  // Autogenerate asks for the core import it uses: declared twice, `sa` would not compile.
  const imports = (revision.imports ?? []).filter((line) => !usual.includes(line));
  const lines = [
    ...usual,
    ...imports,
    '',
    `/** ${revision.message.replaceAll('*/', '* /') || 'empty message'} */`,
    `export const revision = ${quote(revision.id)};`,
    `export const downRevision: string | readonly string[] | null = ${downRevision};`,
    `export const message = ${quote(revision.message)};`,
    `export const createDate = ${quote(revision.createDate.toISOString())};`,
  ];
  if (revision.branchLabels?.length) {
    lines.push(`export const branchLabels = ${list(revision.branchLabels)};`);
  }
  if (revision.dependsOn?.length)
    lines.push(`export const dependsOn = ${list(revision.dependsOn)};`);
  lines.push(
    '',
    'export async function upgrade(op: Operations): Promise<void> {',
    revision.upgrade ?? '  // Write the schema changes here, e.g. await op.addColumn(...).',
    '}',
    '',
    'export async function downgrade(op: Operations): Promise<void> {',
    revision.downgrade ?? '  // Undo what upgrade() did, in reverse order.',
    '}',
    '',
  );
  return lines.join('\n');
}

/**
 * Writes a revision file into `<migrations>/versions` as `<id>_<slug>.ts`.
 * @returns the path written.
 */
export async function writeRevisionFile(
  migrations: string,
  revision: NewRevision,
): Promise<string> {
  const dir = versionsDir(migrations);
  if (!existsSync(dir)) {
    throw new ArgumentError(`No versions folder at ${dir}. Run athanor init first.`, {
      code: 'no-versions-folder',
    });
  }
  const path = join(dir, `${revision.id}_${slugify(revision.message)}.ts`);
  await writeFile(path, renderRevisionFile(revision), { flag: 'wx' });
  return path;
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

function list(items: readonly string[]): string {
  return `[${items.map(quote).join(', ')}]`;
}
