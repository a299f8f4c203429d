// A list whose entries are named by a key that must not repeat (the contacts at a visit, the
// actions agreed there): a repeat would count twice in every rule and read model downstream.
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describedAs } from './json-schema.js';

/**
 * A list of `item`, at least `minItems` long, no two entries with the same `keyOf`. Errors
 * point at the repeated entry (`contactIds.2`), or at the list when it is too short.
 */
export const uniqueListOf = <A, O>(
  item: t.Type<A, O, unknown>,
  name: string,
  keyOf: (entry: A) => string,
  minItems = 0,
): t.Type<readonly A[], readonly O[], unknown> => {
  const list = t.readonlyArray(item);
  const firstRepeat = (entries: readonly A[]): number => {
    const keys = entries.map(keyOf);
    return keys.findIndex((key, i) => keys.indexOf(key) !== i);
  };
  return describedAs(
    new t.Type<readonly A[], readonly O[], unknown>(
      name,
      (u): u is readonly A[] => list.is(u) && u.length >= minItems && firstRepeat(u) < 0,
      (u, c) => {
        const decoded = list.validate(u, c);
        if (E.isLeft(decoded)) return decoded;
        const entries = decoded.right;
        if (entries.length < minItems) return t.failure(u, c, `must have at least ${minItems} entries`);
        const repeat = firstRepeat(entries);
        if (repeat < 0) return t.success(entries);
        const entry = entries[repeat] as A;
        return t.failure(
          entry,
          [...c, { key: String(repeat), type: item, actual: entry }],
          `repeats ${keyOf(entry)}`,
        );
      },
      (a) => a.map((entry) => item.encode(entry)),
    ),
    (convert) => ({
      type: 'array',
      items: convert(item),
      ...(minItems > 0 ? { minItems } : {}),
      // JSON Schema's uniqueItems compares whole entries; the key is stricter, said in words.
      description: `${name}: no two entries with the same key`,
    }),
  );
};
