export * from './autogenerate/index.js';
export { Operations } from './operations/operations.js';
export type { MigrationContext } from './runtime/migration-context.js';
