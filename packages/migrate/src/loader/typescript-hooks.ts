/**
 * Module hooks (node:module `register`) that let Node 20 import TypeScript files without a build
 * step: a `.ts`/`.mts` file is compiled to JavaScript by amaro (the SWC build Node itself uses for
 * type stripping), in "transform" mode so enums and constructor parameter properties work too;
 * `./models.js` in an import resolves to `./models.ts` when only that exists, as tsc's
 * `nodenext` resolution writes it. Decorators are left as written (Node 20 cannot run them).
 */
import { readFile } from 'node:fs/promises';
import { transformSync } from 'amaro';
import { typescriptSyntaxError } from './typescript-syntax-error.js';

interface ResolveContext {
  readonly parentURL?: string | undefined;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null | undefined;
  readonly shortCircuit?: boolean;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null | undefined;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context: object) => Promise<LoadResult>;

const typescriptFile = /\.(c|m)?ts$/;

export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: NextResolve,
): Promise<ResolveResult> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromTypeScript =
      context.parentURL !== undefined && typescriptFile.test(context.parentURL);
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    if (!fromTypeScript || !relative || !/\.(c|m)?js$/.test(specifier)) throw error;
    return nextResolve(specifier.replace(/js$/, 'ts'), context);
  }
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:') || !typescriptFile.test(url)) return nextLoad(url, context);
  const source = await readFile(new URL(url), 'utf8');
  try {
    const { code } = transformSync(source, { mode: 'transform', sourceMap: false, filename: url });
    return { format: 'module', source: code, shortCircuit: true };
  } catch (error) {
    throw transformError(error);
  }
}

/**
 * amaro throws a plain object (`{ code, message, snippet }`), which reaches the importing thread
 * as "[object Object]"; a SyntaxError with the snippet keeps the message and the place.
 */
function transformError(error: unknown): Error {
  if (error instanceof Error) return error;
  const { message, snippet } = (error ?? {}) as { message?: unknown; snippet?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return new SyntaxError(
    `${typescriptSyntaxError} ${typeof snippet === 'string' ? `${text}\n${snippet}` : text}`,
  );
}
