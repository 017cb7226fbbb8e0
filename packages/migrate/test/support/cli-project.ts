import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..', '..');
/** The built CLI: these tests run what `npx athanor` runs (build first: pnpm run build). */
export const cliPath = join(packageDir, 'dist', 'cli', 'main.js');

/** What one `athanor` run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * An empty project in a temp folder whose node_modules links @athanor/core, @athanor/sqlite
 * and this package, as `npm install @athanor/migrate @athanor/sqlite` would give a user.
 */
export class CliProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'athanor-cli-'));

  constructor() {
    const scope = join(this.dir, 'node_modules', '@athanor');
    mkdirSync(scope, { recursive: true });
    for (const name of ['core', 'sqlite']) {
      symlinkSync(join(packageDir, 'node_modules', '@athanor', name), join(scope, name));
    }
    symlinkSync(packageDir, join(scope, 'migrate'));
    writeFileSync(join(this.dir, 'package.json'), '{ "name": "app", "private": true }\n');
  }

  /** Runs `node dist/cli/main.js ...args` in the project; never rejects. */
  async athanor(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
    const { DATABASE_URL: _, ...inherited } = process.env;
    try {
      const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], {
        cwd: this.dir,
        env: { ...inherited, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
