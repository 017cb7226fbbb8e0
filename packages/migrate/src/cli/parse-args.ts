import { parseArgs } from 'node:util';
import { ArgumentError } from '@athanor/core';

/** One option a command takes. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder and the description, for --help. */
  readonly value?: string;
  readonly help: string;
}

/** The options every command takes. */
export const globalOptions: Readonly<Record<string, OptionSpec>> = {
  config: {
    type: 'string',
    value: 'FILE',
    help: 'the config file (default: athanor.config.ts|mjs|js)',
  },
  url: {
    type: 'string',
    value: 'URL',
    help: 'the database URL (overrides the config and DATABASE_URL)',
  },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses a command's arguments. `-1`, `-2`... are relative targets (`downgrade -1`), not
 * options, so they are taken out before Node's parser sees them.
 * @throws {ArgumentError} for an unknown option or a missing value, naming it.
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
): ParsedArgs {
  const relative = args.filter((arg) => /^-\d+$/.test(arg));
  const rest = args.filter((arg) => !/^-\d+$/.test(arg));
  const all = { ...globalOptions, ...options };
  const config = Object.fromEntries(
    Object.entries(all).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  try {
    const parsed = parseArgs({ args: rest, options: config, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: [...relative, ...parsed.positionals] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ArgumentError(
      `${command}: ${message.replace(/\. To specify a positional.*$/s, '')}. Run athanor ${command} --help for its options.`,
      { code: 'bad-arguments' },
    );
  }
}
