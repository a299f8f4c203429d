// The ProjectionContext of one batch: documents are read once from the build's tables and
// cached; writes stay in the cache and become the batch's changes, written at its end.
import type { Collection, Projection, ProjectionContext } from '../../../projections/projection.js';
import { NOT_CACHED, type DocumentCache } from './document-cache.js';
import { adopt, parseDocument } from './immutable-documents.js';
import type { BatchChanges, BuildTables, DocumentChange } from '../../ports.js';

/** A cached document (undefined: none), immutable, and whether the batch changed it. */
interface Entry {
  doc: unknown;
  dirty: boolean;
}

export interface BatchContext {
  readonly context: ProjectionContext;
  /** The documents the batch put or deleted, each once with its final content. */
  changes(): BatchChanges;
  /** The batch committed: its documents are what the tables hold now. */
  committed(): void;
}

/** Reads go to `committed` (documents kept between batches) before the build's tables. */
export const batchContext = (
  projection: Projection,
  tables: BuildTables,
  committed: DocumentCache,
): BatchContext => {
  const cache = new Map<string, Map<string, Entry>>();

  const collectionOf = (name: string): Map<string, Entry> => {
    let entries = cache.get(name);
    if (entries !== undefined) return entries;
    if (projection.collections[name] === undefined)
      throw new Error(`Projection ${projection.name} has no collection ${name}`);
    cache.set(name, (entries = new Map()));
    return entries;
  };

  const read = (name: string, key: string): unknown => {
    const entries = collectionOf(name);
    let entry = entries.get(key);
    if (entry === undefined) {
      let doc = committed.lookup(name, key);
      if (doc === NOT_CACHED) {
        const json = tables.read(name, key);
        doc = json === undefined ? undefined : parseDocument(json);
        committed.remember(name, key, doc);
      }
      entries.set(key, (entry = { doc, dirty: false }));
    }
    return entry.doc;
  };

  // A write needs no read of what was there before.
  const write = (name: string, key: string, doc: unknown): void => {
    const entries = collectionOf(name);
    const entry = entries.get(key);
    if (entry === undefined) entries.set(key, { doc, dirty: true });
    else {
      entry.doc = doc;
      entry.dirty = true;
    }
  };

  // Documents are immutable (see immutable-documents.ts): what a reducer gets is frozen, what
  // it puts is kept as JSON would give it back, so a batch gives what one event per
  // transaction would.
  const context: ProjectionContext = {
    get: <Doc>(name: string, key: string): Doc | undefined => read(name, key) as Doc | undefined,
    put: <Doc>(name: string, key: string, doc: Doc): void => {
      const kept = adopt(doc);
      if (kept === undefined) throw new TypeError(`${projection.name} put no document at ${name}/${key}`);
      write(name, key, kept);
    },
    delete: (name: string, key: string): void => {
      write(name, key, undefined);
    },
  };

  const changes = (): BatchChanges => {
    const out = new Map<string, Map<string, DocumentChange>>();
    for (const [name, entries] of cache) {
      const { toRow } = projection.collections[name] as unknown as Collection<unknown>;
      const changed = new Map<string, DocumentChange>();
      for (const [key, { doc, dirty }] of entries) {
        if (dirty)
          changed.set(key, doc === undefined ? null : { json: JSON.stringify(doc), row: toRow(doc) });
      }
      if (changed.size > 0) out.set(name, changed);
    }
    return out;
  };

  const settle = (): void => {
    for (const [name, entries] of cache)
      for (const [key, { doc, dirty }] of entries) if (dirty) committed.remember(name, key, doc);
  };

  return { context, changes, committed: settle };
};
