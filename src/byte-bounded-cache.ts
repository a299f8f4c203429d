// The one least-recently-used cache bounded in bytes (an estimate the caller gives for each
// value): presented read-model rows, a build's committed documents, shared pages of the log.
// Never bounded by a count of entries: a value larger than the whole budget is not kept.
export class ByteBoundedCache<V> {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly entries = new Map<string, { readonly value: V; readonly bytes: number }>();
  private held = 0;

  constructor(readonly maxBytes: number) {}

  /** The estimated bytes held now (never above `maxBytes`). */
  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value kept under `key`, now the most recently used; undefined when none is. */
  get(key: string): { readonly value: V } | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Keeps `value` (replacing what `key` held), then lets the least recently used go until it fits. */
  set(key: string, value: V, bytes: number): void {
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.held -= previous.bytes;
    }
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.held -= entry.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }
}
