// Mapping

// Errors
export {
  DetachedInstanceError,
  ExpiredAttributeError,
  NotLoadedError,
  PendingRollbackError,
  StaleDataError,
  UnmappedError,
} from './errors.js';
export type { AssociationProxyOptions } from './mapping/association-proxy.js';
export {
  type ColumnMixin,
  type DeclarativeBase,
  declarativeBase,
  type ModelClass,
  type ModelInit,
  type ModelInstance,
} from './mapping/declarative-base.js';
export { InstanceInspection, inspect } from './mapping/inspect.js';
export type { ObjectStatus } from './mapping/instance-state.js';
export { Mapper, mapperOf } from './mapping/mapper.js';
export { Registry } from './mapping/registry.js';
export { RelatedList } from './mapping/related-list.js';
export { type Direction, Relationship } from './mapping/relationship.js';
export type {
  CascadeName,
  LazyStrategy,
  ModelBranded,
  RelatedModel,
  RelationshipKey,
  RelationshipOptions,
} from './mapping/relationship-types.js';
// Queries
export {
  type AnyLoaderOption,
  joinedload,
  LoaderOption,
  type LoadStrategy,
  raiseload,
  selectinload,
} from './query/loader-options.js';
export {
  type EntitySlot,
  type OrmResult,
  OrmSelect,
  type OrmSelectItem,
  type OrmTupleOf,
  select,
} from './query/orm-select.js';
export { type FilterByValues, Query } from './query/query.js';
export { RelationshipAttribute } from './query/relationship-attribute.js';
// Session
export {
  type ModelType,
  Session,
  type SessionOptions,
} from './session/session.js';
export { SessionSavepoint } from './session/session-savepoint.js';
export {
  type SessionFactory,
  type SessionmakerOptions,
  sessionmaker,
} from './session/sessionmaker.js';
