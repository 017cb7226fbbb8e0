export { compareMetadata, defaultVersionTable } from './compare-metadata.js';
export { compareTypes } from './compare-types.js';
export { type RenderOptions, type RevisionBody, renderRevisionBody } from './render-revision.js';
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
} from './schema-diff.js';
