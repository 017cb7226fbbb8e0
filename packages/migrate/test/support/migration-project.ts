import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ResolvedConfig, resolveConfig } from '../../src/index.js';

/** A revision file to write: its exports, with the bodies as TypeScript source. */
export interface RevisionSource {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly message?: string;
  readonly upgrade: string;
  readonly downgrade: string;
}

/**
 * A migrations folder for one test. It lives under this package (in `.tmp/`, ignored by git)
 * so the revision files' `import * as sa from '@athanor/core'` resolves to this package's
 * dependencies, as it would in a user's project.
 */
export class MigrationProject {
  readonly dir: string;
  readonly config: ResolvedConfig;

  constructor(url: string, versionTable = 'athanor_version') {
    this.dir = join(
      import.meta.dirname,
      '..',
      '..',
      '.tmp',
      `project-${randomBytes(4).toString('hex')}`,
    );
    mkdirSync(join(this.dir, 'migrations', 'versions'), { recursive: true });
    this.config = resolveConfig({ url, versionTable }, { baseDir: this.dir, env: {} });
  }

  write(revision: RevisionSource): void {
    const down = revision.down === null ? 'null' : JSON.stringify(revision.down);
    const source = `import * as sa from '@athanor/core';
export const revision = '${revision.id}';
export const downRevision = ${down};
export const message = ${JSON.stringify(revision.message ?? revision.id)};
export async function upgrade(op) {
${revision.upgrade}
}
export async function downgrade(op) {
${revision.downgrade}
}
`;
    writeFileSync(join(this.dir, 'migrations', 'versions', `${revision.id}_test.ts`), source);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A short random suffix for table names, so tests sharing a database never collide. */
export function uniqueSuffix(): string {
  return randomBytes(3).toString('hex');
}
