// A reducer that drops nothing, or changes nothing, hands back what it was given: the projector
// keeps a document's unchanged parts as they are (frozen and shared, never walked or copied
// again), so an event costs what it changes rather than a copy of the document's arrays.

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
