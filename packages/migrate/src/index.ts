export type {
  AlterColumnOptions,
  BatchOperations,
  CreateIndexOptions,
  ForeignKeyOperationOptions,
  SchemaOption,
} from './operations/index.js';
export { Operations } from './operations/operations.js';
export type { MigrationContext } from './runtime/migration-context.js';
