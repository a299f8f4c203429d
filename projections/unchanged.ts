// A reducer that drops nothing, or changes nothing, hands back what it was given: the projector
// keeps a document's unchanged parts as they are (frozen and shared, never walked or copied
// again), so an event costs what it changes rather than a copy of the document's arrays.
import type { ProjectionContext } from './projection.js';

/** `entries` itself when every entry is kept, else the kept ones in order. */
export const keptWhere = <E>(entries: readonly E[], keep: (entry: E) => boolean): readonly E[] => {
  for (const entry of entries) if (!keep(entry)) return entries.filter(keep);
  return entries;
};

/** Whether the two arrays hold the same entries (the same objects) in the same order. */
export const sameEntries = <E>(a: readonly E[], b: readonly E[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
};

/** `next`, or `before` when it holds the same entries: what was stored stays shared. */
export const sharedWith = <E>(next: readonly E[], before: readonly E[] | undefined): readonly E[] =>
  before !== undefined && sameEntries(next, before) ? before : next;

/** Whether the two objects have the same keys in the same order, each with the same value (===). */
export const sameFields = (a: object, b: object): boolean => {
  if (a === b) return true;
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    if (key !== others[i] || (a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key])
      return false;
  }
  return true;
};

/** Puts `doc` unless the stored document is the same, field for field: an unchanged one is not written again. */
export const putChanged = <Doc extends object>(
  context: ProjectionContext,
  collection: string,
  key: string,
  doc: Doc,
  stored: Doc | undefined,
): void => {
  if (stored === undefined || !sameFields(doc, stored)) context.put<Doc>(collection, key, doc);
};
