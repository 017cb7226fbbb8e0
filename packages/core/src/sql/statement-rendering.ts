import type { StatementNode } from './nodes.js';

// Statements print their SQL with the generic compiler, which lives in a higher layer; it
// registers itself here when it loads, so the expression layer never imports it.
let render: ((node: StatementNode) => string) | undefined;

/** @internal Called once by the compiler module. */
export function setStatementRenderer(renderer: (node: StatementNode) => string): void {
  render = renderer;
}

/** The SQL of a statement in the generic dialect. */
export function renderStatement(node: StatementNode): string {
  return render ? render(node) : `<${node.kind} statement>`;
}
