import { Column, Integer, MetaData, String as StringOf, Table } from '@athanor/core/dialect';

/**
 * The `pg_catalog` tables reflection reads with `select()`, with the columns it reads. They are
 * never created: they exist in every PostgreSQL database.
 */
const catalog = new MetaData({ schema: 'pg_catalog' });

/** Schemas. */
export const pgNamespace = new Table('pg_namespace', catalog, {
  oid: new Column(Integer),
  nspname: new Column(StringOf()),
});

/** Tables, views, indexes, sequences...: `relkind` says which. */
export const pgClass = new Table('pg_class', catalog, {
  oid: new Column(Integer),
  relname: new Column(StringOf()),
  relnamespace: new Column(Integer),
  relkind: new Column(StringOf()),
});

/** Constraints: `contype` is `p`rimary key, `u`nique, `f`oreign key, `c`heck, e`x`clusion. */
export const pgConstraint = new Table('pg_constraint', catalog, {
  oid: new Column(Integer),
  conname: new Column(StringOf()),
  conrelid: new Column(Integer),
  contype: new Column(StringOf()),
});
