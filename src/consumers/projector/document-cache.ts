// Committed documents of one build kept between batches, so a live projection or a long
// catch-up doesn't read and parse the same hot documents from SQLite batch after batch.
// Documents are immutable (immutable-documents.ts), so sharing them is safe. Bounded per
// collection; the least recently used go first.

/** Not in the cache (a cached `undefined` means: known to have no document). */
export const NOT_CACHED = Symbol('not cached');

export class DocumentCache {
  private readonly collections = new Map<string, Map<string, unknown>>();

  constructor(private readonly capacity: number) {}

  lookup(collection: string, key: string): unknown {
    const docs = this.collections.get(collection);
    if (docs === undefined || !docs.has(key)) return NOT_CACHED;
    const doc = docs.get(key);
    // Re-inserting moves the key to the end: the Map's order is the recency order.
    docs.delete(key);
    docs.set(key, doc);
    return doc;
  }

  /** Records a committed document (undefined: none). */
  remember(collection: string, key: string, doc: unknown): void {
    if (this.capacity <= 0) return;
    let docs = this.collections.get(collection);
    if (docs === undefined) this.collections.set(collection, (docs = new Map()));
    docs.delete(key);
    docs.set(key, doc);
    if (docs.size > this.capacity) docs.delete(docs.keys().next().value as string);
  }

  /** After a failed batch nothing cached is trusted. */
  clear(): void {
    this.collections.clear();
  }
}
