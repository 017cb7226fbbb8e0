// Mapping

// Errors
export {
  DetachedInstanceError,
  ExpiredAttributeError,
  PendingRollbackError,
  StaleDataError,
  UnmappedError,
} from './errors.js';
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
// Queries
export {
  type EntitySlot,
  type OrmResult,
  OrmSelect,
  type OrmSelectItem,
  type OrmTupleOf,
  select,
} from './query/orm-select.js';
export { type FilterByValues, Query } from './query/query.js';
// Session
export {
  type ModelType,
  Session,
  type SessionOptions,
  SessionSavepoint,
} from './session/session.js';
export {
  type SessionFactory,
  type SessionmakerOptions,
  sessionmaker,
} from './session/sessionmaker.js';
