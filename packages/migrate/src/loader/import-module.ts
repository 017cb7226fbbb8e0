import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgumentError } from '@athanor/core';
import { typescriptSyntaxError } from './typescript-syntax-error.js';

let hooksRegistered = false;

/**
 * Imports a config, models or revision module by path. TypeScript files load without a build
 * step: through Node's own type stripping where it has it (`process.features.typescript`), else
 * through the hooks in `typescript-hooks.ts`, registered on first need.
 * @throws {ArgumentError} naming the file when it cannot be read or does not compile.
 */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  if (isTypeScript(path)) registerTypeScriptHooks();
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    // Node runs a TypeScript file once its types are removed: syntax Node 20 itself lacks
    // (decorators) is still a SyntaxError.
    const hint =
      error instanceof SyntaxError &&
      isTypeScript(path) &&
      !error.message.startsWith(typescriptSyntaxError)
        ? '\n(TypeScript files run with their types removed: syntax Node itself cannot run, such as decorators, fails.)'
        : '';
    throw new ArgumentError(`Could not load ${path}: ${describe(error)}${hint}`, {
      cause: error,
      code: 'module-load-failed',
    });
  }
}

function isTypeScript(path: string): boolean {
  return ['.ts', '.mts'].includes(extname(path));
}

function registerTypeScriptHooks(): void {
  if (hooksRegistered || nodeStripsTypes()) return;
  hooksRegistered = true;
  const hooks = new URL('./typescript-hooks.js', import.meta.url);
  // Run from its TypeScript source (this package's own tests), the host already compiles
  // TypeScript and there is no built hooks file to register.
  if (!existsSync(hooks)) return;
  register(hooks);
}

function nodeStripsTypes(): boolean {
  const features = process.features as { typescript?: string | false };
  return Boolean(features.typescript);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  // amaro reports unsupported syntax with a snippet pointing at it.
  const snippet = (error as { snippet?: unknown }).snippet;
  const detail = typeof snippet === 'string' ? `\n${snippet}` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${detail}`;
}
