import { InvalidRequestError } from '@athanor/core';
import type { ShardExecuteContext } from './sharded-session.js';

/** Statements that read or change rows where they are, so running them on every shard is sound. */
const FANS_OUT = new Set(['select', 'compound_select', 'update', 'delete']);

/**
 * The shards a statement runs on when the session was given no `executeChooser`: every shard for
 * a SELECT, UPDATE or DELETE. Anything else is refused: an INSERT on every shard would write its
 * rows once per shard, and a text() statement may be one (the session cannot tell).
 */
export function defaultExecuteChooser(
  ids: readonly string[],
): (context: ShardExecuteContext) => readonly string[] {
  return ({ statement }) => {
    const { kind } = statement.node;
    if (FANS_OUT.has(kind)) return ids;
    const what =
      kind === 'text'
        ? 'a text() statement (it may write rows, which every shard would then get)'
        : kind === 'insert'
          ? 'an INSERT (every shard would get the rows)'
          : `a ${kind} statement`;
    throw new InvalidRequestError(
      `A sharded session runs only SELECT, UPDATE and DELETE on every shard; it will not run ${what}. ` +
        `Name the shard, as in session.execute(statement, params, { shardId: '${ids[0]}' }), ` +
        'add new objects through the session (session.add()), or give the session an executeChooser.',
      { code: 'no-shard' },
    );
  };
}
