export { type AssembleOptions, assembleModules, type DocModule, type Origin } from './assemble.js';
export {
  type DocFile,
  type DocProject,
  prepareProject,
  runModule,
  typecheckProject,
} from './check.js';
export { markdownFiles } from './files.js';
export { type BlockFlag, blockFlags, type CodeBlock, extractBlocks } from './markdown.js';
