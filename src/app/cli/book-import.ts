// `kare import`: a book exported as CloudEvents (NDJSON) appended to this store with the same
// event ids, revisions, times and metadata, hence the same hashes, so it verifies on arrival.
// Three passes over the file:
//   1. check every line before anything is written: its shape, consecutive revisions per
//      stream, each hash against its content and predecessor (the store's, where a stream
//      continues one), and that any part the store already holds is the same history;
//   2. append what the store lacks, stream run by stream run, with the exact expected revision,
//      in the file's order (so a projection rebuilt here sees the same order);
//   3. verify every stream that grew, and that its head hash is the file's.
// A malformed line, or any doubt, stops the import before the first append: nothing is written.
// Importing the same file again finds everything stored and writes nothing.
// Personal data comes sealed as it was stored, with its subject's key while it has one
// (src/personal-data/transfer.ts): the key is kept here before the event is appended; a subject
// erased here stays erased, and one with another key here stops the import in pass 1.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { eventHash, GENESIS_HASH } from '../../hash-chain.js';
import {
  StreamNotFound,
  type EventStore,
  type KeyStore,
  type NewEvent,
  type StoredEvent,
} from '../../ports.js';
import type { KeyTransfer } from '../../personal-data/transfer.js';
import { MalformedLine, parseExportedLine } from './cloud-event-line.js';

export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
}

export interface ImportSummary {
  /** Events in the file. */
  readonly events: number;
  readonly streams: number;
  /** Events this import appended. */
  readonly appended: number;
  /** Events the store held already (identical). */
  readonly present: number;
  /** Streams that grew and verified. */
  readonly verified: number;
}

export type ImportPhase = 'check' | 'append' | 'verify';

export interface ImportOptions {
  /**
   * Appends sent before the first is answered. Only a store that commits appends in the order
   * they arrive keeps the file's order with more than 1 (the embedded store does).
   */
  readonly inFlight?: number;
  readonly onProgress?: (phase: ImportPhase, done: number, total?: number) => void;
  /** Where the keys the file brings are kept; without it a line with a key is refused. */
  readonly keys?: Pick<KeyStore, 'get' | 'adopt'>;
}

interface StreamCheck {
  readonly streamId: string;
  readonly firstRevision: bigint;
  /** The store's last event of the stream before the import. */
  readonly stored: { readonly revision: bigint; readonly hash: string } | undefined;
  lastRevision: bigint;
  lastHash: string;
  lastLine: number;
  sameAsStored: boolean;
}

interface Line {
  readonly number: number;
  readonly event: StoredEvent;
  readonly key?: KeyTransfer;
}

const at = (line: number, message: string): ImportRejected => new ImportRejected(`line ${line}: ${message}`);

/** The file's events with their line numbers; blank lines are skipped. */
async function* eventsOf(file: string): AsyncGenerator<Line> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    try {
      yield { number, ...parseExportedLine(text) };
    } catch (error) {
      if (error instanceof MalformedLine) throw at(number, error.message);
      throw error;
    }
  }
}

