import type { Harness } from '../../harness.js';
import { relationshipCascadesSuite } from './cascades-suite.js';
import { relationshipFlushOrderSuite } from './flush-order-suite.js';
import { relationshipJoinedLoadersSuite } from './joined-loaders-suite.js';
import { relationshipKindsSuite } from './kinds-suite.js';
import { relationshipLoadersSuite } from './loaders-suite.js';
import { relationshipQueriesSuite } from './queries-suite.js';

/**
 * The ORM's relationships where the database takes part, by topic: the keys and rows each
 * kind writes, cascades the database sees, loaders' SQL, the order of a flush's statements,
 * relationships in queries. The ORM behaviour no dialect can change (back-references kept in
 * memory, cascade decisions, refused configurations, the identity map) is tested in the ORM's
 * own package (packages/orm/test/relationships), on SQLite, PostgreSQL and MariaDB.
 */
export function relationshipsSuite(h: Harness): void {
  relationshipKindsSuite(h);
  relationshipCascadesSuite(h);
  relationshipLoadersSuite(h);
  relationshipJoinedLoadersSuite(h);
  relationshipFlushOrderSuite(h);
  relationshipQueriesSuite(h);
}
