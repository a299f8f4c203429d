// The month-end risk review folds each account's risk document from its streams, as recorded by
// the review's instant. Folding every stream from its first event each month made a book's
// reviews cost its months squared; a fold is kept between reviews instead, and the next review
// reads and applies only the events after it. A fold holds a prefix of the account's events in
// log order, all recorded by an instant it has reached: an event recorded later than the review
// it was read for is applied to a copy for that review only, and read again by the next one.
import {
  ACCOUNT_RISK,
  projection as accountRisk,
  type AccountRiskDoc,
} from '../../projections/account-risk/index.js';
import type { ProjectionContext } from '../../projections/projection.js';
import { ByteBoundedCache } from '../byte-bounded-cache.js';
import type { EventStore, StoredEvent, StreamIndex } from '../ports.js';

/** An account's risk events folded, up to a position in the log. */
interface Fold {
  /** `collection/key` → document, as the reducer left them. */
  readonly docs: ReadonlyMap<string, unknown>;
  /** Every event of the account's streams at or before this position is folded, none after it. */
  readonly position: bigint;
  /** The next revision to read of each stream folded from. */
  readonly next: ReadonlyMap<string, bigint>;
  /** The latest instant (ms) an event folded was recorded at: an earlier review can't use the fold. */
  readonly recordedUntil: number;
  /** Events folded since the fold's size was last measured. */
  readonly unmeasured: number;
}

/** A fold is measured again after this many events: its size drifts slowly. */
const REMEASURE_AFTER = 32;

/**
 * The default budget of the kept folds, in characters of their documents' JSON: a 1,000-account
 * demo book's hold 6.3 MB, so the largest (10,000 accounts) fits with room to spare. A budget
 * smaller than a book's folds costs only time: the review runs over the accounts in one order, and
 * each it finds no fold for it folds from the first event.
 */
export const DEFAULT_RISK_FOLD_BYTES = 128 * 1024 * 1024;

export interface RiskFolds {
  /** The account's risk document from its own and its commitments' streams, as recorded by `at`. */
  docOf(accountId: string, at: string): Promise<AccountRiskDoc | undefined>;
  /** The estimated bytes of the folds kept. */
  readonly bytes: number;
}

const EMPTY: Fold = {
  docs: new Map(),
  position: 0n,
  next: new Map(),
  recordedUntil: -Infinity,
  unmeasured: 0,
};

const byPosition = (a: StoredEvent, b: StoredEvent): number =>
  a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0;

/** Applies the account-risk reducer to `docs` in place, for the events it handles. */
const applyAll = (docs: Map<string, unknown>, events: readonly StoredEvent[]): void => {
  const context: ProjectionContext = {
    get: <Doc>(collection: string, key: string) => docs.get(`${collection}/${key}`) as Doc | undefined,
    put: (collection, key, doc) => void docs.set(`${collection}/${key}`, doc),
    delete: (collection, key) => void docs.delete(`${collection}/${key}`),
  };
  for (const event of events) if (accountRisk.handles.includes(event.type)) accountRisk.apply(event, context);
};

const sizeOf = (docs: ReadonlyMap<string, unknown>): number => {
  let bytes = 0;
  for (const [key, doc] of docs) bytes += key.length + JSON.stringify(doc).length;
  return bytes;
};

export const createRiskFolds = (
  store: EventStore,
  index: StreamIndex,
  maxBytes = DEFAULT_RISK_FOLD_BYTES,
): RiskFolds => {
  const kept = new ByteBoundedCache<Fold & { readonly bytes: number }>(maxBytes);

  /** The risk streams' events after the fold, in log order; undefined when the fold missed some. */
  const eventsAfter = async (accountId: string, fold: Fold): Promise<StoredEvent[] | undefined> => {
    const events: StoredEvent[] = [];
    for (const streamId of await index.streamsOf(accountId)) {
      if (!streamId.startsWith('account-') && !streamId.startsWith('supply-')) continue;
      const from = fold.next.get(streamId);
      for await (const event of store.readStream(streamId, { from: from ?? 0n })) {
        // A stream the index named only since the fold, with events the fold should hold.
        if (from === undefined && event.globalPosition <= fold.position) return undefined;
        events.push(event);
      }
    }
    return events.sort(byPosition);
  };

  const docOf = async (accountId: string, at: string): Promise<AccountRiskDoc | undefined> => {
    // As instants: `at` may be written with another offset than the store's UTC stamps.
    const until = Date.parse(at);
    const held = kept.get(accountId)?.value;
    let fold: Fold = held !== undefined && held.recordedUntil <= until ? held : EMPTY;
    let events = await eventsAfter(accountId, fold);
    if (events === undefined) {
      fold = EMPTY;
      events = (await eventsAfter(accountId, fold))!;
    }
    // The prefix recorded by `until` extends the fold; what follows it counts for this review only.
    let prefix = 0;
    while (prefix < events.length && Date.parse(events[prefix]!.recordedAt) <= until) prefix += 1;
    const docs = new Map(fold.docs);
    applyAll(docs, events.slice(0, prefix));
    if (prefix > 0) {
      const next = new Map(fold.next);
      let recordedUntil = fold.recordedUntil;
      for (const event of events.slice(0, prefix)) {
        next.set(event.streamId, event.revision + 1n);
        recordedUntil = Math.max(recordedUntil, Date.parse(event.recordedAt));
      }
      const unmeasured = (fold === held ? held.unmeasured : REMEASURE_AFTER) + prefix;
      const remeasure = fold !== held || unmeasured >= REMEASURE_AFTER;
      const bytes = remeasure ? sizeOf(docs) : held.bytes;
      kept.set(
        accountId,
        {
          docs,
          position: events[prefix - 1]!.globalPosition,
          next,
          recordedUntil,
          unmeasured: remeasure ? 0 : unmeasured,
          bytes,
        },
        bytes,
      );
    }
    const later = events.slice(prefix).filter((event) => Date.parse(event.recordedAt) <= until);
    const view = later.length === 0 ? docs : new Map(docs);
    applyAll(view, later);
    return view.get(`${ACCOUNT_RISK}/${accountId}`) as AccountRiskDoc | undefined;
  };

  return {
    docOf,
    get bytes() {
      return kept.bytes;
    },
  };
};