const storedAt = async (
  store: EventStore,
  streamId: string,
  revision: bigint,
): Promise<StoredEvent | undefined> => {
  try {
    for await (const event of store.readStream(streamId, { from: revision, maxCount: 1 })) return event;
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
};

const storedHead = async (store: EventStore, streamId: string) => {
  try {
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) {
      return { revision: event.revision, hash: event.hash };
    }
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  return undefined;
};

const hashHolds = (previousHash: string, event: StoredEvent): boolean =>
  eventHash(previousHash, event) === event.hash;

/** Why a key the file brings can't be kept here (no key store, another key for the subject), if it can't. */
const keyClash = async (
  number: number,
  key: KeyTransfer,
  keys: ImportOptions['keys'],
): Promise<ImportRejected | undefined> => {
  if (keys === undefined) return at(number, `brings a personal-data key, and this import keeps none`);
  const here = await keys.get(key.subject);
  return here !== undefined && !Buffer.from(here).equals(key.key)
    ? at(number, `${key.subject} has another personal-data key in this store: they hold different data`)
    : undefined;
};

/** Pass 1: everything that can be known before writing. */
const check = async (store: EventStore, file: string, options: ImportOptions) => {
  const { onProgress } = options;
  const streams = new Map<string, StreamCheck>();
  const idLines = new Map<string, number>();
  let events = 0;
  // Told after the histories: another history explains a clash of keys, and says more.
  let clash: ImportRejected | undefined;
  for await (const { number, event, key } of eventsOf(file)) {
    if (key !== undefined) clash ??= await keyClash(number, key, options.keys);
    const seen = idLines.get(event.eventId);
    if (seen !== undefined)
      throw at(number, `event id ${event.eventId} appears twice (first on line ${seen})`);
    idLines.set(event.eventId, number);
    const { streamId, revision } = event;
    let stream = streams.get(streamId);
    if (stream === undefined) {
      const stored = await storedHead(store, streamId);
      let previousHash = GENESIS_HASH;
      if (revision > 0n) {
        const previous = await storedAt(store, streamId, revision - 1n);
        if (previous === undefined) {
          const has =
            stored === undefined ? 'has no such stream' : `ends at revision ${stored.revision.toString()}`;
          throw at(
            number,
            `${streamId} starts at revision ${revision.toString()} here, but the store ${has}`,
          );
        }
        previousHash = previous.hash;
      }
      if (!hashHolds(previousHash, event)) {
        throw at(
          number,
          `the hash of ${streamId}@${revision.toString()} does not match its content and predecessor`,
        );
      }
      stream = {
        streamId,
        firstRevision: revision,
        stored,
        lastRevision: revision,
        lastHash: event.hash,
        lastLine: number,
        sameAsStored: false,
      };
      streams.set(streamId, stream);
    } else {
      if (revision !== stream.lastRevision + 1n) {
        throw at(
          number,
          `${streamId}@${revision.toString()} follows revision ${stream.lastRevision.toString()} (line ${stream.lastLine}): revisions must be consecutive`,
        );
      }
      if (!hashHolds(stream.lastHash, event)) {
        throw at(
          number,
          `the hash of ${streamId}@${revision.toString()} does not match its content and predecessor`,
        );
      }
      stream.lastRevision = revision;
      stream.lastHash = event.hash;
      stream.lastLine = number;
    }
    // Where the file and the store overlap, one equal hash proves the whole shared past equal.
    if (stream.stored !== undefined && revision === stream.stored.revision) {
      if (event.hash !== stream.stored.hash) {
        throw at(
          number,
          `${streamId}@${revision.toString()} differs from the store's: they hold different histories`,
        );
      }
      stream.sameAsStored = true;
    }
    events += 1;
    onProgress?.('check', events);
  }
  for (const stream of streams.values()) {
    const { stored } = stream;
    if (stored === undefined || stream.sameAsStored || stream.firstRevision > stored.revision) continue;
    // The file's part of the stream ends before the store's head: compare where the file ends.
    const there = await storedAt(store, stream.streamId, stream.lastRevision);
    if (there?.hash !== stream.lastHash) {
      throw at(
        stream.lastLine,
        `${stream.streamId}@${stream.lastRevision.toString()} differs from the store's: they hold different histories`,
      );
    }
  }
  if (clash !== undefined) throw clash;
  return { streams, events };
};

interface Run {
  readonly line: number;
  readonly streamId: string;
  readonly firstRevision: bigint;
  readonly events: NewEvent[];
  bytes: number;
}

const MAX_RUN = 500;
/** Under EventStoreDB's maximum append size (1 MiB by default), with room for what a store adds. */
const MAX_RUN_BYTES = 768 * 1024;
const bytesOf = (event: NewEvent): number =>
  Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));

