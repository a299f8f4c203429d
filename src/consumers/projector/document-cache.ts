// Committed documents of one build kept between batches, so a live projection or a long
// catch-up doesn't read and parse the same hot documents from SQLite batch after batch.
// Documents are immutable (immutable-documents.ts), so sharing them is safe. Bounded in bytes
// (each document estimated from its JSON's length) across the build's collections; the least
// recently used go first.

/** Not in the cache (a cached `undefined` means: known to have no document). */
export const NOT_CACHED = Symbol('not cached');

/**
 * A parsed document's memory per character of its JSON: objects, arrays and UTF-16 strings
 * take a few times the text they came from.
 */
const BYTES_PER_JSON_CHAR = 4;
/** A key and its entry, besides the document. */
const ENTRY_BYTES = 100;

/** The bytes a document of this JSON length (undefined: none) is reckoned to hold. */
export const documentBytes = (key: string, jsonLength: number | undefined): number =>
  ENTRY_BYTES + 2 * key.length + BYTES_PER_JSON_CHAR * (jsonLength ?? 0);

interface Kept {
  readonly doc: unknown;
  readonly bytes: number;
}

export class DocumentCache {
  /** One Map over every collection (`collection` NUL `key`): its order is the recency order. */
  private readonly entries = new Map<string, Kept>();
  private bytes = 0;

  constructor(private readonly capacityBytes: number) {}

  lookup(collection: string, key: string): unknown {
    const id = `${collection}\0${key}`;
    const kept = this.entries.get(id);
    if (kept === undefined) return NOT_CACHED;
    // Re-inserting moves the key to the end.
    this.entries.delete(id);
    this.entries.set(id, kept);
    return kept.doc;
  }

  /** Records a committed document (undefined: none) whose JSON has `jsonLength` characters. */
  remember(collection: string, key: string, doc: unknown, jsonLength: number | undefined): void {
    const bytes = documentBytes(key, jsonLength);
    if (bytes > this.capacityBytes) return;
    const id = `${collection}\0${key}`;
    const previous = this.entries.get(id);
    if (previous !== undefined) {
      this.entries.delete(id);
      this.bytes -= previous.bytes;
    }
    this.entries.set(id, { doc, bytes });
    this.bytes += bytes;
    for (const [oldest, kept] of this.entries) {
      if (this.bytes <= this.capacityBytes) break;
      this.entries.delete(oldest);
      this.bytes -= kept.bytes;
    }
  }

  /** After a failed batch nothing cached is trusted. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
