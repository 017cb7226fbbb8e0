/**
 * Objects keyed by names users choose (column names, parameter names) are read and written
 * through these, so a name such as `__proto__`, `constructor` or `toString` is only ever an own
 * property: never the prototype, never something every object inherits.
 */

/** `object[name]` when it is the object's own property, else undefined. */
export function ownValue(object: Readonly<Record<string, unknown>>, name: string): unknown {
  const value = object[name];
  // Own properties are the common case: hasOwn is asked only when a value was found.
  return value === undefined || Object.hasOwn(object, name) ? value : undefined;
}

/** Sets `object[name]` as an own property; `__proto__` too, which assignment would make the prototype. */
export function setOwn(object: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(object, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[name] = value;
  }
}

/**
 * A plain object with `values[i]` under `names[i]`, every name an own property. `protoName` says
 * whether one of the names is `__proto__` (worked out once per result, not per row).
 */
export function objectFrom(
  names: readonly string[],
  values: readonly unknown[],
  protoName: boolean,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  if (protoName) {
    for (let i = 0; i < names.length; i++) setOwn(object, names[i] as string, values[i]);
  } else {
    // Assignment is safe for every other name: Object.prototype has no other setter.
    for (let i = 0; i < names.length; i++) object[names[i] as string] = values[i];
  }
  return object;
}
