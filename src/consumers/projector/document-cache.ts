// Committed documents of one build kept between batches, so a live projection or a long
// catch-up doesn't read and parse the same hot documents from SQLite batch after batch.
// Documents are immutable (immutable-documents.ts), so sharing them is safe. Bounded in bytes
// (each document estimated from its JSON's length) across the build's collections; the least
// recently used go first.
import { ByteBoundedCache } from '../../byte-bounded-cache.js';

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

export class DocumentCache {
  /** One cache over every collection (`collection` NUL `key`). */
  private readonly cache: ByteBoundedCache<unknown>;
  /** Per collection, the JSON length of the documents last remembered (a running mean). */
  private readonly lengths = new Map<string, number>();

  constructor(capacityBytes: number) {
    this.cache = new ByteBoundedCache(capacityBytes);
  }

  lookup(collection: string, key: string): unknown {
    const hit = this.cache.get(`${collection}\0${key}`);
    return hit === undefined ? NOT_CACHED : hit.value;
  }

  /** Records a committed document (undefined: none) whose JSON has `jsonLength` characters. */
  remember(collection: string, key: string, doc: unknown, jsonLength: number | undefined): void {
    this.cache.set(`${collection}\0${key}`, doc, documentBytes(key, jsonLength));
    if (jsonLength === undefined || doc === undefined) return;
    const mean = this.lengths.get(collection);
    // Documents grow as their history does: the recent ones weigh most.
    this.lengths.set(collection, mean === undefined ? jsonLength : mean + (jsonLength - mean) / 16);
  }

  /** The JSON length a document of the collection has had lately; undefined before one is known. */
  typicalLength(collection: string): number | undefined {
    return this.lengths.get(collection);
  }

  /** After a failed batch nothing cached is trusted. */
  clear(): void {
    this.cache.clear();
  }
}
