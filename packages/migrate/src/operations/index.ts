export type { AlterColumnOptions } from './alter-column-options.js';
export type { BatchOperations } from './batch-operations.js';
export type { ForeignKeyOperationOptions } from './constraint-definitions.js';
export type { BatchAlterTableOptions, CreateIndexOptions, SchemaOption } from './operations.js';
