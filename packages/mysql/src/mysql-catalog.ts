import { Column, Integer, MetaData, String as StringOf, Table } from '@athanor/core/dialect';

/**
 * The `information_schema` tables reflection reads with `select()`, with the columns it reads.
 * They are never created: the server provides them (MySQL and MariaDB alike, except where noted).
 */
const catalog = new MetaData({ schema: 'information_schema' });

const name = () => new Column(StringOf());

export const schemata = new Table('SCHEMATA', catalog, { SCHEMA_NAME: name() });

export const tables = new Table('TABLES', catalog, {
  TABLE_SCHEMA: name(),
  TABLE_NAME: name(),
  TABLE_TYPE: name(),
  TABLE_COMMENT: name(),
});

export const columns = new Table('COLUMNS', catalog, {
  TABLE_SCHEMA: name(),
  TABLE_NAME: name(),
  COLUMN_NAME: name(),
  ORDINAL_POSITION: new Column(Integer),
  COLUMN_TYPE: name(),
  DATA_TYPE: name(),
  IS_NULLABLE: name(),
  COLUMN_DEFAULT: name(),
  EXTRA: name(),
  COLUMN_COMMENT: name(),
});

/** The columns of keys; a foreign key's rows name the columns they refer to. */
export const keyColumnUsage = new Table('KEY_COLUMN_USAGE', catalog, {
  CONSTRAINT_SCHEMA: name(),
  CONSTRAINT_NAME: name(),
  TABLE_SCHEMA: name(),
  TABLE_NAME: name(),
  COLUMN_NAME: name(),
  ORDINAL_POSITION: new Column(Integer),
  REFERENCED_TABLE_SCHEMA: name(),
  REFERENCED_TABLE_NAME: name(),
  REFERENCED_COLUMN_NAME: name(),
});

/** Foreign keys' ON UPDATE and ON DELETE. */
export const referentialConstraints = new Table('REFERENTIAL_CONSTRAINTS', catalog, {
  CONSTRAINT_SCHEMA: name(),
  CONSTRAINT_NAME: name(),
  TABLE_NAME: name(),
  UPDATE_RULE: name(),
  DELETE_RULE: name(),
});

/** Index columns, one row per column of each index. */
export const statistics = new Table('STATISTICS', catalog, {
  TABLE_SCHEMA: name(),
  TABLE_NAME: name(),
  INDEX_NAME: name(),
  COLUMN_NAME: name(),
  SEQ_IN_INDEX: new Column(Integer),
  NON_UNIQUE: new Column(Integer),
});

export const tableConstraints = new Table('TABLE_CONSTRAINTS', catalog, {
  CONSTRAINT_SCHEMA: name(),
  CONSTRAINT_NAME: name(),
  TABLE_SCHEMA: name(),
  TABLE_NAME: name(),
  CONSTRAINT_TYPE: name(),
});

/** CHECK constraints; `TABLE_NAME` is MariaDB's only (MySQL's check names are unique). */
export const checkConstraints = new Table('CHECK_CONSTRAINTS', catalog, {
  CONSTRAINT_SCHEMA: name(),
  CONSTRAINT_NAME: name(),
  TABLE_NAME: name(),
  CHECK_CLAUSE: name(),
});