const toNew = (event: StoredEvent): NewEvent => ({
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  recordedAt: event.recordedAt,
});

/** Pass 2: appends in the file's order, runs of one stream at a time. */
const append = async (
  store: EventStore,
  file: string,
  streams: ReadonlyMap<string, StreamCheck>,
  options: ImportOptions,
  total: number,
): Promise<{ appended: number; grown: Set<string> }> => {
  const inFlight = Math.max(1, options.inFlight ?? 1);
  const pending: Promise<void>[] = [];
  const failures: ImportRejected[] = [];
  const grown = new Set<string>();
  let appended = 0;
  let run: Run | undefined;

  const send = async (current: Run): Promise<void> => {
    const expectedRevision = current.firstRevision === 0n ? 'no_stream' : current.firstRevision - 1n;
    pending.push(
      store.append(current.streamId, current.events, { expectedRevision }).then(
        () => {
          appended += current.events.length;
          grown.add(current.streamId);
          options.onProgress?.('append', appended, total);
        },
        (error: unknown) => {
          failures.push(
            at(
              current.line,
              `appending ${current.streamId} from revision ${current.firstRevision.toString()} failed: ${(error as Error).message}`,
            ),
          );
        },
      ),
    );
    if (pending.length >= inFlight) await Promise.all(pending.splice(0));
    if (failures.length > 0) throw failures[0]!;
  };

  for await (const { number, event, key } of eventsOf(file)) {
    const stored = streams.get(event.streamId)?.stored;
    if (stored !== undefined && event.revision <= stored.revision) continue;
    // The key before its event: no reader sees the event sealed with a key not here yet.
    if (key !== undefined && (await options.keys!.adopt(key.subject, key.key)) === 'conflict')
      throw at(
        number,
        `${key.subject} has another personal-data key in this store: they hold different data`,
      );
    const next = toNew(event);
    const bytes = bytesOf(next);
    const continues =
      run !== undefined &&
      run.streamId === event.streamId &&
      run.events.length < MAX_RUN &&
      run.bytes + bytes <= MAX_RUN_BYTES;
    if (!continues) {
      if (run !== undefined) await send(run);
      run = { line: number, streamId: event.streamId, firstRevision: event.revision, events: [], bytes: 0 };
    }
    run!.events.push(next);
    run!.bytes += bytes;
  }
  if (run !== undefined) await send(run);
  await Promise.all(pending);
  if (failures.length > 0) throw failures[0]!;
  return { appended, grown };
};

/** Pass 3: every stream that grew holds a sound chain ending in the file's last hash. */
const verify = async (
  store: EventStore,
  streams: ReadonlyMap<string, StreamCheck>,
  grown: ReadonlySet<string>,
  onProgress: ImportOptions['onProgress'],
): Promise<void> => {
  let done = 0;
  for (const streamId of grown) {
    const result = await store.verify(streamId);
    const expected = streams.get(streamId)!;
    if (!result.ok) {
      throw new ImportRejected(
        `${streamId} does not verify after the import: revision ${result.brokenAt.toString()}, ${result.reason}`,
      );
    }
    if (result.headHash !== expected.lastHash) {
      throw new ImportRejected(
        `${streamId} verifies but ends in another hash than the file's (line ${expected.lastLine})`,
      );
    }
    done += 1;
    onProgress?.('verify', done, grown.size);
  }
};

export const importBook = async (
  store: EventStore,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> => {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
  } catch (error) {
    throw new ImportRejected(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { streams, events } = await check(store, file, options);
  let missing = 0;
  for (const stream of streams.values()) {
    const from = stream.stored === undefined ? stream.firstRevision : stream.stored.revision + 1n;
    if (stream.lastRevision >= from) missing += Number(stream.lastRevision - from + 1n);
  }
  const { appended, grown } = await append(store, file, streams, options, missing);
  await verify(store, streams, grown, options.onProgress);
  return { events, streams: streams.size, appended, present: events - appended, verified: grown.size };
};
