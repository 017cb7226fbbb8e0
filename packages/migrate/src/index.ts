export { compareMetadata, defaultVersionTable } from './autogenerate/compare-metadata.js';
export { compareTypes } from './autogenerate/compare-types.js';
export {
  type RenderOptions,
  type RevisionBody,
  renderRevisionBody,
} from './autogenerate/render-revision.js';
export type {
  CheckConstraintSpec,
  ColumnAttribute,
  ColumnSpec,
  CompareOptions,
  ForeignKeySpec,
  IncludedObjectType,
  IncludeObject,
  IndexSpec,
  PrimaryKeySpec,
  SchemaDiff,
  ServerDefaultSpec,
  TableRef,
  TableSpec,
  UniqueConstraintSpec,
} from './autogenerate/schema-diff.js';
export { type CheckResult, check } from './commands/check.js';
export type { DatabaseOptions } from './commands/command-options.js';
export { current } from './commands/current.js';
export { downgrade } from './commands/downgrade.js';
export { branches, heads, history } from './commands/history.js';
export { type InitOptions, init } from './commands/init.js';
export { merge } from './commands/merge.js';
export { type RevisionOptions, revision } from './commands/revision.js';
export type { RunOptions } from './commands/run-migrations.js';
export { type StampOptions, stamp } from './commands/stamp.js';
export { upgrade } from './commands/upgrade.js';
export { type AthanorConfig, defineConfig } from './config/define-config.js';
export {
  configFileNames,
  type LoadConfigOptions,
  loadConfig,
  resolveConfig,
} from './config/load-config.js';
export { loadMetadata } from './config/load-metadata.js';
export type { ResolvedConfig } from './config/resolved-config.js';
export type {
  AlterColumnOptions,
  BatchAlterTableOptions,
  BatchOperations,
  CreateIndexOptions,
  ForeignKeyOperationOptions,
  SchemaOption,
} from './operations/index.js';
export { Operations } from './operations/operations.js';
export type { MigrationContext } from './runtime/migration-context.js';
export { MigrationError } from './runtime/migration-error.js';
export { OfflineMigrationContext } from './runtime/offline-context.js';
export { OnlineMigrationContext } from './runtime/online-context.js';
export { VersionTable } from './runtime/version-table.js';
export {
  downgradeSteps,
  headsAfter,
  type MigrationStep,
  upgradeSteps,
} from './script/migration-path.js';
export {
  downgradeDestination,
  resolveRevision,
  upgradeDestination,
} from './script/resolve-target.js';
export { type Revision, revisionFromModule } from './script/revision.js';
export { RevisionMap } from './script/revision-map.js';
export { newRevisionId, renderRevisionFile, slugify } from './script/revision-writer.js';
export { loadRevisionMap } from './script/script-directory.js';
