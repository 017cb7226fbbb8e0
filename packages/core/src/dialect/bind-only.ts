import { defaultTypeProcessors, type TypeProcessor } from '../compiler/type-processors.js';
import type { TypeEngine, TypeName } from '../types/type-engine.js';

/**
 * A type processor with the core's checks and conversions on the way in and none on the way
 * out: for a type the dialect's driver already reads back as it should be.
 */
export function bindOnly(name: TypeName): (type: TypeEngine) => TypeProcessor {
  return (type) => ({ bind: defaultTypeProcessors[name]?.(type).bind });
}
