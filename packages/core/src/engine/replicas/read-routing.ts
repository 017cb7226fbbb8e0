import type { CompoundSelectNode, SelectNode } from '../../sql/nodes.js';
import type { ExecutionOptions } from '../connection.js';

/**
 * Whether an engine with replicas may send a statement to one: a plain SELECT (or UNION... of
 * them) that takes no row locks and has no INSERT, UPDATE or DELETE in a WITH clause. `text()`
 * goes to a replica only when marked `{ readOnly: true }`: Athanor does not parse SQL, and a
 * raw statement may write (`SELECT nextval(...)`, a function with side effects), so the primary
 * is the safe default. `{ usePrimary: true }` keeps any statement on the primary.
 */
export function routesToReplica(
  node: { readonly kind: string },
  options: ExecutionOptions | undefined,
): boolean {
  if (options?.usePrimary) return false;
  if (node.kind === 'text') return options?.readOnly === true;
  return isPlainRead(node);
}

function isPlainRead(node: { readonly kind: string }): boolean {
  if (node.kind === 'compound_select') {
    return (node as CompoundSelectNode).selects.every(isPlainRead);
  }
  if (node.kind !== 'select') return false;
  const select = node as SelectNode;
  return select.locking === null && select.ctes.every((cte) => isPlainRead(cte.element));
}
