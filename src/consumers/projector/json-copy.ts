// A deep copy that gives exactly what JSON.parse(JSON.stringify(value)) gives (undefined and
// functions dropped, toJSON honoured, non-finite numbers as null, bigint refused), without
// the round trip through a string.

/** The copy of `value`, or undefined where JSON.stringify would leave the value out. */
export const jsonCopy = (value: unknown): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0: JSON has no -0
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      return value === null ? null : copyObject(value);
    default:
      return undefined; // undefined, functions, symbols
  }
};

const copyObject = (value: object): unknown => {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return jsonCopy((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = jsonCopy(value[i]) ?? null;
    return out;
  }
  // Boxed primitives serialise as their primitive value.
  if (value instanceof Number || value instanceof String || value instanceof Boolean)
    return jsonCopy(value.valueOf());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = jsonCopy((value as Record<string, unknown>)[key]);
    if (copy === undefined) continue;
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
};
