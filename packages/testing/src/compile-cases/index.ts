import type { CompileTopic } from './compile-case.js';
import { ddlCases } from './ddl-cases.js';
import { insertCases } from './insert-cases.js';
import { literalCases } from './literal-cases.js';
import { queryCases } from './query-cases.js';
import { selectCases } from './select-cases.js';
import { selectClauseCases } from './select-clause-cases.js';
import { sqlDepthCases } from './sql-depth-cases.js';
import { updateDeleteCases } from './update-delete-cases.js';

/** Every compile case, by topic, in the order the tests list them. */
export const compileTopics: readonly CompileTopic[] = [
  selectCases,
  selectClauseCases,
  sqlDepthCases,
  queryCases,
  insertCases,
  updateDeleteCases,
  ddlCases,
  literalCases,
];
