// The ProjectionContext of one batch: documents are read once from the build's tables and
// cached; writes stay in the cache and become the batch's changes, written at its end.
//
// On tables read across a network (AsyncBuildTables) a reducer's read can't wait for a round
// trip: `apply` is synchronous. So the batch runs each event over an overlay that holds its
// writes apart; a read of a document not cached yet is recorded as missed (and answers
// undefined), and the event is dropped, its documents fetched (all the keys missed so far, in
// one round trip) and the event run again. `apply` is pure and deterministic, so the run that
// misses nothing is the one that counts. Tables read in process (SQLite) never miss: they
// run with no overlay, as before.
import type { Collection, Projection, ProjectionContext } from '../../../projections/projection.js';
import { NOT_CACHED, documentBytes, type DocumentCache } from './document-cache.js';
import { adopt, parseDocument } from './immutable-documents.js';
import type {
  BatchChanges,
  BuildTables,
  DocumentChange,
  DocumentKeys,
  FetchedDocuments,
} from '../../ports.js';

/** A cached document (undefined: none), immutable, and whether the batch changed it. */
interface Entry {
  doc: unknown;
  dirty: boolean;
  /** The length of the document's JSON, once known: what the committed cache reckons it holds. */
  jsonLength?: number;
}

type Entries = Map<string, Map<string, Entry>>;

export interface BatchContext {
  readonly context: ProjectionContext;
  /** The documents the batch put or deleted, each once with its final content. */
  changes(): BatchChanges;
  /** The batch committed: its documents are what the tables hold now. */
  committed(): void;
  /** Holds the writes from here on apart, until keep() or drop(). */
  stage(): void;
  /** The held writes become the batch's. */
  keep(): void;
  /** The held writes are forgotten (the event will run again, or was only a look ahead). */
  drop(): void;
  /**
   * What the documents it holds are reckoned to take in memory (as the committed cache reckons
   * them); undefined while a collection's documents have no known size yet.
   */
  heldBytes(): number | undefined;
  /** Whether a read missed since the last take. */
  missed(): boolean;
  /** The keys missed so far, forgotten here. */
  takeMissed(): DocumentKeys;
  /** Documents fetched for missed keys (a key left out has none): reads find them from now on. */
  learn(keys: DocumentKeys, fetched: FetchedDocuments): void;
}

/** Reads go to `committed` (documents kept between batches) before the build's tables. */
export const batchContext = (
  projection: Projection,
  tables: BuildTables,
  committed: DocumentCache,
  options: { readonly empty?: boolean } = {},
): BatchContext => {
  const cache: Entries = new Map();
  let overlay: Entries | undefined;
  let missing = new Map<string, Set<string>>();
  let missedAny = false;
  const readSync = tables.reads === 'sync' ? tables.read.bind(tables) : undefined;
  // A build at position 0 has no rows yet: every document a batch on it reads is known absent.
  const empty = options.empty === true;

  const entriesOf = (entries: Entries, name: string): Map<string, Entry> => {
    let found = entries.get(name);
    if (found === undefined) entries.set(name, (found = new Map()));
    return found;
  };

  const checkCollection = (name: string): void => {
    if (projection.collections[name] === undefined)
      throw new Error(`Projection ${projection.name} has no collection ${name}`);
  };

  const collectionOf = (name: string): Map<string, Entry> => {
    const entries = cache.get(name);
    if (entries !== undefined) return entries;
    checkCollection(name);
    return entriesOf(cache, name);
  };

  const miss = (name: string, key: string): undefined => {
    let keys = missing.get(name);
    if (keys === undefined) missing.set(name, (keys = new Set()));
    keys.add(key);
    missedAny = true;
    return undefined;
  };

  const read = (name: string, key: string): unknown => {
    if (overlay !== undefined) {
      const held = overlay.get(name)?.get(key);
      if (held !== undefined) return held.doc;
    }
    const entries = collectionOf(name);
    let entry = entries.get(key);
    if (entry === undefined) {
      let doc = committed.lookup(name, key);
      if (doc === NOT_CACHED) {
        let jsonLength: number | undefined;
        if (readSync !== undefined) {
          const json = readSync(name, key);
          doc = json === undefined ? undefined : parseDocument(json);
          jsonLength = json?.length;
        } else if (empty) doc = undefined;
        else return miss(name, key);
        committed.remember(name, key, doc, jsonLength);
      }
      entries.set(key, (entry = { doc, dirty: false }));
    }
    return entry.doc;
  };

  // A write needs no read of what was there before.
  const write = (name: string, key: string, doc: unknown): void => {
    if (overlay !== undefined) {
      checkCollection(name);
      entriesOf(overlay, name).set(key, { doc, dirty: true });
      return;
    }
    const entries = collectionOf(name);
    const entry = entries.get(key);
    if (entry === undefined) entries.set(key, { doc, dirty: true });
    else {
      entry.doc = doc;
      entry.dirty = true;
      entry.jsonLength = undefined;
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
      for (const [key, entry] of entries) {
        if (!entry.dirty) continue;
        const { doc } = entry;
        if (doc === undefined) {
          changed.set(key, null);
          entry.jsonLength = 0;
          continue;
        }
        const json = JSON.stringify(doc);
        entry.jsonLength = json.length;
        changed.set(key, { json, row: toRow(doc) });
      }
      if (changed.size > 0) out.set(name, changed);
    }
    return out;
  };

  const heldBytes = (): number | undefined => {
    let total = 0;
    for (const [name, entries] of cache) {
      const typical = committed.typicalLength(name);
      for (const [key, { doc, jsonLength }] of entries) {
        const length = jsonLength ?? (doc === undefined ? 0 : typical);
        if (length === undefined) return undefined;
        total += documentBytes(key, length);
      }
    }
    return total;
  };

  const settle = (): void => {
    for (const [name, entries] of cache)
      for (const [key, { doc, dirty, jsonLength }] of entries)
        if (dirty) committed.remember(name, key, doc, jsonLength ?? JSON.stringify(doc ?? null).length);
  };

  const keep = (): void => {
    const held = overlay;
    overlay = undefined;
    if (held === undefined) return;
    for (const [name, entries] of held) for (const [key, entry] of entries) write(name, key, entry.doc);
  };

  const learn = (keys: DocumentKeys, fetched: FetchedDocuments): void => {
    for (const [name, wanted] of keys) {
      const entries = collectionOf(name);
      const found = fetched.get(name);
      for (const key of wanted) {
        // A key the batch has since read or written keeps what it has.
        if (entries.has(key)) continue;
        const json = found?.get(key);
        const doc = json === undefined ? undefined : parseDocument(json);
        committed.remember(name, key, doc, json?.length);
        entries.set(key, { doc, dirty: false });
      }
    }
  };

  return {
    context,
    changes,
    committed: settle,
    heldBytes,
    stage: () => {
      overlay = new Map();
    },
    keep,
    drop: () => {
      overlay = undefined;
    },
    missed: () => missedAny,
    takeMissed: () => {
      const taken = missing;
      missing = new Map();
      missedAny = false;
      return taken;
    },
    learn,
  };
};
