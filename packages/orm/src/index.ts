// @athanor/orm: models mapped to tables, the session and its unit of work, ORM queries.

// Mapping: declarative models, mappers, relationships, instance state

export type { AssociationProxyOptions } from './mapping/association-proxy.js';
export {
  type ColumnMixin,
  type ColumnsOf,
  type DeclarativeBase,
  declarativeBase,
  type InitOf,
  type ModelClass,
  type ModelInit,
  type ModelInstance,
  type ModelOptions,
  type SubmodelClass,
  type SubmodelOptions,
  type TableOf,
} from './mapping/declarative-base.js';
export type { MapperOptions } from './mapping/inheritance.js';
export { InstanceInspection, inspect } from './mapping/inspect.js';
export { InstanceState, type ObjectStatus, type SessionLike } from './mapping/instance-state.js';
export { type MappedClass, Mapper, mapperOf } from './mapping/mapper.js';
export { Registry } from './mapping/registry.js';
export { type CollectionEvents, RelatedList } from './mapping/related-list.js';
export { type ColumnPair, type Direction, Relationship } from './mapping/relationship.js';
export { RelationshipAttribute } from './mapping/relationship-attribute.js';
export type {
  CascadeName,
  Deferred,
  LazyStrategy,
  ModelBranded,
  ModelClassOf,
  RelatedModel,
  RelationshipKey,
  RelationshipOptions,
} from './mapping/relationship-types.js';

// Events: listen(session | sessionmaker | Session, ...) and listen(Model | Base, ...), with
// listen from @athanor/core

export type { ModelEvents } from './events/model-events.js';
export { FlushContext, type SessionEvents } from './events/session-events.js';

// Queries: select() of models, loader options, the legacy Query

export {
  type AnyLoaderOption,
  joinedload,
  LoaderOption,
  type LoadStep,
  type LoadStrategy,
  raiseload,
  selectinload,
} from './query/loader-options.js';
export {
  type EntitySlot,
  type FoldOrmRow,
  type ItemValue,
  type ModelItem,
  type OrmItemRow,
  type OrmNamedRowOf,
  type OrmResult,
  type OrmRowOf,
  OrmSelect,
  type OrmSelectItem,
  type OrmStream,
  type OrmTupleOf,
  select,
} from './query/orm-select.js';
export { type FilterByValues, Query, type QuerySession } from './query/query.js';

// Session: identity map, unit of work, transactions and savepoints

export { IdentityMap } from './session/identity-map.js';
export {
  type ModelType,
  Session,
  type SessionOptions,
} from './session/session.js';
export type { BindKey, BindTarget } from './session/session-binds.js';
export { type SavepointSession, SessionSavepoint } from './session/session-savepoint.js';
export {
  type SessionFactory,
  type SessionmakerOptions,
  sessionmaker,
} from './session/sessionmaker.js';

// Sharding: one session over several databases

export { SetShardId, setShardId } from './sharding/set-shard-id.js';
export {
  type ShardBindTarget,
  type ShardExecuteContext,
  type ShardedExecutionOptions,
  ShardedSession,
  type ShardedSessionOptions,
} from './sharding/sharded-session.js';

// Errors

export {
  DetachedInstanceError,
  ExpiredAttributeError,
  NotLoadedError,
  PendingRollbackError,
  StaleDataError,
  UnmappedError,
} from './errors.js';
