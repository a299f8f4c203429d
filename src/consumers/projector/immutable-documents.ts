// Documents in a batch's cache are immutable and share structure: `get` hands out the cached
// document itself, deep-frozen, so a reducer that mutates one fails at once instead of
// diverging silently; `put` keeps the reducer's document when it is plain JSON data (the parts
// taken from a cached document are frozen already, so only the new parts are walked), else a
// JSON-faithful copy. Either way the cache holds what a JSON round trip through SQLite would
// give, so how events fall into batches never changes a result.
import { jsonCopy } from './json-copy.js';

// A null-prototype object isn't plain either: JSON gives back an ordinary one.
const isPlainObject = (value: object): boolean =>
  Object.getPrototypeOf(value) === Object.prototype && !('toJSON' in value);

/**
 * Whether JSON would give back `value` as it is; each array and plain object found so is frozen
 * on the way back up (one walk, not a check and then a freeze). A frozen one counts as checked:
 * this module freezes only what it checked (a WeakSet to remember them costs more than the
 * walks it saves). A value found not plain may leave some of its plain parts frozen: harmless,
 * they are then copied.
 */
const frozenIfPlain = (value: unknown): boolean => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        if (Object.isFrozen(value)) return true;
        for (let i = 0; i < value.length; i += 1) if (!frozenIfPlain(value[i])) return false;
      } else {
        if (!isPlainObject(value)) return false;
        if (Object.isFrozen(value)) return true;
        for (const key in value) if (!frozenIfPlain((value as Record<string, unknown>)[key])) return false;
      }
      Object.freeze(value);
      return true;
    }
    default:
      return false; // undefined, functions, symbols, bigint
  }
};

/** Deep-freezes plain data, skipping what is frozen already. */
const freeze = <T>(value: T): T => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i += 1) freeze(value[i]);
  else for (const key in value) freeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
};

/** A document parsed from its JSON column: plain by construction. */
export const parseDocument = (json: string): unknown => freeze(JSON.parse(json) as unknown);

/** The immutable document to keep for what a reducer put; undefined when JSON has none. */
export const adopt = (doc: unknown): unknown => (frozenIfPlain(doc) ? doc : freeze(jsonCopy(doc)));
