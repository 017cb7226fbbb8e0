export {
  type BigIntegerMode,
  BigIntegerType,
  FloatType,
  IntegerType,
  NumericType,
  SmallIntegerType,
} from './numeric-types.js';
export {
  BooleanType,
  JSONType,
  jsonNull,
  LargeBinaryType,
  NullType,
  nullType,
} from './other-types.js';
export { EnumType, StringType, TextType, UuidType } from './string-types.js';
export { DateTimeType, DateType, IntervalType, TimeType } from './temporal-types.js';
export { TypeDecorator } from './type-decorator.js';
export {
  type BindOf,
  type TypeArg,
  type TypeDialect,
  TypeEngine,
  type TypeName,
  toType,
  type ValueOf,
} from './type-engine.js';
export {
  BigInteger,
  Bool,
  Boolean,
  Date,
  DateOnly,
  DateTime,
  Enum,
  Float,
  Integer,
  Interval,
  JSON,
  Json,
  LargeBinary,
  Numeric,
  SmallInteger,
  String,
  Text,
  Time,
  Uuid,
  Varchar,
} from './type-factories.js';
export { typeKey } from './type-key.js';
export { UserDefinedType } from './user-defined-type.js';
