import { resolve } from 'node:path';
import { ArgumentError } from '@athanor/core';
import { check } from '../commands/check.js';
import { current } from '../commands/current.js';
import { downgrade } from '../commands/downgrade.js';
import { branches, heads, history } from '../commands/history.js';
import { init } from '../commands/init.js';
import { merge } from '../commands/merge.js';
import { revision } from '../commands/revision.js';
import { stamp } from '../commands/stamp.js';
import { upgrade } from '../commands/upgrade.js';
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Revision } from '../script/revision.js';
import type { Output } from './output.js';
import type { OptionSpec, ParsedArgs } from './parse-args.js';

/** One `athanor` command: its help and what it does. Returns the exit code. */
interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(args: ParsedArgs, output: Output): Promise<number>;
}

const sql: OptionSpec = {
  type: 'boolean',
  help: 'print the SQL instead of running it (no connection)',
};
const message: OptionSpec = {
  type: 'string',
  short: 'm',
  value: 'MSG',
  help: 'the revision message',
};
const revId: OptionSpec = {
  type: 'string',
  value: 'ID',
  help: 'use this id instead of a random one',
};

export const cliCommands: Readonly<Record<string, CliCommand>> = {
  init: {
    summary: 'create athanor.config.ts and migrations/versions/',
    usage: 'init [DIR]',
    options: {},
    async run(args, output) {
      const url = stringValue(args, 'url');
      const created = await init(resolve(args.positionals[0] ?? '.'), { url });
      for (const path of created) output.line(`Created ${output.bold(path)}`);
      output.line(
        'Next: set url and metadata in athanor.config.ts, then athanor revision -m "first".',
      );
      return 0;
    },
  },
  revision: {
    summary: 'write a new revision file (empty, or --autogenerate from the models)',
    usage: 'revision -m MSG [--autogenerate]',
    options: {
      message,
      autogenerate: {
        type: 'boolean',
        help: 'fill it from the differences between models and database',
      },
      head: {
        type: 'string',
        value: 'REV',
        help: 'the revision to follow when there are several heads',
      },
      'branch-label': {
        type: 'string',
        multiple: true,
        value: 'NAME',
        help: 'a name for the new branch',
      },
      'depends-on': {
        type: 'string',
        multiple: true,
        value: 'REV',
        help: 'a revision that must run first',
      },
      'rev-id': revId,
    },
    async run(args, output) {
      const config = await configOf(args);
      const path = await revision(config, {
        message: requireMessage(args, 'revision'),
        autogenerate: args.values.autogenerate === true,
        head: stringValue(args, 'head'),
        branchLabels: listValue(args, 'branch-label'),
        dependsOn: listValue(args, 'depends-on'),
        revisionId: stringValue(args, 'rev-id'),
      });
      output.line(`Generated ${output.bold(path)}`);
      return 0;
    },
  },
  upgrade: {
    summary: 'apply revisions up to TARGET (head, heads, +N, REV; default head)',
    usage: 'upgrade [TARGET] [--sql]',
    options: { sql },
    async run(args, output) {
      const config = await configOf(args);
      const target = args.positionals[0] ?? 'head';
      const sqlMode = args.values.sql === true;
      const steps = await upgrade(config, target, {
        sql: sqlMode,
        output: (text) => output.write(text),
        log: (line) => output.info(line),
      });
      if (!sqlMode && steps.length === 0) output.info('Already at the target: nothing to upgrade.');
      return 0;
    },
  },
  downgrade: {
    summary: 'undo revisions down to TARGET (-N, base, REV; offline FROM:TARGET)',
    usage: 'downgrade TARGET [--sql]',
    options: { sql },
    async run(args, output) {
      const config = await configOf(args);
      const target = args.positionals[0];
      if (target === undefined) {
        throw new ArgumentError('downgrade needs a target: -1, base, or a revision id.', {
          code: 'bad-arguments',
        });
      }
      const sqlMode = args.values.sql === true;
      const steps = await downgrade(config, target, {
        sql: sqlMode,
        output: (text) => output.write(text),
        log: (line) => output.info(line),
      });
      if (!sqlMode && steps.length === 0)
        output.info('Already at the target: nothing to downgrade.');
      return 0;
    },
  },
  current: {
    summary: "show the database's applied revision(s)",
    usage: 'current',
    options: {},
    async run(args, output) {
      const config = await configOf(args);
      const applied = await current(config);
      if (applied.length === 0) output.line('base (no revision applied)');
      for (const id of applied) output.line(id);
      return 0;
    },
  },
  history: {
    summary: 'list the revisions, newest first',
    usage: 'history',
    options: {},
    async run(args, output) {
      const config = await configOf(args);
      for (const item of await history(config)) output.line(describe(item, output));
      return 0;
    },
  },
  heads: {
    summary: 'list the head revisions',
    usage: 'heads',
    options: {},
    async run(args, output) {
      for (const item of await heads(await configOf(args))) output.line(describe(item, output));
      return 0;
    },
  },
  branches: {
    summary: 'list the revisions where history branches',
    usage: 'branches',
    options: {},
    async run(args, output) {
      for (const item of await branches(await configOf(args))) output.line(describe(item, output));
      return 0;
    },
  },
  merge: {
    summary: 'write a revision that joins REVS (or heads)',
    usage: 'merge heads|REV REV... -m MSG',
    options: { message, 'rev-id': revId },
    async run(args, output) {
      const config = await configOf(args);
      const path = await merge(config, args.positionals.length ? args.positionals : ['heads'], {
        message: requireMessage(args, 'merge'),
        revisionId: stringValue(args, 'rev-id'),
      });
      output.line(`Generated ${output.bold(path)}`);
      return 0;
    },
  },
  stamp: {
    summary: 'set the version table to TARGET without running migrations',
    usage: 'stamp TARGET [--purge]',
    options: {
      purge: {
        type: 'boolean',
        help: 'empty the version table first (rows naming revisions that no longer exist)',
      },
    },
    async run(args, output) {
      const target = args.positionals[0];
      if (target === undefined) {
        throw new ArgumentError('stamp needs a target: head, base, or a revision id.', {
          code: 'bad-arguments',
        });
      }
      const stamped = await stamp(await configOf(args), target, {
        purge: args.values.purge === true,
      });
      output.line(`Stamped ${stamped.join(', ') || 'base'}`);
      return 0;
    },
  },
  check: {
    summary: 'exit 1 when the models and the database differ (for CI)',
    usage: 'check',
    options: {},
    async run(args, output) {
      const result = await check(await configOf(args));
      if (result.inSync) {
        output.line(output.green('No changes: the database matches the models.'));
        return 0;
      }
      output.error(
        `The models and the database differ (${result.diffs.length} change(s)): run athanor revision --autogenerate -m "...".`,
      );
      return 1;
    },
  },
};

async function configOf(args: ParsedArgs): Promise<ResolvedConfig> {
  return loadConfig({ configFile: stringValue(args, 'config'), url: stringValue(args, 'url') });
}

function stringValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

function listValue(args: ParsedArgs, name: string): string[] | undefined {
  const value = args.values[name];
  return Array.isArray(value) ? value.map(String) : undefined;
}

function requireMessage(args: ParsedArgs, command: string): string {
  const text = stringValue(args, 'message');
  if (text === undefined) {
    throw new ArgumentError(
      `${command} needs a message: athanor ${command} -m "what it changes".`,
      {
        code: 'bad-arguments',
      },
    );
  }
  return text;
}

function describe(revision: Revision, output: Output): string {
  const from = revision.downRevisions.join(', ') || '<base>';
  const labels = revision.branchLabels.length ? ` (${revision.branchLabels.join(', ')})` : '';
  return `${output.dim(from)} -> ${output.yellow(revision.id)}${labels}, ${revision.message}`;
}
