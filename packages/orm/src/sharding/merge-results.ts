import { BufferedRows, Result } from '@athanor/core';

/**
 * One result from each shard's, concatenated in the order of the shards (SQLAlchemy's
 * `Result.merge`). Each shard applied the statement's ORDER BY, LIMIT and OFFSET to its own
 * rows; the merged rows are not sorted again. The row count is the shards' total (-1 when
 * none reports one, as for a SELECT).
 */
export function mergeResults(
  results: readonly Result<object, readonly unknown[]>[],
): Result<object, readonly unknown[]> {
  const [first] = results;
  if (!first) return new Result(new BufferedRows([], [], true), -1);
  if (results.length === 1) return first;
  const rows = results.flatMap((result) => (result.returnsRows ? [...result.takeRaw()] : []));
  const counts = results.map((result) => result.rowcount).filter((count) => count >= 0);
  const rowcount = counts.length === 0 ? -1 : counts.reduce((sum, count) => sum + count, 0);
  return new Result(new BufferedRows(first.keys(), rows, first.returnsRows), rowcount);
}
